"""What the interactive views draw, built from the analyses' answers (pure functions, no Streamlit).

Each builder turns one answer — the analysed collaboration network, a neighbourhood, console
records, the schema's counts — into ``VNode``/``VEdge`` lists keyed by a stable id (``Label:uid``
or an element id), never by a display name. Names stay plain strings: the widget draws captions
on a canvas and renders its property panel as text.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.analyses.netview import Community, GroupSummary, NetNode, NetworkView, group_summary
from kg.explorer.graphview import (
    KIND_COLOURS,
    KIND_ZH,
    MAX_INTERACTIVE_NODES,
    NODE_MAX,
    NODE_MIN,
    OTHER_COLOUR,
    VEdge,
    VNode,
    colour_for,
    scaled_sizes,
)
from kg.graph.schema import load_schema

TIE_ZH = {"collaboration": "合作", "consortium": "联合体", "workstation": "工作站", "affiliation": "任职"}
SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司")
BROKER_MARK, ISOLATE_MARK = "◆", "◇"
UNKNOWN = "未掌握"
NO_COMMUNITY = "未归入社区"
PROVENANCE_ZH = {"source": "来源", "sources": "全部来源", "sample": "示例数据", "import_id": "导入批次"}


def short_name(name: str) -> str:
    """The name without its legal-form suffix (the side panel keeps the full name)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def kind_zh(label: str) -> str:
    return KIND_ZH.get(label, label or UNKNOWN)


# --- 协同网络 -------------------------------------------------------------------------------------


@dataclass
class NetworkDrawing:
    """The drawn part of the analysed network, and what the page says about it."""

    nodes: list[VNode]
    edges: list[VEdge]
    legend: dict[str, str]
    aggregated: bool = False
    note: str = ""
    shown: int = 0
    total: int = 0
    expanded_added: int = 0


def community_colour(cid: int | None) -> str:
    return OTHER_COLOUR if cid is None else colour_for(cid - 1)


def community_label(node: NetNode) -> str:
    if node.community is None:
        return NO_COMMUNITY
    return f"社区{node.community}·{node.community_name}" if node.community_name else f"社区{node.community}"


def node_in_scope(node: NetNode, community: int | None, chain: str | None) -> bool:
    return (community is None or node.community == community) and (chain is None or chain in node.chains)


def network_drawing(
    view: NetworkView,
    *,
    community: int | None = None,
    chain: str | None = None,
    expanded: Iterable[str] = (),
    max_nodes: int = MAX_INTERACTIVE_NODES,
) -> NetworkDrawing:
    """The analysed network filtered by community/chain (no recomputation), plus the neighbours of
    every ``expanded`` node; beyond ``max_nodes`` one node per community, and a note saying so.

    ``view`` may hold only part of the network (``kg.analyses.netpieces.network_part``): what is
    in scope and the expanded nodes' partners, with their ties — or just the scope summarised by
    community (``view.summary``), which is then the drawing."""
    if view.summary is not None and not view.nodes:
        return _aggregated(view.communities, view.summary, max_nodes)
    by_key = {n.key: n for n in view.nodes}
    keep = {n.key for n in view.nodes if node_in_scope(n, community, chain)}
    before = len(keep)
    adjacency: dict[str, set[str]] = defaultdict(set)
    for e in view.edges:
        adjacency[e.a].add(e.b)
        adjacency[e.b].add(e.a)
    for key in expanded:
        if key in by_key:
            keep.add(key)
            keep |= adjacency.get(key, set()) & by_key.keys()
    added = len(keep) - before
    nodes = [by_key[k] for k in sorted(keep)]
    edges = [e for e in view.edges if e.a in keep and e.b in keep]
    if len(nodes) > max_nodes:
        return _aggregated(view.communities, group_summary(nodes, edges), max_nodes)
    sizes = scaled_sizes({n.key: n.betweenness for n in nodes})
    vnodes = [
        VNode(
            id=n.key,
            caption=(BROKER_MARK if n.broker else ISOLATE_MARK if n.isolate else "") + short_name(n.name),
            kind=n.label,
            colour=community_colour(n.community),
            size=sizes.get(n.key, NODE_MIN),
            group=str(n.community) if n.community is not None else "",
            properties={
                "名称": n.name,
                "类型": kind_zh(n.label),
                "社区": community_label(n),
                "中介中心度": f"{n.betweenness:.4f}",
                "资质梯度": n.tier or UNKNOWN,
            },
        )
        for n in nodes
    ]
    top = max((e.weight for e in edges), default=1) or 1
    vedges = [VEdge(e.a, e.b, width=1.0 + 5.0 * math.sqrt(e.weight / top), colour="#c4c7c5") for e in edges]
    return NetworkDrawing(
        vnodes,
        vedges,
        community_legend(view, nodes),
        shown=len(vnodes),
        total=view.total_nodes or len(view.nodes),
        expanded_added=added,
    )


def community_legend(view: NetworkView, nodes: list[NetNode], limit: int = 12) -> dict[str, str]:
    """Community → colour for the communities in view, largest first; the rest summed up."""
    present = Counter(n.community for n in nodes)
    named = {c.id: c for c in view.communities}
    legend: dict[str, str] = {}
    ranked = sorted((c for c in present if c is not None), key=lambda c: (-present[c], c))
    for cid in ranked[:limit]:
        c = named.get(cid)
        title = f"社区{cid}·{c.name}" if c and c.name else f"社区{cid}"
        legend[f"{title}（{present[cid]}）"] = community_colour(cid)
    if len(ranked) > limit:
        legend[f"其余 {len(ranked) - limit} 个社区"] = "#dadce0"
    if None in present:
        legend[f"{NO_COMMUNITY}（{present[None]}）"] = OTHER_COLOUR
    return legend


def _aggregated(communities: list[Community], summary: GroupSummary, max_nodes: int) -> NetworkDrawing:
    """One node per community (size = members), ties summed between communities."""
    members, weights = summary.members, summary.ties
    names = {c.id: c.name for c in communities}
    sizes = scaled_sizes({str(c): float(m) for c, m in members.items()}, NODE_MIN, NODE_MAX * 1.6)
    vnodes = []
    for cid, count in sorted(members.items()):
        title = (
            f"社区{cid}·{names[cid]}" if cid and names.get(cid) else (f"社区{cid}" if cid else NO_COMMUNITY)
        )
        vnodes.append(
            VNode(
                id=f"community:{cid}",
                caption=f"{title}（{count}）",
                kind="group",
                colour=community_colour(cid or None),
                size=sizes[str(cid)],
                properties={"社区": title, "主体数": str(count)},
            )
        )
    top = max(weights.values(), default=1) or 1
    vedges = [
        VEdge(f"community:{a}", f"community:{b}", width=1.0 + 7.0 * math.sqrt(w / top), colour="#c4c7c5")
        for (a, b), w in sorted(weights.items())
    ]
    total = sum(members.values())
    note = (
        f"当前范围有 {total} 个主体，超过可交互显示的上限 {max_nodes} 个，"
        f"已按社区聚合为 {len(vnodes)} 个节点"
        "（节点大小 = 成员数，连线粗细 = 社区间合作强度）。点击一个社区节点即可只看该社区。"
    )
    return NetworkDrawing(vnodes, vedges, {}, True, note, len(vnodes), total)


def partners(view: NetworkView, key: str) -> list[dict[str, Any]]:
    """The organisations tied to ``key`` in the analysed network, strongest tie first."""
    by_key = {n.key: n for n in view.nodes}
    rows = []
    for e in view.edges:
        if key not in (e.a, e.b):
            continue
        other = by_key.get(e.b if e.a == key else e.a)
        if other is None:
            continue
        rows.append(
            {
                "名称": other.name,
                "类型": kind_zh(other.label),
                "关系": "、".join(TIE_ZH.get(k, k) for k in e.kinds),
                "强度": e.weight,
            }
        )
    rows.sort(key=lambda r: (-r["强度"], r["名称"]))
    return rows


def recommended_partners(recommendations: Iterable[Mapping[str, Any]], node: NetNode) -> list[dict[str, Any]]:
    """Recommended pairs involving ``node`` (matched by uid and label, never by name)."""
    rows = []
    for r in recommendations or []:
        if node.label == "Enterprise" and r.get("enterprise_uid") == node.uid:
            rows.append(
                {
                    "推荐对象": r.get("partner") or UNKNOWN,
                    "类型": kind_zh(str(r.get("partner_label") or "")),
                    "得分": r.get("score"),
                    "理由": r.get("reason") or "",
                }
            )
        elif r.get("partner_uid") == node.uid and r.get("partner_label") == node.label:
            rows.append(
                {
                    "推荐对象": r.get("enterprise") or UNKNOWN,
                    "类型": "企业",
                    "得分": r.get("score"),
                    "理由": r.get("reason") or "",
                }
            )
    return rows


# --- 主体画像 -------------------------------------------------------------------------------------


def merge_hoods(hoods: Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Union of several ``overview.neighbourhood`` answers, by element id (the first keeps depth)."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}
    for hood in hoods:
        for n in hood.get("nodes") or []:
            nodes.setdefault(str(n["id"]), dict(n))
        for e in hood.get("edges") or []:
            edges.setdefault(str(e["id"]), dict(e))
    return list(nodes.values()), list(edges.values())


def neighbourhood_graph(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], centre: str, expanded: Iterable[str] = ()
) -> tuple[list[VNode], list[VEdge], dict[str, str]]:
    """A profile's neighbourhood: coloured by kind, the centre biggest, expanded nodes bigger."""
    grown = set(expanded)
    vnodes = []
    order = sorted(
        nodes, key=lambda n: (n.get("depth", 9), n.get("label") or "", n.get("name") or "", n["id"])
    )
    for n in order:
        nid = str(n["id"])
        label = str(n.get("label") or "")
        name = str(n.get("name") or n.get("uid") or kind_zh(label))
        vnodes.append(
            VNode(
                id=nid,
                caption=short_name(name),
                kind=label,
                colour=KIND_COLOURS.get(label, OTHER_COLOUR),
                size=30.0 if nid == centre else (20.0 if nid in grown else 14.0),
                properties={"名称": name, "类型": kind_zh(label)},
            )
        )
    rel_zh = {t: r.zh for t, r in load_schema().relationships.items()}
    vedges = [
        VEdge(
            str(e["source"]),
            str(e["target"]),
            caption=rel_zh.get(str(e.get("type")), str(e.get("type") or "")),
        )
        for e in edges
    ]
    return vnodes, vedges, kind_legend(vnodes)


def kind_legend(nodes: Iterable[VNode]) -> dict[str, str]:
    counts = Counter(n.kind for n in nodes)
    return {f"{kind_zh(k)}（{c}）": KIND_COLOURS.get(k, OTHER_COLOUR) for k, c in sorted(counts.items())}


# --- Cypher 控制台 ---------------------------------------------------------------------------------


@dataclass
class RecordGraph:
    """Nodes and relationships found in console results, keyed by element id."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[str, dict[str, Any]] = field(default_factory=dict)


def _node_row(n: Any) -> dict[str, Any]:
    labels = sorted(n.labels)
    label = labels[0] if labels else ""
    return {
        "id": n.element_id,
        "label": label,
        "uid": n.get("uid"),
        "name": n.get("name"),
        "properties": {k: v for k, v in dict(n).items() if k not in ("name",)},
    }


def record_graph(records: Iterable[Any], max_nodes: int = MAX_INTERACTIVE_NODES) -> RecordGraph:
    """Walk console records (nodes, relationships, paths, lists, maps) into a graph."""
    from neo4j.graph import Node, Path, Relationship

    out = RecordGraph()

    def add(n: Any) -> None:
        if n.element_id not in out.nodes and len(out.nodes) < max_nodes:
            out.nodes[n.element_id] = _node_row(n)

    def walk(value: Any) -> None:
        if isinstance(value, Node):
            add(value)
        elif isinstance(value, Relationship):
            start, end = value.start_node, value.end_node
            if start is None or end is None:
                return
            add(start)
            add(end)
            if start.element_id in out.nodes and end.element_id in out.nodes:
                out.edges[value.element_id] = {
                    "id": value.element_id,
                    "source": start.element_id,
                    "target": end.element_id,
                    "type": value.type,
                }
        elif isinstance(value, Path):
            for part in (*value.nodes, *value.relationships):
                walk(part)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for rec in records:
        for value in rec.values():
            walk(value)
    return out


def add_neighbours(graph: RecordGraph, rows: Iterable[Mapping[str, Any]]) -> int:
    """Add rows of the ``neighbours`` named query to ``graph``; returns how many nodes were new."""
    before = len(graph.nodes)
    for r in rows:
        nid = str(r["id"])
        if nid not in graph.nodes:
            labels = list(r.get("labels") or [])
            graph.nodes[nid] = {
                "id": nid,
                "label": labels[0] if labels else "",
                "uid": r.get("uid"),
                "name": r.get("name"),
                "properties": {},
            }
        graph.edges.setdefault(
            str(r["rel_id"]),
            {"id": str(r["rel_id"]), "source": str(r["start"]), "target": str(r["end"]), "type": r["type"]},
        )
    return len(graph.nodes) - before


def value_text(value: Any) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, (list, tuple)):
        return "、".join(value_text(v) for v in value)
    return "" if value is None else str(value)


def record_drawing(graph: RecordGraph, schema: Any) -> tuple[list[VNode], list[VEdge], dict[str, str]]:
    """Console graph → drawing: kind colours, captions from names, properties under Chinese names."""
    degree = Counter()
    for e in graph.edges.values():
        degree[e["source"]] += 1
        degree[e["target"]] += 1
    sizes = scaled_sizes({k: float(degree[k]) for k in graph.nodes}, 18.0, 30.0)
    vnodes = []
    for nid, n in graph.nodes.items():
        label = n["label"]
        zh = schema.nodes[label].properties if label in schema.nodes else {}
        props = {"类型": kind_zh(label)}
        if n.get("name"):
            props["名称"] = str(n["name"])
        for key, value in (n.get("properties") or {}).items():
            if value in (None, "", []) or key in ("uid",):
                continue
            props[zh[key].zh if key in zh else PROVENANCE_ZH.get(key, key)] = value_text(value)
        vnodes.append(
            VNode(
                id=nid,
                caption=short_name(str(n.get("name") or n.get("uid") or kind_zh(label))),
                kind=label,
                colour=KIND_COLOURS.get(label, OTHER_COLOUR),
                size=sizes.get(nid, 12.0),
                properties=props,
            )
        )
    rel_zh = {t: r.zh for t, r in schema.relationships.items()}
    vedges = [
        VEdge(e["source"], e["target"], caption=rel_zh.get(e["type"], e["type"]))
        for e in graph.edges.values()
    ]
    return vnodes, vedges, kind_legend(vnodes)


# --- 图谱结构 (schema view) --------------------------------------------------------------------


def schema_drawing(
    label_counts: Iterable[Mapping[str, Any]], rel_counts: Iterable[Mapping[str, Any]], schema: Any
) -> tuple[list[VNode], list[VEdge], dict[str, str]]:
    """Labels as nodes (size = count), relationship types between them (caption = name and count)."""
    counts = {r["label"]: int(r["n"]) for r in label_counts}
    sizes = scaled_sizes({k: float(v) for k, v in counts.items()}, 30.0, 60.0)
    vnodes = [
        VNode(
            id=label,
            caption=f"{schema.nodes[label].zh} {counts[label]}",
            kind=label,
            colour=KIND_COLOURS.get(label, OTHER_COLOUR),
            size=sizes[label],
            caption_size=2,
            properties={"标签": label, "中文名": schema.nodes[label].zh, "节点数": str(counts[label])},
        )
        for label in counts
    ]
    rels = [r for r in rel_counts if int(r["n"]) > 0]
    top = max((int(r["n"]) for r in rels), default=1) or 1
    vedges = [
        VEdge(
            r["source"],
            r["target"],
            caption=f"{schema.relationships[r['type']].zh} {r['n']}",
            width=1.0 + 4.0 * math.log1p(int(r["n"])) / math.log1p(top),
            colour="#9aa0a6",
        )
        for r in rels
    ]
    return vnodes, vedges, {}
