"""Leadership snapshots of a chain map or the collaboration network: data → Briefing → bytes.

PNG and PDF are static pictures printed by Chromium; the HTML of a network briefing is the same
page with the picture replaced by an interactive neo4j-viz graph (self-contained, offline).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from kg import querylib
from kg.analyses.netview import network_view
from kg.analyses.research import display_name
from kg.errors import KgError
from kg.explorer import fmt, reads, views
from kg.explorer.briefing import PICTURE_WIDTH, Briefing, Section, render_briefing_html
from kg.explorer.export import export
from kg.explorer.render import render_chain_svg
from kg.explorer.render.community import community_colour, render_community_map
from kg.explorer.render.model import AnalysedNetwork, ChainView, Community, Isolate, OrgNode, Pair
from kg.explorer.render.text import short_label
from kg.vocab import BROKEN, NO_DATA, NO_TIER, STRONG, WEAK, label_zh

VIEWS = ("chain", "network")
MAX_RECOMMENDATIONS = 6
PICTURE_HEIGHT = 546  # the picture slot's height on the one-page briefing, px
STATUS_ORDER = {BROKEN: 0, WEAK: 1, STRONG: 2}
TOP_BROKERS = 5
TOP_COMMUNITIES = 6
TOP_PAIRS = 3
TOP_ISOLATES = 6


class NoChains(KgError):
    """The graph holds no industry chain, so there is no chain map to brief."""


def _short(values: Any, n: int = 3) -> str:
    names = [fmt.name_of(v) for v in (values or [])][:n]
    return "、".join(x for x in names if x)


def _first(items: list[dict[str, Any]], noun: str) -> str:
    """The first object of an action by its short name, and how many there are in all."""
    name = short_label(display_name(items[0]) if "kind" in items[0] else str(items[0]["name"]))
    return name if len(items) == 1 else f"{name}等 {len(items)} {noun}"


def _advice(gap: dict[str, Any]) -> str:
    """The analysis' advice for a segment (``kg.analyses.gaps``), one short clause per action with
    its first object and a count, so the printed page stays one A4 page at scale 1 (the full names
    are on the 断链补链 page and in ``kg gaps``); the status reason when there is no action."""
    parts = []
    if gap.get("targets"):
        parts.append(f"补链：招引{_first(gap['targets'], '家区外企业')}")
    if gap.get("strengthen"):
        first = gap["strengthen"][0]
        more = f"（另 {len(gap['strengthen']) - 1} 家）" if len(gap["strengthen"]) > 1 else ""
        parts.append(f"强链：{short_label(str(first['name']))}{more}：{first['next_step']}")
    if gap.get("extend"):
        parts.append(f"延链：{_first(gap['extend'], '家邻近环节企业')}延伸至本环节")
    if "产学研对接" in (gap.get("actions") or []) and gap.get("research_partners"):
        parts.append(f"产学研对接：{_first(gap['research_partners'], '个科研伙伴')}")
    return "；".join(parts) or str(gap["evidence"]["reason"])


def chain_briefing(graph: Any, chain: str) -> Briefing:
    view, gaps = views.chain_view(graph, chain)
    status = Counter(g.get("status") for g in gaps)
    # distinct firms: a firm in two segments is one firm (the segments' own counts are in the table)
    counts = next((r for r in querylib.fetch(graph, "chains") if r["chain"] == chain), {})
    figures = [
        ("产业链环节", str(len(view.segments))),
        ("本地企业（家）", str(counts.get("local_enterprises", 0))),
        ("区外企业（家）", str(counts.get("enterprises", 0) - counts.get("local_enterprises", 0))),
        ("断链环节", str(status.get(BROKEN, 0))),
        ("弱链环节", str(status.get(WEAK, 0))),
        ("强链环节", str(status.get(STRONG, 0))),
    ]
    ranked = sorted(gaps, key=lambda g: (STATUS_ORDER.get(g.get("status"), 3), not g.get("key_segment")))
    rows = [
        [
            str(g.get("segment", "")),
            str(g.get("position", "")),
            str(g.get("status", "")),
            str(g.get("local_count", 0)),
            str(g.get("outside_count", 0)),
            "、".join(g.get("actions") or []) or "—",
        ]
        for g in ranked
    ]
    recs = []
    for g in ranked:
        if g.get("status") == STRONG:
            continue
        recs.append(f"{g.get('segment')}（{g.get('status')}）：{_advice(g)}")
    return Briefing(
        title=f"松江科创知识图谱 · {chain} 产业链简报",
        date=fmt.today(),
        figures=figures,
        picture_svg=render_chain_svg(view, max_firms=4, width=PICTURE_WIDTH, height=PICTURE_HEIGHT),
        picture_caption=f"图：{chain} 产业链图谱（上游 → 中游 → 下游；红 = 断链，黄 = 弱链，绿 = 强链）",
        sections=[
            Section(
                "断链补链清单",
                columns=["环节", "位置", "状态", "本地企业", "区外企业", "行动"],
                rows=rows,
            ),
            Section(
                "补链 · 强链 · 延链建议",
                items=recs[:MAX_RECOMMENDATIONS],
                note="每项只列首个对象；完整名单见图谱“断链补链”页面。" if recs else "",
            ),
            Section(
                "本地骨干企业（梯度最高）",
                columns=["企业", "最高梯度", "环节"],
                rows=_leading_firms(view),
                fill=True,
            ),
        ],
        sample=fmt.is_sample(gaps) or any(f.sample for s in view.segments for f in s.firms),
    )


def _leading_firms(view: ChainView, limit: int = 12) -> list[list[str]]:
    """The chain's local firms by highest tier (then name), each with the segments it is in."""
    firms: dict[str, tuple[int, str, list[str]]] = {}
    for seg in view.segments:
        for f in seg.firms:
            if f.local:
                rank, tier, segs = firms.get(f.name, (f.rank, f.tier, []))
                firms[f.name] = (max(rank, f.rank), tier if rank >= f.rank else f.tier, [*segs, seg.name])
    ranked = sorted(firms.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    return [[short_label(name), tier or NO_TIER, "、".join(segs)] for name, (_rank, tier, segs) in ranked]


def analysed_network(graph: Any, chain: str | None) -> AnalysedNetwork:
    """The stored collaboration analysis as the briefing draws it (``kg.analyses.netview``: the
    same organisations, communities and betweenness as 协同网络 and ``kg collab``; never recomputed)."""
    result = reads.collaboration(graph, chain)
    view = network_view(graph, chain, max_nodes=10**9)
    if view.missing:
        raise KgError(view.message)
    rank = {b["key"]: i for i, b in enumerate(result.get("brokers") or [], start=1) if "key" in b}
    nodes = {
        n.key: OrgNode(
            key=n.key,
            name=n.name,
            label=n.label,
            community=n.community,
            betweenness=n.betweenness,
            broker_rank=rank.get(n.key),
            local=n.local,
            chains=list(n.chains),
            sample=n.sample,
        )
        for n in view.nodes
    }
    communities = []
    for i, c in enumerate(result.get("communities") or []):
        members = sorted(
            (n for n in nodes.values() if n.community == c["id"]),
            key=lambda n: (-n.betweenness, n.name, n.key),
        )
        hubs = [n.name for n in members[:3]]
        named = c.get("name") or (f"{_bare(hubs[0])}圈" if hubs else f"社区{c['id']}")
        communities.append(
            Community(
                id=int(c["id"]),
                name=str(named),
                size=int(c.get("size") or len(members)),
                chains=list(c.get("dominant_chains") or []),
                hubs=hubs,
                colour=community_colour(i),
            )
        )
    brokers = sorted((n for n in nodes.values() if n.broker_rank), key=lambda n: n.broker_rank or 0)
    return AnalysedNetwork(
        scope=chain or "全区",
        nodes=list(nodes.values()),
        ties=[(e.a, e.b, float(e.weight or 1)) for e in view.edges],
        communities=communities,
        brokers=brokers,
        isolates=[
            Isolate(str(r.get("name") or ""), str(r.get("tier") or ""), list(r.get("chains") or []))
            for r in result.get("isolates") or []
        ],
        pairs=[
            Pair(
                str(r.get("enterprise") or ""),
                str(r.get("partner") or ""),
                str(r.get("partner_label") or ""),
                list(r.get("shared_fields") or []),
                list(r.get("serves_gaps") or []),
            )
            for r in result.get("recommendations") or []
        ],
        sample=fmt.is_sample(result) or any(n.sample for n in nodes.values()),
    )


def _bare(name: str) -> str:
    """A hub's name without legal form or a bracketed place, to name its community by."""
    return re.sub(r"[（(][^）)]*[）)]$", "", short_label(name)) or name


def _communities_of(net: AnalysedNetwork, node: OrgNode) -> int:
    """How many communities ``node``'s partners belong to (what makes it a broker)."""
    partners = {b for a, b, _ in net.ties if a == node.key} | {a for a, b, _ in net.ties if b == node.key}
    by_key = {n.key: n.community for n in net.nodes}
    return len({by_key.get(p) for p in partners} | {node.community} - {None})


def network_briefing(graph: Any, chain: str | None = None) -> Briefing:
    net = analysed_network(graph, chain)
    brokers = net.brokers[:TOP_BROKERS]
    pairs = net.pairs[:TOP_PAIRS]
    top = short_label(net.brokers[0].name) if net.brokers else NO_DATA
    figures = [
        ("合作网络主体", str(len(net.nodes))),
        ("合作关系", str(len(net.ties))),
        ("协同社区", str(len(net.communities))),
        ("头号中介", top),
        ("无科研伙伴的高企", str(len(net.isolates))),
        ("推荐对接", str(len(net.pairs))),
    ]
    shown = net.communities[:TOP_COMMUNITIES]
    rest = len(net.communities) - len(shown)
    isolates = "、".join(short_label(i.name) for i in net.isolates[:TOP_ISOLATES])
    more = f" 等 {len(net.isolates)} 家" if len(net.isolates) > TOP_ISOLATES else ""
    sections = [
        Section(
            "关键中介（连接不同社区）",
            columns=["排名", "主体", "类型", "中介度", "连接社区"],
            rows=[
                [
                    str(n.broker_rank),
                    short_label(n.name),
                    label_zh(n.label),
                    f"{n.betweenness:.3f}",
                    f"{_communities_of(net, n)} 个",
                ]
                for n in brokers
            ],
        ),
        Section(
            "协同社区（颜色同左图）",
            columns=["社区", "主体", "主要产业链"],
            rows=[[c.name, str(c.size), "、".join(c.chains[:2]) or NO_DATA] for c in shown],
            swatches=[c.colour for c in shown],
            note=f"另有 {rest} 个较小社区。" if rest > 0 else "",
        ),
        Section(
            "推荐对接（尚无合作的企业 ↔ 科研方）",
            items=[
                f"{short_label(p.enterprise)} ↔ {p.partner}（{label_zh(p.partner_label)}）"
                + ("：共享 " + "、".join(p.shared[:2]) if p.shared else "")
                for p in pairs
            ],
        ),
        Section(
            f"无科研伙伴的高企（{len(net.isolates)} 家）",
            items=[isolates + more] if isolates else ["每家高新技术企业都已有科研合作伙伴。"],
        ),
    ]
    return Briefing(
        title=f"松江科创知识图谱 · {net.scope} 协同网络简报",
        date=fmt.today(),
        figures=figures,
        picture_svg=render_community_map(net, width=PICTURE_WIDTH, height=PICTURE_HEIGHT),
        picture_caption=f"图：{net.scope}合作网络的 {len(net.nodes)} 个主体按协同社区分块，① 为中介度最高者",
        sections=sections,
        sample=net.sample,
        network=net,
    )


def first_chain(graph: Any) -> str:
    """The graph's first chain (the chain view's default); one line when there is none."""
    chains = reads.chains(graph)
    if not chains:
        raise NoChains("图谱中没有产业链，无法生成产业链简报：先运行 kg load-default 或导入产业链")
    return chains[0]


def briefing(graph: Any, view: str, chain: str | None) -> Briefing:
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}")
    if view == "chain":
        chain = chain or first_chain(graph)
        querylib.check_chain(graph, chain)
        return chain_briefing(graph, chain)
    if chain:
        querylib.check_chain(graph, chain)
    return network_briefing(graph, chain)


def briefing_html(b: Briefing) -> str:
    """The HTML download: interactive for a network briefing, else the static page."""
    if b.network is not None:
        # neo4j-viz (pydantic, IPython) loads only when an interactive file is asked for.
        from kg.explorer.render.interactive import interactive_briefing_html

        return interactive_briefing_html(b)
    return render_briefing_html(b)


def snapshot(graph: Any, view: str, chain: str | None, fmt: str) -> bytes:
    """The briefing of ``view`` (chain or network) as png, html or pdf bytes."""
    b = briefing(graph, view, chain)
    if fmt == "html":
        return briefing_html(b).encode("utf-8")
    return export(render_briefing_html(b), fmt)
