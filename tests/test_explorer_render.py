"""The offline renderers: hostile names stay text, nothing loads from the network, big graphs are capped."""

from __future__ import annotations

import json
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
from kg.explorer.render.community import render_community_map, squarify
from kg.explorer.render.interactive import graph_parts
from kg.explorer.render.model import AnalysedNetwork, Community, Isolate, OrgNode

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


def hostile_network() -> AnalysedNetwork:
    """Two communities and a broker; names are hostile, two firms share one name."""
    nodes = [
        OrgNode("Enterprise:E1", HOSTILE[0], "Enterprise", 1, 0.0),
        OrgNode("Enterprise:E2", HOSTILE[1], "Enterprise", 1, 0.1),
        OrgNode("Enterprise:E3", "同名科技有限公司", "Enterprise", 2, 0.0),
        OrgNode("Enterprise:E4", "同名科技有限公司", "Enterprise", 2, 0.0),
        OrgNode("University:U1", HOSTILE[2], "University", 1, 0.6, broker_rank=1),
        OrgNode("Expert:X1", "张三", "Expert", 2, 0.3, broker_rank=2),
    ]
    ties = [
        ("Enterprise:E1", "University:U1", 1.0),
        ("Enterprise:E2", "University:U1", 2.0),
        ("University:U1", "Expert:X1", 1.0),
        ("Expert:X1", "Enterprise:E3", 1.0),
        ("Expert:X1", "Enterprise:E4", 1.0),
    ]
    communities = [
        Community(1, HOSTILE[0] + "圈", 3, ["6G"], [HOSTILE[2]], "#1a73e8"),
        Community(2, HOSTILE[1], 3, [], ["张三"], "#e8710a"),
    ]
    return AnalysedNetwork(
        "6G", nodes, ties, communities, [nodes[4], nodes[5]], [Isolate(HOSTILE[0])], [], sample=True
    )


def test_community_map_escapes_every_name_and_names_its_brokers() -> None:
    svg = render_community_map(hostile_network(), width=600, height=400)
    assert_inert(svg)
    assert 'width="600"' in svg and 'height="400"' in svg
    assert "① " in svg and "② 张三" in svg  # the ranked brokers carry rank and name
    # both tiles drawn in their community's colour, every node drawn once
    assert svg.count('fill-opacity="0.07"') == 2
    assert svg.count("<g><title>") == 6
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert min(sizes) >= 10.5  # ≥ 7.9 pt when the briefing prints at scale 1


def test_squarified_tiles_fill_the_frame_in_proportion() -> None:
    sizes = [38.0, 33, 29, 28, 28, 24, 18, 6, 3]
    tiles = squarify(sizes, 0, 0, 600, 400)
    assert len(tiles) == len(sizes)
    assert abs(sum(w * h for _x, _y, w, h in tiles) - 600 * 400) < 1e-6
    for size, (x, y, w, h) in zip(sizes, tiles, strict=True):
        assert abs(w * h - size / sum(sizes) * 600 * 400) < 1e-6
        assert x >= -1e-9 and y >= -1e-9 and x + w <= 600 + 1e-6 and y + h <= 400 + 1e-6
    for i, a in enumerate(tiles):  # no two tiles overlap
        for b in tiles[i + 1 :]:
            overlap_w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
            overlap_h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
            assert overlap_w <= 1e-6 or overlap_h <= 1e-6


def test_print_chain_map_fills_its_slot_with_legible_text() -> None:
    view = hostile_chain()
    svg = render_chain_svg(view, max_firms=4, width=620, height=540)
    assert_inert(svg)
    assert re.search(r'<svg[^>]* width="620" height="540"', svg)
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert min(sizes) >= 10.5
    # the screen map is unchanged by the print style
    assert 'font-size="13"' in render_chain_svg(view)


def test_interactive_graph_keys_nodes_by_uid_and_keeps_names_as_data() -> None:
    net = hostile_network()
    head, container = graph_parts(net, height=500)
    assert re.fullmatch(
        r'<div id="neo4j-viz-[0-9a-f]{12}" class="kg-graph" style="[^"]*500px"></div>', container
    )
    # the bundle is inline: no script or stylesheet is loaded from anywhere
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", head, re.I)
    data = re.search(r'<script type="application/json" id="neo4j-viz-data">(.*?)</script>', head, re.S)
    assert data
    assert "<" not in data.group(1)  # every "<" in a name is \u003c, inert inside the script block
    payload = json.loads(data.group(1))
    ids = [n["id"] for n in payload["nodes"]]
    assert sorted(ids) == sorted(n.key for n in net.nodes)  # two firms of one name stay two nodes
    by_id = {n["id"]: n for n in payload["nodes"]}
    assert by_id["Enterprise:E1"]["caption"] == HOSTILE[0]
    assert by_id["Enterprise:E3"]["color"] == by_id["Enterprise:E4"]["color"] == "#e8710a"
    assert by_id["University:U1"]["size"] > by_id["Enterprise:E1"]["size"]  # sized by betweenness
    legend = [e["label"] for e in payload["legend"]["nodes"]["entries"]]
    assert legend == [HOSTILE[0] + "圈", HOSTILE[1]]  # community order, names as plain text
