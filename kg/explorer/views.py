"""Drawing view-models: the analyses' results turned into the renderers' dataclasses
(``kg.explorer.render``): the chain map, the collaboration network, a neighbourhood, console results."""

from __future__ import annotations

from typing import Any

from kg.analyses import gaps as gaps_analysis
from kg.analyses import overview as overview_analysis
from kg.explorer import reads
from kg.explorer.render import ChainView, Firm, NetEdge, NetNode, NetworkView, SegmentView
from kg.explorer.render.network import KIND_ZH


def chain_view(graph: Any, chain: str) -> tuple[ChainView, list[dict[str, Any]]]:
    """The chain map view and the gap rows it is drawn from.

    ``chain_gaps`` runs once and the map reuses its rows (status, counts), so the picture and the
    gap list can never disagree and the page pays for one gap analysis, not two."""
    gaps = gaps_analysis.chain_gaps(graph, chain)
    return view_from_map(overview_analysis.chain_map(graph, chain, gaps=gaps)), gaps


def view_from_map(raw: dict[str, Any]) -> ChainView:
    """``overview.chain_map`` output → the renderer's :class:`ChainView`."""
    segments = [
        SegmentView(
            name=str(s["segment"]),
            position=str(s["position"] or ""),
            order=int(s["order"] or 0),
            status=str(s["status"]),
            key_segment=bool(s["key_segment"]),
            local_count=int(s["local_count"]),
            outside_count=int(s["outside_count"]),
            firms=[
                Firm(
                    str(f["name"] or f["uid"]),
                    str(f["tier"]),
                    int(f["rank"] or 0),
                    bool(f["local"]),
                    bool(f["sample"]),
                )
                for f in s["firms"]
            ],
        )
        for s in raw["segments"]
    ]
    feeds = [(str(f["from"]), str(f["to"])) for f in raw["feeds"]]
    return ChainView(str(raw["chain"]), segments, feeds)


def community_index(collab: dict[str, Any]) -> dict[str, str]:
    """Member name → community label, from the collaboration analysis (members are names)."""
    out: dict[str, str] = {}
    for comm in collab.get("communities") or []:
        for member in comm["members"]:
            out[str(member)] = f"社区{comm['id']}"
    return out


def build_network(
    edges: list[dict[str, Any]], communities: dict[str, str] | None = None, community: str | None = None
) -> NetworkView:
    """Edges (from :func:`kg.explorer.reads.network_edges`) → a view grouped by community (else by kind)."""
    communities = communities or {}
    nodes: dict[str, NetNode] = {}
    out_edges: list[NetEdge] = []
    for e in edges:
        for side in ("a", "b"):
            nid = e[side]
            if nid not in nodes:
                uid, name, label = e[f"{side}_uid"], e[f"{side}_name"] or e[f"{side}_uid"], e[f"{side}_label"]
                group = communities.get(str(uid)) or communities.get(str(name)) or ""
                nodes[nid] = NetNode(nid, str(name), str(label), group, title=f"{name}（{label}）")
        out_edges.append(NetEdge(e["a"], e["b"], str(e.get("detail") or e["rel"])))
    if community:
        keep = {n.id for n in nodes.values() if n.group == community}
        nodes = {k: v for k, v in nodes.items() if k in keep}
        out_edges = [e for e in out_edges if e.source in keep and e.target in keep]
    for n in nodes.values():
        n.title = f"{n.label}（{KIND_ZH.get(n.kind, n.kind)}{'·' + n.group if n.group else ''}）"
    return NetworkView(list(nodes.values()), out_edges)


def network(graph: Any, chain: str | None, community: str | None) -> tuple[NetworkView, dict[str, Any]]:
    """The collaboration network of ``chain`` (every chain when None) and the analysis behind it."""
    collab = dict(reads.collaboration(graph, chain))
    edges = reads.network_edges(graph, chain)
    view = build_network(edges, community_index(collab), community)
    collab["sample_in_view"] = any(e.get("sample") for e in edges) or any(
        row.get("sample") for rows in collab.values() if isinstance(rows, list) for row in rows
    )
    return view, collab


def neighbourhood_view(hood: dict[str, Any]) -> NetworkView:
    """``overview.neighbourhood`` output (nodes, edges) → a network view grouped by label."""
    nodes = [
        NetNode(str(n["id"]), str(n["name"] or n["uid"]), str(n["label"]), str(n["label"]))
        for n in hood["nodes"]
    ]
    ids = {n.id for n in nodes}
    edges = [
        NetEdge(str(e["source"]), str(e["target"]), str(e["type"]))
        for e in hood["edges"]
        if str(e["source"]) in ids and str(e["target"]) in ids
    ]
    return NetworkView(nodes, edges)


def records_view(records: list[Any]) -> NetworkView | None:
    """Nodes and relationships in console results as a network view (None when there are none)."""
    from neo4j.graph import Node, Path, Relationship

    nodes: dict[str, NetNode] = {}
    edges: list[NetEdge] = []

    def add_node(n: Node) -> None:
        if n.element_id not in nodes:
            label = sorted(n.labels)[0] if n.labels else ""
            nodes[n.element_id] = NetNode(
                n.element_id, str(n.get("name") or n.get("uid") or label), label, label
            )

    def walk(value: Any) -> None:
        if isinstance(value, Node):
            add_node(value)
        elif isinstance(value, Relationship):
            for end in (value.start_node, value.end_node):
                if end is not None:
                    add_node(end)
            if value.start_node is not None and value.end_node is not None:
                edges.append(NetEdge(value.start_node.element_id, value.end_node.element_id, value.type))
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
    if not nodes:
        return None
    return NetworkView(list(nodes.values()), edges)
