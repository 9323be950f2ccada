"""What the explorer reads from the graph: the analyses and the named queries, called with a graph.

No Streamlit here: ``kg.explorer.cached`` wraps these for the pages (cached per data version) and
``kg snapshot`` calls them directly. Shapes are the analyses' own (docs/CONTRACTS.md).
"""

from __future__ import annotations

import json
from typing import Any

from kg import querylib
from kg.analyses import gaps as gaps_analysis
from kg.analyses import overview as overview_analysis
from kg.analyses import pipeline as pipeline_analysis
from kg.analyses import store


def data_version(graph: Any) -> str:
    """A cheap fingerprint that changes whenever an import changes the data (the cache key)."""
    rec = querylib.fetch(graph, "data_version")
    if not rec:
        return "empty"
    return f"{rec[0]['run']}:{rec[0]['nodes']}:{rec[0]['rels']}"


def chains(graph: Any) -> list[str]:
    """The chains the graph holds, in name order (the first is every page's default)."""
    return [str(r["chain"]) for r in querylib.fetch(graph, "chain_names")]


def gap_rows(graph: Any, chain: str | None = None) -> list[dict[str, Any]]:
    """``gaps.chain_gaps`` for one chain (every chain when None)."""
    return gaps_analysis.chain_gaps(graph, chain)


def segment_statuses(graph: Any) -> list[dict[str, Any]]:
    """Every chain's segments with their status only (``gaps.segment_statuses``: one counting
    query; the overview's summary needs no firm lists, partners or evidence)."""
    return gaps_analysis.segment_statuses(graph)


def segment_enterprises(graph: Any, chain: str, segment: str) -> list[dict[str, Any]]:
    """Every enterprise of one segment, local first (the named query segment_enterprises)."""
    return querylib.fetch(graph, "segment_enterprises", chain=chain, segment=segment)


RESULT_KEYS = ("brokers", "communities", "isolates", "bridges", "recommendations")


def collaboration(graph: Any, chain: str | None = None) -> dict[str, Any]:
    """The stored collaboration analysis (never computed in a page); ``status`` says when it is
    missing or stale and how to refresh it. Reads the result lists only (``net_results``), not
    the per-organisation network arrays stored beside them (tens of MB at 100k)."""
    scope = store.scope_of(chain)
    rows = querylib.fetch(graph, "net_results", scope=scope)
    if not rows:
        return {
            **{k: [] for k in RESULT_KEYS},
            "status": store.status_message(None, chain),
            "partners_unknown": [],
            "empty_reasons": {},
        }
    row = rows[0]
    version, current = row["version"] or "", store.data_version(graph)
    found = store.Stored(scope, version, current, row["at"] or "", 0.0, "", {}, {})
    return {
        **json.loads(row["result_json"] or "{}"),
        "status": store.status_message(found, chain),
        "partners_unknown": json.loads(row["partners_unknown_json"] or "[]"),
        "empty_reasons": json.loads(row["empty_reasons_json"] or "{}"),
    }


def key_figures(graph: Any) -> dict[str, Any]:
    """``overview.key_figures``: scalar counts, ``local_by_tier`` and the sample flags."""
    return overview_analysis.key_figures(graph)


def tier_counts(graph: Any, chain: str | None = None) -> list[dict[str, Any]]:
    """``pipeline.tier_counts``: local enterprises certified per tier per year (no moves or
    candidates), of the district or of one chain's firms."""
    return pipeline_analysis.tier_counts(graph, chain=chain)


_LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


def lucene_text(text: str) -> str:
    """User input as a safe Lucene query: specials escaped, each ASCII word prefix-matched."""
    words = ["".join("\\" + ch if ch in _LUCENE_SPECIAL else ch for ch in w) for w in text.split()]
    return " AND ".join(f"{w}*" if w.isascii() else w for w in words if w)


def search(graph: Any, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Organisations whose name or alias matches ``text`` (the CJK full-text index)."""
    query = lucene_text(text)
    if not query:
        return []
    return querylib.fetch(graph, "search_names", text=query, limit=limit)


def neighbourhood(graph: Any, uid: str, hops: int, label: str | None = None) -> dict[str, Any]:
    """``overview.neighbourhood``: nodes and edges within ``hops`` of one node."""
    return overview_analysis.neighbourhood(graph, uid, hops, label=label)


def node_properties(graph: Any, label: str, uid: str) -> dict[str, Any]:
    """One node's own stored properties (empty when there is no such node)."""
    rows = querylib.fetch(graph, "node_properties", uid=uid, label=label)
    return dict(rows[0]["p"]) if rows else {}
