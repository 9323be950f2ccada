"""What the explorer's first page and chain map show: key figures, a chain map, a bounded
neighbourhood. Plain data in, plain data out, like every analysis."""

from __future__ import annotations

from typing import Any

from kg.analyses import resultstore
from kg.analyses.gaps import NO_TIER, chain_gaps, firm_key, segment_data
from kg.errors import KgError
from kg.graph.schema import load_schema
from kg.querylib import fetch

# Reference nodes with thousands of ties on a large graph: shown, never expanded further.
HUB_LABELS = frozenset(
    {"Tier", "TechField", "CarrierType", "IndustryChain", "ChainSegment", "Park", "Policy"}
)


class NodeNotFound(KgError):
    """No node has the uid asked for."""


def compute_key_figures(graph: Any) -> dict[str, Any]:
    """Enterprises (local, by highest tier), chains, segments, carriers, workstations, consortia,
    research bodies, collaborations, measures, whether sample data is present, and the local firms
    that are 未挂链 (``unlinked``: the district, then each chain). ``key_figures``
    is this read from what ``kg analyse`` stored (counted now when not current)."""
    figures = fetch(graph, "overview_figures", local_district=load_schema().local_district)[0]
    figures["local_by_tier"] = [
        {**row, "tier": row["tier"] or NO_TIER, "rank": row["rank"] or 0} for row in figures["local_by_tier"]
    ]
    # whether any sample data is present, not how much: the query stops at the first sample flag
    figures["sample_present"] = bool(fetch(graph, "overview_sample")[0]["sample_present"])
    # 未挂链: local firms with no confirmed segment (suggestions never count), district then per chain
    figures["unlinked"] = fetch(graph, "unlinked_counts", local_district=load_schema().local_district)
    return figures


def compute_chain_map(
    graph: Any,
    chain: str,
    *,
    max_firms: int = 30,
    gaps: list[dict[str, Any]] | None = None,
    **gap_thresholds: Any,
) -> dict[str, Any]:
    """Segments (upstream → downstream, with status), FEEDS edges, and per segment its firms
    (best first, at most ``max_firms``) with top tier and local flag. ``gaps``: this chain's
    ``chain_gaps`` rows with the same thresholds when the caller already has them (they are not
    computed again). ``chain_map`` is this with the default settings read from what
    ``kg analyse`` stored for the chain (computed when not current)."""
    rows = (
        gaps
        if gaps is not None
        else chain_gaps(graph, chain, max_targets=0, max_partners=0, max_evidence=1, **gap_thresholds)
    )
    segments, groups = segment_data(
        graph, chain, max_names=max_firms, as_of_year=gap_thresholds.get("as_of_year")
    )
    status = {r["segment_uid"]: r for r in rows}
    names = {s["segment_uid"]: s["segment"] for s in segments}
    out_segments, feeds = [], []
    for seg in segments:
        uid = seg["segment_uid"]
        firms = sorted((f for g in groups.get(uid, []) for f in g["firms"]), key=firm_key)
        local_flags = {f["uid"]: g["local"] for g in groups.get(uid, []) for f in g["firms"]}
        row = status[uid]
        out_segments.append(
            {
                "uid": uid,
                "segment": seg["segment"],
                "position": seg["position"],
                "order": seg["order"],
                "key_segment": seg["key_segment"],
                "status": row["status"],
                "local_count": row["local_count"],
                "outside_count": row["outside_count"],
                "local_by_tier": row["local_by_tier"],
                "firms": [
                    {
                        "name": f["name"],
                        "uid": f["uid"],
                        "tier": f["tier"] or NO_TIER,
                        "rank": f["rank"],
                        "local": local_flags[f["uid"]],
                        "sample": f["sample"],
                    }
                    for f in firms[:max_firms]
                ],
                "sample": row["sample"],
            }
        )
        for down in sorted(seg["downstream"]):
            if down in names:
                feeds.append({"from": seg["segment"], "to": names[down], "from_uid": uid, "to_uid": down})
    return {
        "chain": chain,
        "segments": out_segments,
        "feeds": feeds,
        "sample": any(s["sample"] for s in out_segments),
    }


# what 总览 and 产业链图谱 open on, stored per data version by ``kg analyse`` (kg.analyses.resultstore)
key_figures = resultstore.stored_default("key_figures")(compute_key_figures)
chain_map = resultstore.stored_default("chain_map", scope="chain", inputs=("gaps",))(compute_chain_map)


def neighbourhood(
    graph: Any, uid: str, hops: int = 1, limit: int = 200, label: str | None = None
) -> dict[str, Any]:
    """Nodes and edges within ``hops`` (1–3) of the node with ``uid``, at most ``limit`` edges;
    hub nodes (tiers, fields, chains, segments, parks) are shown but not expanded beyond hop 1."""
    if not 1 <= hops <= 3:
        raise ValueError("hops must be 1, 2 or 3")
    found = fetch(graph, "node_by_uid", uid=uid, label=label)
    if not found:
        raise NodeNotFound(f"no node with uid {uid!r}")
    start = found[0]
    nodes = {start["id"]: _node(start, depth=0)}
    edges: dict[str, dict[str, Any]] = {}
    frontier = [start["id"]]
    truncated = False
    for depth in range(1, hops + 1):
        budget = limit - len(edges)
        if not frontier or budget <= 0:
            truncated = truncated or bool(frontier)
            break
        rows = fetch(graph, "neighbours", ids=frontier, limit=budget + 1)
        truncated = truncated or len(rows) > budget
        nxt = []
        for row in rows[:budget]:
            if row["rel_id"] not in edges:
                edges[row["rel_id"]] = {
                    "id": row["rel_id"],
                    "source": row["start"],
                    "target": row["end"],
                    "type": row["type"],
                    "year": row["year"],
                    "sample": row["rel_sample"],
                }
            if row["id"] not in nodes:
                nodes[row["id"]] = _node(row, depth=depth)
                if not HUB_LABELS & set(row["labels"]):
                    nxt.append(row["id"])
        frontier = sorted(set(nxt))
    node_list = sorted(
        nodes.values(), key=lambda n: (n["depth"], n["label"], n["name"] or "", n["uid"] or "")
    )
    edge_list = sorted(edges.values(), key=lambda e: (e["type"], e["source"], e["target"], e["id"]))
    # Drop edges whose ends fell outside the budget (cannot happen, kept as a guard).
    edge_list = [e for e in edge_list if e["source"] in nodes and e["target"] in nodes]
    return {
        "center": start["id"],
        "nodes": node_list,
        "edges": edge_list,
        "truncated": truncated,
        "sample": any(n["sample"] for n in node_list) or any(e["sample"] for e in edge_list),
    }


def _node(row: dict[str, Any], *, depth: int) -> dict[str, Any]:
    labels = row["labels"]
    return {
        "id": row["id"],
        "label": labels[0] if labels else "",
        "uid": row["uid"],
        "name": row["name"],
        "sample": row["sample"],
        "depth": depth,
    }
