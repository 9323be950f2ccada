"""The analysed collaboration network as one object a page can draw and filter without recomputing.

``network_view`` gives every organisation of the network (keyed "Label:uid", as
:func:`kg.analyses.collab.network` keys them) with its community, betweenness and flags, the
weighted ties, and every community with its full size. Pages filter it by community or chain;
they never join on display names. ``stale``/``missing`` say whether the figures belong to the
graph's current data version (see docs/analyses.md, "When results are computed").

A page must not pull a whole scope (100k organisations at scale) into the web process, so
``kg analyse`` also stores each scope cut into pieces (:mod:`kg.analyses.netpieces`): the
scope's header with its communities and the community-by-community summary the first view
draws, and the organisations in parts of ``PART_SIZE``, ordered by community, each part with
every tie of its members. ``network_part`` reads only the pieces a view needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kg.analyses import store
from kg.querylib import check_chain


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
    message: str = ""  # Chinese: why the view is empty or out of date and how to refresh; "" when current
    computed_at: str = ""
    sample: bool = False  # some organisation of the whole scope is sample data
    summary: GroupSummary | None = None  # set when the view is the scope aggregated by community


@dataclass
class GroupSummary:
    """Organisations per community (0 = none) and the summed tie weight between two communities:
    what a view too big to draw shows, one node per community."""

    members: dict[int, int]
    ties: dict[tuple[int, int], int]


def group_summary(nodes: list[NetNode], edges: list[NetEdge]) -> GroupSummary:
    """``nodes`` grouped by community (0 = none); ties inside one community are not counted."""
    group = {n.key: (n.community if n.community is not None else 0) for n in nodes}
    members: dict[int, int] = {}
    for g in group.values():
        members[g] = members.get(g, 0) + 1
    ties: dict[tuple[int, int], int] = {}
    for e in edges:
        a, b = group.get(e.a), group.get(e.b)
        if a is None or b is None or a == b:
            continue
        pair = (min(a, b), max(a, b))
        ties[pair] = ties.get(pair, 0) + e.weight
    return GroupSummary(members, ties)


def _nodes(raw: dict[str, Any], result: dict[str, Any]) -> list[NetNode]:
    names = {c["id"]: c.get("name") or f"社区{c['id']}" for c in result.get("communities", [])}
    brokers = {b["key"] for b in result.get("brokers", [])}
    isolates = {f"Enterprise:{r['uid']}": r for r in result.get("isolates", [])}
    nodes = []
    for i, key in enumerate(raw["keys"] or []):
        cid = raw["community"][i] or None
        nodes.append(
            NetNode(
                key=key,
                uid=key.split(":", 1)[1],
                label=raw["labels"][i],
                name=raw["names"][i],
                community=cid,
                community_name=names.get(cid, "") if cid else "",
                betweenness=round(raw["betweenness"][i], 6),
                broker=key in brokers,
                isolate=key in isolates,
                local=raw["local"][i],
                sample=raw["samples"][i],
                chains=json.loads(raw["chains_json"][i]),
                tier=raw["tiers"][i] or None,
            )
        )
    present = set(raw["keys"] or [])
    for key, row in isolates.items():  # isolates with no tie at all are still part of the answer
        if key not in present:
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
    return nodes


def network_view(
    graph: Any, chain: str | None = None, *, community: int | None = None, max_nodes: int = 2000
) -> NetworkView:
    """The analysed network of the district (or one chain), optionally one community of it.

    Reads the analysis ``kg analyse`` stored (one indexed read); never computes it. When none is
    stored the view is empty with ``missing``; when the data changed since, the stored view is
    returned with ``stale`` (``message`` says so and how to refresh, in Chinese)."""
    check_chain(graph, chain)
    stored = store.load(graph, chain)
    if stored is None:
        return NetworkView(
            [],
            [],
            [],
            version=store.data_version(graph),
            missing=True,
            chain=chain,
            message=store.status_message(None, chain),
        )
    view = view_of(stored.raw, stored.result, community=community, max_nodes=max_nodes)
    view.version, view.stale, view.chain, view.method = stored.version, stored.stale, chain, stored.method
    view.message, view.computed_at = store.status_message(stored, chain), stored.at
    return view


def view_of(
    raw: dict[str, Any], result: dict[str, Any], *, community: int | None = None, max_nodes: int = 2000
) -> NetworkView:
    """The network a stored analysis holds (``raw``: the arrays ``kg analyse`` stores; pure)."""
    nodes = _nodes(raw, result)
    sample = any(n.sample for n in nodes)
    degree = dict.fromkeys(raw["keys"] or [], 0)
    for i, _ in enumerate(raw["keys"] or []):
        degree[raw["keys"][i]] = raw["degree"][i]
    if community is not None:
        nodes = [n for n in nodes if n.community == community]
    total_nodes = len(nodes)
    truncated = total_nodes > max_nodes
    if truncated:  # keep the most central organisations: they carry the structure a reader looks for
        nodes.sort(key=lambda n: (-n.betweenness, -degree.get(n.key, 0), n.name, n.key))
        nodes = nodes[:max_nodes]
    nodes.sort(key=lambda n: n.key)
    keys = raw["keys"] or []
    member = {n.key for n in nodes}
    in_scope = total = 0
    edges = []
    comm = raw["community"]
    for a, b, w, kinds in zip(
        raw["edge_a"] or [],
        raw["edge_b"] or [],
        raw["edge_weight"] or [],
        raw["edge_kinds"] or [],
        strict=True,
    ):
        if community is not None and not (comm[a] == community and comm[b] == community):
            continue
        total += 1
        ka, kb = keys[a], keys[b]
        if ka in member and kb in member:
            in_scope += 1
            edges.append(NetEdge(ka, kb, w, kinds.split(",") if kinds else []))
    communities = [
        Community(c["id"], c.get("name") or f"社区{c['id']}", c["size"])
        for c in result.get("communities", [])
    ]
    return NetworkView(
        nodes=nodes,
        edges=edges,
        communities=communities,
        truncated=truncated,
        total_nodes=total_nodes,
        total_edges=total,
        kept="highest betweenness" if truncated else "",
        sample=sample,
    )
