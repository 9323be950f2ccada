"""The offline renderers: hostile names stay text, nothing loads from the network, big graphs are capped."""

from __future__ import annotations

import re

from kg.explorer.render import (
    ChainView,
    Firm,
    NetEdge,
    NetNode,
    NetworkView,
    SegmentView,
    cap_network,
    render_chain_svg,
    render_network_svg,
)

HOSTILE = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>", "\"'><svg onload=alert(1)>"]
NETWORK_REF = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?\s*(?:https?:)?//|https?://""", re.I)


def assert_inert(markup: str) -> None:
    """No hostile tag survives, only its escaped form; no network reference at all."""
    lowered = markup.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "<svg onload" not in lowered
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert not NETWORK_REF.search(markup), NETWORK_REF.search(markup)


def hostile_chain() -> ChainView:
    segs = [
        SegmentView(
            HOSTILE[0],
            "上游",
            1,
            "强链",
            True,
            2,
            1,
            [
                Firm(HOSTILE[1], HOSTILE[2], 7),
                Firm("上海甲科技有限公司", "高新技术企业", 3),
                Firm("区外乙公司", "", 0, local=False),
            ],
        ),
        SegmentView(HOSTILE[1], "中游", 1, "断链"),
        SegmentView("终端设备", HOSTILE[0], 1, "弱链", False, 1, 0, [Firm(HOSTILE[0], HOSTILE[1], 1)]),
    ]
    return ChainView(HOSTILE[2], segs, [(HOSTILE[0], HOSTILE[1])])


def test_chain_map_escapes_every_name_and_stays_offline() -> None:
    svg = render_chain_svg(hostile_chain(), selected=HOSTILE[1])
    assert_inert(svg)
    # all three statuses are drawn in their colours
    for status, colour in (("断链", "#d93025"), ("弱链", "#f29900"), ("强链", "#1e8e3e")):
        assert f'data-status="{status}"' in svg and colour in svg


def test_chain_map_lays_segments_out_upstream_to_downstream() -> None:
    view = ChainView(
        "6G",
        [
            SegmentView("终端", "下游", 1, "弱链"),
            SegmentView("基站", "中游", 1, "断链"),
            SegmentView("芯片", "上游", 2, "强链"),
            SegmentView("材料", "上游", 1, "强链"),
        ],
    )
    svg = render_chain_svg(view)
    xs = {}
    for name in ("材料", "芯片", "基站", "终端"):
        m = re.search(r'<rect x="([\d.]+)" y="([\d.]+)"[^>]*/><text[^>]*>(?:★ )?' + name, svg)
        assert m, name
        xs[name] = (float(m.group(1)), float(m.group(2)))
    assert xs["材料"][0] == xs["芯片"][0] < xs["基站"][0] < xs["终端"][0]
    assert xs["材料"][1] < xs["芯片"][1]  # order within a column


def test_network_escapes_and_stays_offline() -> None:
    nodes = [NetNode(str(i), HOSTILE[i % 3], "Enterprise", group=HOSTILE[i % 2]) for i in range(12)]
    nodes += [NetNode("a", HOSTILE[0], "University"), NetNode("b", HOSTILE[1], "Expert")]
    edges = [NetEdge(str(i), str((i + 1) % 12), HOSTILE[0]) for i in range(12)] + [
        NetEdge("a", "b", "联合研发")
    ]
    view = NetworkView(nodes, edges)
    assert_inert(render_network_svg(cap_network(view), highlight="a"))
    capped = cap_network(view, max_nodes=5)
    assert capped.aggregated
    assert_inert(render_network_svg(capped))


def test_network_is_capped_with_a_note() -> None:
    nodes = [NetNode(str(i), f"企业{i}", "Enterprise", group=f"社区{i % 7}") for i in range(900)]
    edges = [NetEdge(str(i), str((i * 13) % 900)) for i in range(900)]
    capped = cap_network(NetworkView(nodes, edges), max_nodes=100)
    assert capped.aggregated and capped.total_nodes == 900
    assert len(capped.nodes) == 7 <= 100
    assert "900" in capped.note and "聚合" in capped.note
    svg = render_network_svg(capped)
    assert svg.count("<circle") >= 7
    # a small view is left alone
    small = cap_network(NetworkView(nodes[:50], []), max_nodes=100)
    assert not small.aggregated and len(small.nodes) == 50


def test_network_layout_is_deterministic() -> None:
    nodes = [NetNode(str(i), f"n{i}", "Enterprise") for i in range(30)]
    edges = [NetEdge(str(i), str((i * 7) % 30)) for i in range(30)]
    view = NetworkView(nodes, edges)
    assert render_network_svg(view, seed=3) == render_network_svg(view, seed=3)
