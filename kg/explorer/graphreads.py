"""Reads behind the interactive views (``fn(graph, *args)``; pages call them cached).

The analysed network comes whole from ``kg.analyses.netview`` (every organisation, full-size
communities); pages filter it by community or chain without recomputing it.
"""

from __future__ import annotations

from typing import Any

from kg.analyses import store
from kg.analyses.netview import NetworkView, network_view
from kg.graph.schema import load_schema
from kg.querylib import fetch

NETWORK_CAP = 10_000_000  # the page aggregates beyond 2,000 itself; netview must not cut first


def analysed_network(graph: Any, chain: str | None) -> NetworkView:
    return network_view(graph, chain, max_nodes=NETWORK_CAP)


RESULT_KEYS = ("brokers", "communities", "isolates", "bridges", "recommendations")


def collaboration(graph: Any, chain: str | None) -> dict[str, Any]:
    """The stored collaboration analysis (never computed in a page); ``status`` says when it is
    missing or stale."""
    found = store.load(graph, chain)
    result = dict(found.result) if found else {k: [] for k in RESULT_KEYS}
    return {**result, "status": store.status_message(found, chain)}


def neighbourhood(graph: Any, uid: str, label: str | None) -> dict[str, Any]:
    from kg.analyses.overview import neighbourhood as hood

    return dict(hood(graph, uid, 1, label=label))


def neighbours(graph: Any, element_id: str, limit: int = 60) -> list[dict[str, Any]]:
    """One hop around a node of a console result (the ``neighbours`` named query)."""
    return fetch(graph, "neighbours", ids=[element_id], limit=limit)


def schema_counts(graph: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes per label and relationships per (type, start label, end label), for the schema's lists."""
    schema = load_schema()
    labels = [label for label, node in schema.nodes.items() if not node.internal]
    pairs = [
        {"type": t, "source": a, "target": b}
        for t, rel in schema.relationships.items()
        for a, b in rel.pairs
        if a in labels and b in labels
    ]
    return fetch(graph, "schema_label_counts", labels=labels), fetch(graph, "schema_rel_counts", pairs=pairs)
