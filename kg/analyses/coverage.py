"""Policy coverage: which measures touch which chains, tiers and carrier types, and which chains'
gaps (断链/弱链 segments) no measure addresses."""

from __future__ import annotations

from typing import Any

from kg.analyses.gaps import BROKEN, WEAK, chain_gaps
from kg.querylib import fetch


def policy_coverage(graph: Any, **gap_thresholds: Any) -> dict[str, Any]:
    """``measures``; per ``chains`` / ``tiers`` / ``carrier_types`` the supporting measure numbers;
    ``unaddressed_gaps``: chains with 断链/弱链 segments and no measure naming the chain.

    ``gap_thresholds`` go to :func:`kg.analyses.gaps.chain_gaps` (same defaults).
    """
    measures = fetch(graph, "coverage_measures")
    subjects = fetch(graph, "coverage_subjects")
    gaps: dict[str, list[str]] = {}
    statuses: dict[str, dict[str, str]] = {}
    for row in chain_gaps(graph, max_targets=0, max_partners=0, max_evidence=1, **gap_thresholds):
        if row["status"] in (BROKEN, WEAK):
            gaps.setdefault(row["chain"], []).append(row["segment"])
            statuses.setdefault(row["chain"], {})[row["segment"]] = row["status"]
    chains, tiers, carrier_types = [], [], []
    for row in subjects:
        nos = sorted(set(row["measures"]))
        if row["kind"] == "chain":
            segs = gaps.get(row["name"], [])
            chains.append({"chain": row["name"], "enterprises": row["subjects"], "measures": nos,
                           "gap_segments": segs, "gap_status": statuses.get(row["name"], {}),
                           "addressed": bool(nos) or not segs})
        elif row["kind"] == "tier":
            tiers.append({"tier": row["name"], "rank": row["rank"], "enterprises": row["subjects"],
                          "measures": nos})
        else:
            carrier_types.append({"carrier_type": row["name"], "carriers": row["subjects"],
                                  "measures": nos})
    tiers.sort(key=lambda r: (r["rank"] if r["rank"] is not None else -1, r["tier"]))
    for m in measures:
        for key in ("chains", "tiers", "carrier_types"):
            m[key] = sorted(set(m[key]))
    return {
        "measures": measures,
        "chains": chains,
        "tiers": tiers,
        "carrier_types": carrier_types,
        "unaddressed_gaps": [{"chain": c["chain"], "gap_segments": c["gap_segments"],
                              "gap_status": c["gap_status"]} for c in chains if not c["addressed"]],
        "uncovered": {
            "chains": [c["chain"] for c in chains if not c["measures"]],
            "tiers": [t["tier"] for t in tiers if not t["measures"]],
            "carrier_types": [k["carrier_type"] for k in carrier_types if not k["measures"]],
        },
        "sample": any(m["sample"] for m in measures),
    }
