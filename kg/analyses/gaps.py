"""Chain gaps (断链 / 弱链 / 强链) per segment, with the 补链 / 强链 / 延链 actions and their evidence.

The server aggregates (``kg/queries/gaps_*.cypher``): firms per segment are grouped by local/outside
and highest tier, each group sorted best first and capped; Python only joins the groups, applies the
thresholds and writes the evidence. Definitions and defaults: ``docs/analyses.md``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kg.graph.schema import load_schema
from kg.querylib import check_chain, fetch

BROKEN, WEAK, STRONG = "断链", "弱链", "强链"
NO_TIER = "无资质"
RESEARCH_KINDS = ("University", "ResearchInstitute", "Expert", "Workstation")
HIGH_TECH_RANK = load_schema().high_tech_rank


def classify(local_count: int, high_tech_count: int, *, weak_max_local: int = 1) -> str:
    """断链 with no local firm; 弱链 with at most ``weak_max_local`` or none at high-tech+; else 强链."""
    if local_count == 0:
        return BROKEN
    if local_count <= weak_max_local or high_tech_count == 0:
        return WEAK
    return STRONG


def reason(status: str, local_count: int, high_tech_count: int, weak_max_local: int) -> str:
    """The status in one plain Chinese sentence, with the numbers it rests on."""
    if status == BROKEN:
        return "本环节无松江本地企业 → 断链"
    if local_count <= weak_max_local:
        return f"本地企业仅{local_count}家（≤{weak_max_local}家）→ 弱链"
    if high_tech_count == 0:
        return f"本地企业{local_count}家，但无高新技术企业及以上梯度 → 弱链"
    return f"本地企业{local_count}家，其中高新技术企业及以上{high_tech_count}家 → 强链"


def position_key(position: str | None) -> int:
    positions = load_schema().positions
    return positions.index(position) if position in positions else len(positions)


def segment_sort_key(seg: dict[str, Any]) -> tuple[Any, ...]:
    order = seg.get("order")
    return (seg["chain"], position_key(seg.get("position")),
            order if isinstance(order, int) else 10**9, seg["segment"] or "", seg["segment_uid"])


def firm_key(firm: dict[str, Any]) -> tuple[Any, ...]:
    """Best first: higher tier, more collaborations, then name (and uid) as tie-breakers."""
    return (-firm["rank"], -firm["collaborations"], firm["name"] or "", firm["uid"] or "")


def next_tiers(rank: int) -> list[str]:
    """The tier names one step above ``rank`` (the lowest rank that is higher)."""
    higher = sorted({t.rank for t in load_schema().tiers if t.rank > rank})
    if not higher:
        return []
    return [t.name for t in load_schema().tiers if t.rank == higher[0]]


def segment_data(graph: Any, chain: str | None, *, as_of_year: int | None = None,
                 max_names: int = 100) -> tuple[list[dict[str, Any]], dict[str, list[dict]]]:
    """Segments in upstream → downstream order, and each one's firm groups (shared with the chain map)."""
    check_chain(graph, chain)
    segments = sorted(fetch(graph, "gaps_segments", chain=chain), key=segment_sort_key)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    query = "gaps_firms" if as_of_year is None else "gaps_firms_as_of"
    for row in fetch(graph, query, chain=chain, local_district=load_schema().local_district,
                     as_of_year=as_of_year, max_names=max_names):
        groups[row["segment_uid"]].append(row)
    return segments, groups


def chain_gaps(
    graph: Any,
    chain: str | None = None,
    *,
    weak_max_local: int = 1,
    high_tech_rank: int = HIGH_TECH_RANK,
    max_targets: int = 10,
    max_partners: int = 10,
    max_evidence: int = 100,
    as_of_year: int | None = None,
) -> list[dict[str, Any]]:
    """One row per segment of ``chain`` (every chain when None), upstream → downstream.

    ``weak_max_local``: a segment with this many local firms or fewer is 弱链 (default 1).
    ``high_tech_rank``: the tier rank counted as "high-tech or above" (default 3, 高新技术企业).
    ``max_targets`` caps each action list; ``max_partners`` the research partners listed;
    ``max_evidence`` the names listed per evidence group (counts are always complete).
    ``as_of_year``: count only certifications dated that year or earlier (undated ones count).
    """
    if weak_max_local < 0 or max_targets < 0 or max_partners < 0 or max_evidence < 1:
        raise ValueError("thresholds and limits must not be negative (max_evidence at least 1)")
    max_names = max(max_evidence, max_targets)
    segments, groups = segment_data(graph, chain, as_of_year=as_of_year, max_names=max_names)
    research: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in fetch(graph, "gaps_research", chain=chain, max_names=max(max_partners, max_evidence)):
        research[row["segment_uid"]].append(row)
    carriers = {row["chain"]: row["carriers"] for row in fetch(graph, "gaps_carriers", chain=chain)}

    base: dict[str, dict[str, Any]] = {}
    for seg in segments:
        uid = seg["segment_uid"]
        local = [g for g in groups.get(uid, []) if g["local"]]
        local_count = sum(g["count"] for g in local)
        high = sum(g["count"] for g in local if g["rank"] >= high_tech_rank)
        status = classify(local_count, high, weak_max_local=weak_max_local)
        base[uid] = {"seg": seg, "status": status, "local_count": local_count, "high": high}

    rows = []
    for seg in segments:
        uid = seg["segment_uid"]
        info = base[uid]
        rows.append(_row(seg, info, groups.get(uid, []), research.get(uid, []),
                         carriers.get(seg["chain"], []), base, groups,
                         weak_max_local=weak_max_local, high_tech_rank=high_tech_rank,
                         max_targets=max_targets, max_partners=max_partners,
                         max_evidence=max_evidence))
    return rows


def _firm_view(firm: dict[str, Any]) -> dict[str, Any]:
    return {"name": firm["name"], "uid": firm["uid"], "tier": firm["tier"] or NO_TIER,
            "rank": firm["rank"], "collaborations": firm["collaborations"],
            "district": firm["district"], "sample": firm["sample"]}


def _row(seg: dict[str, Any], info: dict[str, Any], firm_groups: list[dict[str, Any]],
         research_groups: list[dict[str, Any]], chain_carriers: list[dict[str, Any]],
         base: dict[str, dict[str, Any]], groups: dict[str, list[dict[str, Any]]], *,
         weak_max_local: int, high_tech_rank: int, max_targets: int, max_partners: int,
         max_evidence: int) -> dict[str, Any]:
    status, local_count, high = info["status"], info["local_count"], info["high"]
    local_groups = sorted((g for g in firm_groups if g["local"]), key=lambda g: (-g["rank"], g["tier"] or ""))
    outside_groups = [g for g in firm_groups if not g["local"]]
    truncated = any(g["count"] > len(g["firms"]) for g in firm_groups)

    local_by_tier = {(g["tier"] or NO_TIER): g["count"] for g in local_groups}
    local_firms = sorted((f for g in local_groups for f in g["firms"]), key=firm_key)
    outside_firms = sorted((f for g in outside_groups for f in g["firms"]), key=firm_key)
    outside_count = sum(g["count"] for g in outside_groups)

    actions: list[str] = []
    targets: list[dict[str, Any]] = []
    strengthen: list[dict[str, Any]] = []
    extend: list[dict[str, Any]] = []
    if status != STRONG:
        targets = [_firm_view(f) for f in outside_firms[:max_targets]]
        if targets:
            actions.append("补链")
    if status == WEAK:
        for firm in local_firms[:max_targets]:
            view = _firm_view(firm)
            view["next_tiers"] = next_tiers(firm["rank"])
            strengthen.append(view)
        if strengthen:
            actions.append("强链")
    if status != STRONG:
        neighbours = [(u, "上游") for u in seg["upstream"]] + [(d, "下游") for d in seg["downstream"]]
        found = []
        for n_uid, direction in neighbours:
            if n_uid not in base:
                continue
            for g in groups.get(n_uid, []):
                if g["local"] and g["rank"] >= high_tech_rank:
                    for firm in g["firms"]:
                        view = _firm_view(firm)
                        view["from_segment"] = base[n_uid]["seg"]["segment"]
                        view["direction"] = direction
                        found.append(view)
        seen: set[str] = set()
        for view in sorted(found, key=lambda v: (firm_key(v), v["from_segment"])):
            if view["uid"] not in seen:
                seen.add(view["uid"])
                extend.append(view)
        extend = extend[:max_targets]
        if extend:
            actions.append("延链")

    partners_all = sorted(
        (p for g in research_groups for p in g["partners"]),
        key=lambda p: (-len(p["fields"]), RESEARCH_KINDS.index(p["kind"]), p["name"] or "", p["uid"]),
    )
    research_counts = {k: 0 for k in RESEARCH_KINDS}
    for g in research_groups:
        research_counts[g["kind"]] = g["count"]
    partners = [{"name": p["name"], "kind": p["kind"], "fields": sorted(p["fields"]),
                 "sample": p["sample"]} for p in partners_all[:max_partners]]
    if partners and status != STRONG:
        actions.append("产学研对接")

    evidence = {
        "reason": reason(status, local_count, high, weak_max_local),
        "local": {tier: [f["name"] for f in g["firms"][:max_evidence]]
                  for tier, g in ((g["tier"] or NO_TIER, g) for g in local_groups)},
        "outside": [f["name"] for f in outside_firms[:max_evidence]],
        "research": {k: [p["name"] for p in partners_all if p["kind"] == k][:max_evidence]
                     for k in RESEARCH_KINDS if research_counts[k]},
        "carriers": [c["name"] for c in chain_carriers],
        "tech_fields": sorted(seg["fields"]),
        "fed_by": sorted(base[u]["seg"]["segment"] for u in seg["upstream"] if u in base),
        "feeds": sorted(base[d]["seg"]["segment"] for d in seg["downstream"] if d in base),
        "names_truncated": truncated or any(g["count"] > len(g["partners"]) for g in research_groups),
    }
    sample = (bool(seg["sample"]) or any(g["sample"] for g in firm_groups)
              or any(g["sample"] for g in research_groups) or any(c["sample"] for c in chain_carriers))
    return {
        "chain": seg["chain"],
        "segment": seg["segment"],
        "segment_uid": seg["segment_uid"],
        "position": seg["position"],
        "order": seg["order"],
        "key_segment": seg["key_segment"],
        "status": status,
        "local_count": local_count,
        "high_tech_count": high,
        "local_by_tier": local_by_tier,
        "outside_count": outside_count,
        "actions": actions,
        "targets": targets,
        "strengthen": strengthen,
        "extend": extend,
        "research_partners": partners,
        "research_counts": research_counts,
        "carriers": [{"name": c["name"], "type": c["type"], "sample": c["sample"]} for c in chain_carriers],
        "evidence": evidence,
        "sample": sample,
    }
