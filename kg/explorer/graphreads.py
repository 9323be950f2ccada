"""Reads behind the interactive views (``fn(graph, *args)``; pages call them cached).

协同网络 reads its scope's stored pieces (``kg.analyses.netpieces``): the header (communities
with full sizes, status) and only the part a view draws — never the whole scope. The whole
analysed network (``analysed_network``, from ``kg.analyses.netview``) is for exports and tests.
"""

from __future__ import annotations

from typing import Any

from kg.analyses import netpieces
from kg.analyses.netview import NetworkView, network_view
from kg.explorer import reads
from kg.explorer.graphview import MAX_INTERACTIVE_NODES
from kg.explorer.schemacounts import pair_counts
from kg.graph.schema import load_schema
from kg.querylib import fetch

NETWORK_CAP = 10_000_000  # the page aggregates beyond 2,000 itself; netview must not cut first


def analysed_network(graph: Any, chain: str | None) -> NetworkView:
    return network_view(graph, chain, max_nodes=NETWORK_CAP)


def network_start(graph: Any, chain: str | None) -> NetworkView:
    """The scope's communities, totals and status, no organisations (``netpieces.network_start``)."""
    return netpieces.network_start(graph, chain)


def network_part(
    graph: Any, chain: str | None, community: int | None, expanded: tuple[str, ...]
) -> NetworkView:
    """What 协同网络 draws for a community (or the whole scope) with ``expanded`` nodes' partners."""
    return netpieces.network_part(graph, chain, community, expanded, max_nodes=MAX_INTERACTIVE_NODES)


def network_lists(graph: Any, chain: str | None) -> dict[str, Any]:
    """The result lists 协同网络 shows, with only the fields it shows (``netpieces.network_lists``)."""
    return netpieces.network_lists(graph, chain)


def collaboration(graph: Any, chain: str | None) -> dict[str, Any]:
    """The stored collaboration analysis (``kg.explorer.reads.collaboration``: never computed here)."""
    return reads.collaboration(graph, chain)


def neighbourhood(graph: Any, uid: str, label: str | None) -> dict[str, Any]:
    from kg.analyses.overview import neighbourhood as hood

    return dict(hood(graph, uid, 1, label=label))


def neighbours(graph: Any, element_id: str, limit: int = 60) -> list[dict[str, Any]]:
    """One hop around a node of a console result (the ``neighbours`` named query)."""
    return fetch(graph, "neighbours", ids=[element_id], limit=limit)


def schema_counts(graph: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes per label and relationships per (type, start label, end label), for the schema's lists,
    from the count store (``schema_count_store``; pairs deduced by :mod:`kg.explorer.schemacounts`)."""
    schema = load_schema()
    labels = [label for label, node in schema.nodes.items() if not node.internal]
    pairs = [
        (t, a, b)
        for t, rel in schema.relationships.items()
        for a, b in rel.pairs
        if a in labels and b in labels
    ]
    store = fetch(graph, "schema_count_store")[0]

    def expand(rtype: str, label: str) -> dict[str, int]:
        rows = fetch(graph, "schema_rel_from", label=label, type=rtype)
        return {r["target"]: r["n"] for r in rows}

    by_label = {r["label"]: r["n"] for r in store["nodes"]}
    counted = pair_counts(pairs, store["relationships"], expand)
    label_counts = [{"label": label, "n": by_label.get(label, 0)} for label in sorted(labels)]
    rel_counts = [{"type": t, "source": a, "target": b, "n": counted[(t, a, b)]} for t, a, b in sorted(pairs)]
    return label_counts, rel_counts
