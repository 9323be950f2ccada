"""The analysed collaboration network as one object a page can draw and filter without recomputing.

``network_view`` gives every organisation of the network (keyed "Label:uid", as
:func:`kg.analyses.collab.network` keys them) with its community, betweenness and flags, the
weighted ties, and every community with its full size. Pages filter it by community or chain;
they never join on display names. ``stale``/``missing`` say whether the figures belong to the
graph's current data version (see docs/analyses.md, "When results are computed").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.analyses import collab
from kg.analyses.naming import community_name
from kg.graph.schema import load_schema
from kg.querylib import check_chain, fetch


@dataclass
class NetNode:
    """One organisation of the analysed network."""

    key: str  # "Label:uid"
    uid: str
    label: str
    name: str
    community: int | None = None
    community_name: str = ""
    betweenness: float = 0.0
    broker: bool = False
    isolate: bool = False
    local: bool = False
    sample: bool = False
    chains: list[str] = field(default_factory=list)
    tier: str | None = None


@dataclass
class NetEdge:
    """A tie; ``weight`` sums collaborations, shared consortia, workstations and affiliations."""

    a: str
    b: str
    weight: int
    kinds: list[str] = field(default_factory=list)


@dataclass
class Community:
    """A community with its full membership count (never capped)."""

    id: int
    name: str
    size: int


@dataclass
class NetworkView:
    """The analysed network. ``truncated`` says ``max_nodes`` cut it (``kept`` says which were kept)."""

    nodes: list[NetNode]
    edges: list[NetEdge]
    communities: list[Community]
    version: str | None = None
    stale: bool = False
    missing: bool = False
    truncated: bool = False
    total_nodes: int = 0
    total_edges: int = 0
    kept: str = ""
    chain: str | None = None
    method: str = ""


def data_version(graph: Any) -> str:
    """The graph's data version as one string (latest import run, node and tie counts)."""
    row = fetch(graph, "data_version")[0]
    return f"{row['run'] or '-'}|{row['nodes']}|{row['rels']}"


def _view(
    g: nx.Graph,
    centrality: dict[str, float],
    membership: dict[str, int],
    names: dict[int, str],
    sizes: dict[int, int],
    brokers: set[str],
    isolates: dict[str, dict[str, Any]],
    community: int | None,
    max_nodes: int,
) -> tuple[list[NetNode], list[NetEdge], bool, int, int]:
    nodes = []
    for key in g:
        attrs = g.nodes[key]
        cid = membership.get(key)
        nodes.append(
            NetNode(
                key=key,
                uid=key.split(":", 1)[1],
                label=attrs["label"],
                name=attrs["name"],
                community=cid,
                community_name=names.get(cid, "") if cid is not None else "",
                betweenness=round(centrality.get(key, 0.0), 6),
                broker=key in brokers,
                isolate=key in isolates,
                local=attrs["local"],
                sample=attrs["sample"],
                chains=list(attrs["chains"]),
                tier=attrs.get("tier"),
            )
        )
    for key, row in isolates.items():  # isolates with no tie at all are still part of the answer
        if key not in g:
            nodes.append(
                NetNode(
                    key=key,
                    uid=row["uid"],
                    label="Enterprise",
                    name=row["name"] or key,
                    isolate=True,
                    local=True,
                    sample=row["sample"],
                    chains=row["chains"],
                    tier=row["tier"],
                )
            )
    if community is not None:
        nodes = [n for n in nodes if n.community == community]
    total_nodes = len(nodes)
    truncated = total_nodes > max_nodes
    if truncated:  # keep the most central organisations: they carry the structure a reader looks for
        nodes.sort(key=lambda n: (-n.betweenness, -g.degree(n.key) if n.key in g else 0, n.name, n.key))
        nodes = nodes[:max_nodes]
    nodes.sort(key=lambda n: n.key)
    keep = {n.key for n in nodes}
    all_edges = [
        (a, b, d)
        for a, b, d in g.edges(data=True)
        if community is None or (membership.get(a) == community and membership.get(b) == community)
    ]
    edges = [NetEdge(a, b, d["weight"], list(d["kinds"])) for a, b, d in all_edges if a in keep and b in keep]
    return nodes, edges, truncated, total_nodes, len(all_edges)


def network_view(
    graph: Any,
    chain: str | None = None,
    *,
    community: int | None = None,
    max_nodes: int = 2000,
    seed: int = 42,
) -> NetworkView:
    """The analysed network of the district (or one chain), optionally one community of it."""
    check_chain(graph, chain)
    version = data_version(graph)
    g = collab.network(graph, chain)
    if g.number_of_nodes() <= 2000:
        centrality, method = nx.betweenness_centrality(g, normalized=True), "exact"
    else:
        k = collab.pivots(g.number_of_nodes(), g.number_of_edges())
        centrality = nx.betweenness_centrality(g, k=k, normalized=True, seed=seed)
        method = f"sampled k={k} seed={seed}"
    found = nx.community.louvain_communities(g, weight="weight", seed=seed) if g.number_of_edges() else []
    groups = [sorted(c) for c in found if len(c) >= 2]
    groups.sort(key=lambda members: (-len(members), g.nodes[members[0]]["name"], members[0]))
    membership: dict[str, int] = {}
    names: dict[int, str] = {}
    sizes: dict[int, int] = {}
    for i, members in enumerate(groups, start=1):
        sizes[i] = len(members)
        names[i] = community_name(
            [
                {"name": g.nodes[k]["name"], "chains": g.nodes[k]["chains"], "degree": g.degree(k)}
                for k in members
            ]
        )
        for key in members:
            membership[key] = i
    ranked = sorted((k for k in g if centrality[k] > 0), key=lambda k: (-round(centrality[k], 12), k))
    brokers = set(ranked[:20])
    isolates = {}
    for row in fetch(
        graph,
        "collab_isolates",
        chain=chain,
        local_district=load_schema().local_district,
        high_tech_rank=collab.HIGH_TECH_RANK,
    ):
        isolates[f"Enterprise:{row['uid']}"] = {**row, "chains": sorted(set(row["chains"]))}
    nodes, edges, truncated, total_nodes, total_edges = _view(
        g, centrality, membership, names, sizes, brokers, isolates, community, max_nodes
    )
    return NetworkView(
        nodes=nodes,
        edges=edges,
        communities=[Community(i, names[i], sizes[i]) for i in sorted(sizes)],
        version=version,
        stale=False,
        missing=False,
        truncated=truncated,
        total_nodes=total_nodes,
        total_edges=total_edges,
        kept="highest betweenness" if truncated else "",
        chain=chain,
        method=method,
    )
