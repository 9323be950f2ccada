"""Leadership snapshots of a chain map or the collaboration network: data → Briefing → bytes."""

from __future__ import annotations

from collections import Counter
from typing import Any

from kg import querylib
from kg.errors import KgError
from kg.explorer import fmt, reads, views
from kg.explorer.briefing import Briefing, render_briefing_html
from kg.explorer.export import export
from kg.explorer.render import cap_network, render_chain_svg, render_network_svg
from kg.explorer.render.network import KIND_ZH

VIEWS = ("chain", "network")
MAX_RECOMMENDATIONS = 8


def _short(values: Any, n: int = 3) -> str:
    names = [fmt.name_of(v) for v in (values or [])][:n]
    return "、".join(x for x in names if x)


def _advice(gap: dict[str, Any]) -> str:
    status = gap.get("status")
    if status == "断链":
        targets = _short(gap.get("targets"))
        targets = _short(gap.get("targets"), 2)
        return f"补链：引进/培育{('，目标 ' + targets) if targets else ''}"
    if status == "弱链":
        firms = _short(gap.get("strengthen"), 2)
        return f"强链：推动{firms or '本地企业'}向上一梯度培育"
    return "延链：向相邻环节延伸"


def chain_briefing(graph: Any, chain: str) -> Briefing:
    view, gaps = views.chain_view(graph, chain)
    status = Counter(g.get("status") for g in gaps)
    figures = [
        ("产业链环节", str(len(view.segments))),
        ("本地企业（环节计）", str(sum(s.local_count for s in view.segments))),
        ("区外目标企业", str(sum(s.outside_count for s in view.segments))),
        ("断链环节", str(status.get("断链", 0))),
        ("弱链环节", str(status.get("弱链", 0))),
        ("强链环节", str(status.get("强链", 0))),
    ]
    order = {"断链": 0, "弱链": 1, "强链": 2}
    ranked = sorted(gaps, key=lambda g: (order.get(g.get("status"), 3), not g.get("key_segment")))
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
        if g.get("status") == "强链":
            continue
        partners = _short(g.get("research_partners"), 3)
        tail = f"；产学研对接：{partners}" if partners else ""
        recs.append(f"{g.get('segment')}（{g.get('status')}）：{_advice(g)}{tail}")
    return Briefing(
        title=f"松江科创知识图谱 · {chain} 产业链简报",
        date=fmt.today(),
        figures=figures,
        picture_svg=render_chain_svg(view, max_firms=3),
        picture_caption=f"图：{chain} 产业链图谱（上游 → 中游 → 下游；红 = 断链，黄 = 弱链，绿 = 强链）",
        table_title="断链补链清单",
        columns=["环节", "位置", "状态", "本地企业", "区外企业", "行动"],
        rows=rows,
        recommendations=recs[:MAX_RECOMMENDATIONS],
        recommendations_title="补链 · 强链 · 延链建议",
        sample=fmt.is_sample(gaps) or any(f.sample for s in view.segments for f in s.firms),
    )


def network_briefing(graph: Any, chain: str | None = None, max_nodes: int = 80) -> Briefing:
    collab = reads.collaboration(graph, chain)
    edges = reads.network_edges(graph, chain)
    view = cap_network(views.build_network(edges, views.community_index(collab)), max_nodes)
    brokers = collab.get("brokers") or []
    rows = []
    for b in brokers[:10]:
        if isinstance(b, dict):
            score = b.get("betweenness") or b.get("score") or b.get("value") or ""
            rows.append(
                [
                    fmt.name_of(b),
                    KIND_ZH.get(str(b.get("label") or ""), str(b.get("label") or "")),
                    f"{score:.3f}" if isinstance(score, float) else str(score),
                ]
            )
        else:
            rows.append([str(b), "", ""])
    recs = [
        str(r.get("reason")) if isinstance(r, dict) and r.get("reason") else fmt.text_of(r)
        for r in (collab.get("recommendations") or [])
    ][:MAX_RECOMMENDATIONS]
    scope = chain or "全区"
    return Briefing(
        title=f"松江科创知识图谱 · {scope} 协同网络简报",
        date=fmt.today(),
        figures=[
            ("主体", str(view.total_nodes)),
            ("关系", str(len(edges))),
            ("社区", str(len(collab.get("communities") or []))),
            ("中介主体", str(len(brokers))),
            ("无科研伙伴的高企", str(len(collab.get("isolates") or []))),
        ],
        picture_svg=render_network_svg(view, width=1000, height=700),
        picture_caption=view.note or f"图：{scope} 合作网络（颜色 = 主体类型）",
        table_title="关键中介主体（连接不同群体）",
        columns=["主体", "类型", "中介度"],
        rows=rows,
        recommendations=recs,
        recommendations_title="对接建议",
        sample=any(e.get("sample") for e in edges) or fmt.is_sample(collab),
    )


def briefing(graph: Any, view: str, chain: str | None) -> Briefing:
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}")
    if view == "chain":
        if not chain:
            chains = reads.chains(graph)
            chain = "6G" if "6G" in chains else (chains[0] if chains else None)
        if not chain:
            raise KgError("图谱中没有产业链：先运行 kg load-default")
        querylib.check_chain(graph, chain)
        return chain_briefing(graph, chain)
    if chain:
        querylib.check_chain(graph, chain)
    return network_briefing(graph, chain)


def snapshot(graph: Any, view: str, chain: str | None, fmt: str) -> bytes:
    """The briefing of ``view`` (chain or network) as png, html or pdf bytes."""
    return export(render_briefing_html(briefing(graph, view, chain)), fmt)
