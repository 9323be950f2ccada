"""Policy coverage: what each measure supports and whom it concerns, and which 断链/弱链 segments a
measure actually addresses.

A gap is *addressed* only by a measure whose support reaches that segment's kind of need (the rule
is in ``docs/analyses.md``): naming a chain is not enough, the link must give the support the gap
needs — a 断链 needs a firm brought in or incubated, a 弱链 needs its local firms to grow.
"""

from __future__ import annotations

from typing import Any

from kg.analyses import resultstore
from kg.analyses.gaps import chain_gaps
from kg.querylib import fetch
from kg.vocab import BROKEN, LOCAL_DISTRICT, WEAK

# What a gap needs, as kinds of support (kg/data/policy/links.yaml).
NEEDS: dict[str, tuple[str, ...]] = {BROKEN: ("招商引育", "孵化"), WEAK: ("梯度培育",)}
NEED_ZH = {BROKEN: "招商引育或孵化", WEAK: "梯度培育"}


def policy_coverage(
    graph: Any,
    chain: str | None = None,
    *,
    max_names: int = 200,
    with_subjects: bool = True,
    **gap_thresholds: Any,
) -> dict[str, Any]:
    """``measures`` (supports, sentences, concerned enterprises and carriers); per ``chains`` /
    ``tiers`` / ``carrier_types`` the measures naming them; ``gaps``: every 断链/弱链 segment with the
    measures that address it (and how) and the related ones; ``unaddressed_gaps`` per chain.

    ``chain`` limits the gaps to one chain; ``gap_thresholds`` go to
    :func:`kg.analyses.gaps.chain_gaps` (same defaults as ``kg gaps``). ``with_subjects=False``:
    the measures without the firms and carriers they concern (see :func:`policy_measures`) — the
    gaps and what answers them are the same.
    """
    measures = policy_measures(graph, max_names=max_names, with_subjects=with_subjects)
    subjects = fetch(graph, "coverage_subjects")
    # a gap's measures depend on the measures' supports only, not on whom they concern
    gaps = (
        policy_gaps(graph, chain)
        if not gap_thresholds
        else gap_coverage(graph, chain, measures, **gap_thresholds)
    )
    by_chain: dict[str, list[dict[str, Any]]] = {}
    for g in gaps:
        by_chain.setdefault(g["chain"], []).append(g)
    chains, tiers, carrier_types = [], [], []
    for row in subjects:
        nos = sorted(set(row["measures"]))
        if row["kind"] == "chain":
            if chain is not None and row["name"] != chain:
                continue
            segs = by_chain.get(row["name"], [])
            chains.append(
                {
                    "chain": row["name"],
                    "enterprises": row["subjects"],
                    "measures": nos,
                    "gap_segments": [g["segment"] for g in segs],
                    "gap_status": {g["segment"]: g["status"] for g in segs},
                    "unaddressed": [g["segment"] for g in segs if not g["addressed"]],
                    "addressed": all(g["addressed"] for g in segs),
                }
            )
        elif row["kind"] == "tier":
            tiers.append(
                {"tier": row["name"], "rank": row["rank"], "enterprises": row["subjects"], "measures": nos}
            )
        else:
            carrier_types.append({"carrier_type": row["name"], "carriers": row["subjects"], "measures": nos})
    tiers.sort(key=lambda r: (r["rank"] if r["rank"] is not None else -1, r["tier"]))
    return {
        "measures": measures,
        "chains": chains,
        "tiers": tiers,
        "carrier_types": carrier_types,
        "gaps": gaps,
        "unaddressed_gaps": [
            {
                "chain": c["chain"],
                "gap_segments": c["unaddressed"],
                "gap_status": {s: c["gap_status"][s] for s in c["unaddressed"]},
            }
            for c in chains
            if c["unaddressed"]
        ],
        "uncovered": {
            "chains": [c["chain"] for c in chains if not c["measures"]],
            "tiers": [t["tier"] for t in tiers if not t["measures"]],
            "carrier_types": [k["carrier_type"] for k in carrier_types if not k["measures"]],
        },
        "sample": any(m["sample"] for m in measures) or any(g["sample"] for g in gaps),
    }


def compute_policy_gaps(graph: Any, chain: str | None = None) -> list[dict[str, Any]]:
    """Every 断链/弱链 segment of ``chain`` (every chain when None) with the measures that address
    it (:func:`gap_measures`), default gap thresholds: ``policy_coverage``'s ``gaps`` alone, what
    政策对照 and 断链补链 show. ``policy_gaps`` reads it from what ``kg analyse`` stored per chain
    (computed when not current); built here from the gap rows and measures (each read from its
    stored answer when current, as ``kg analyse`` stores them first)."""
    return gap_coverage(graph, chain, policy_measures(graph))


policy_gaps = resultstore.stored_default("policy_gaps", scope="chain")(compute_policy_gaps)


def gap_coverage(
    graph: Any, chain: str | None, measures: list[dict[str, Any]], **gap_thresholds: Any
) -> list[dict[str, Any]]:
    """The 断链/弱链 rows of ``chain_gaps`` (``gap_thresholds`` as ``kg gaps``), each with the
    ``measures`` that address it."""
    rows = chain_gaps(graph, chain, **gap_thresholds)
    return [gap_measures(row, measures) for row in rows if row["status"] in NEEDS]


def compute_measures(graph: Any, *, max_names: int = 200, with_subjects: bool = True) -> list[dict[str, Any]]:
    """Every measure with what it supports and whom it concerns (``coverage_measures``), without
    the gap analysis. ``with_subjects=False`` skips the concerned enterprises and carriers (counts 0,
    lists empty): one gap's measures (:func:`gap_measures`) need only the supports, and listing
    every firm of a supported chain or tier is the query's whole cost on a large graph.
    ``policy_measures`` with the defaults reads what ``kg analyse`` stored (computed when not
    current)."""
    measures = fetch(
        graph, "coverage_measures", district=LOCAL_DISTRICT, max_names=max_names, with_subjects=with_subjects
    )
    for m in measures:
        for key in ("chains", "tiers", "carrier_types", "consortia", "workstations", "key_segments"):
            m[key] = sorted(set(m[key]))
    return measures


policy_measures = resultstore.stored_default("policy_measures")(compute_measures)


def gap_measures(gap: dict[str, Any], measures: list[dict[str, Any]]) -> dict[str, Any]:
    """One 断链/弱链 row of ``kg gaps`` → the measures that address it, each with how its support
    reaches the segment (``via``) and the sentence that says so; ``related``: measures that name
    the segment's chain or the segment itself without the support it needs."""
    need = NEEDS[gap["status"]]
    carriers_by_type: dict[str, list[str]] = {}
    for c in gap["carriers"]:
        carriers_by_type.setdefault(c["type"], []).append(c["name"])
    next_tiers: dict[str, list[str]] = {}
    for firm in gap["strengthen"]:
        for tier in firm.get("next_tiers") or []:
            next_tiers.setdefault(tier, []).append(firm["name"])
    addressing, related = [], []
    for m in measures:
        reached, named = [], []
        for s in m["supports"]:
            via = _via(s, gap, carriers_by_type, next_tiers)
            if via is None:
                continue
            if set(s["kinds"]) & set(need):
                reached.append({"via": via, "sentence": s["sentence"], "kinds": s["kinds"]})
            elif s["label"] in ("IndustryChain", "ChainSegment"):
                named.append({"via": via, "sentence": s["sentence"], "kinds": s["kinds"]})
        head = {"no": m["no"], "title": m["title"]}
        if reached:
            addressing.append(
                {
                    **head,
                    "via": "；".join(r["via"] for r in reached),
                    "kinds": sorted({k for r in reached for k in r["kinds"]} & set(need)),
                    "sentence": _sentences(reached),
                }
            )
        elif named:
            related.append(
                {
                    **head,
                    "via": "；".join(r["via"] for r in named),
                    "kinds": sorted({k for r in named for k in r["kinds"]}),
                    "sentence": _sentences(named),
                }
            )
    return {
        "chain": gap["chain"],
        "segment": gap["segment"],
        "segment_uid": gap["segment_uid"],
        "position": gap["position"],
        "key_segment": gap["key_segment"],
        "status": gap["status"],
        "need": NEED_ZH[gap["status"]],
        "addressed": bool(addressing),
        "measures": addressing,
        "related": related,
        "reason": gap["evidence"]["reason"],
        "sample": gap["sample"],
    }


def _via(
    support: dict[str, Any],
    gap: dict[str, Any],
    carriers_by_type: dict[str, list[str]],
    next_tiers: dict[str, list[str]],
) -> str | None:
    """How one SUPPORTS link reaches the gap's segment, in words; None when it does not."""
    label = support["label"]
    if support.get("scope") and gap["chain"] not in support["scope"]:
        return None  # e.g. "6G领域高质量孵化器" reaches no other chain
    if label == "IndustryChain" and support["uid"] == gap["chain"]:
        return f"点名产业链「{gap['chain']}」"
    if label == "ChainSegment" and support["uid"] == gap["segment_uid"]:
        return f"覆盖关键环节「{gap['segment']}」"
    if label == "CarrierType" and support["name"] in carriers_by_type:
        names = "、".join(carriers_by_type[support["name"]][:3])
        return f"支持{support['name']}（服务本链：{names}）"
    if label == "Tier" and support["name"] in next_tiers and gap["status"] == WEAK:
        names = "、".join(next_tiers[support["name"]][:3])
        return f"支持{support['name']}（{names}可向其晋级）"
    return None


def _sentences(parts: list[dict[str, Any]]) -> str:
    seen: list[str] = []
    for p in parts:
        if p["sentence"] and p["sentence"] not in seen:
            seen.append(p["sentence"])
    return "".join(seen)


def measures_for(coverage: dict[str, Any], chain: str, segment: str) -> dict[str, Any] | None:
    """The coverage row of one gap segment (None when the segment is 强链 or unknown)."""
    return next((g for g in coverage["gaps"] if g["chain"] == chain and g["segment"] == segment), None)
