"""Chain gaps (断链 / 弱链 / 强链) per segment, with the 补链 / 强链 / 延链 actions and their evidence.

The server aggregates (``kg/queries/gaps_*.cypher``): firms per segment are grouped by local/outside
and highest tier, each group sorted best first and capped; Python only joins the groups, applies the
thresholds and writes the evidence. Definitions and defaults: ``docs/analyses.md``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from kg.analyses import resultstore
from kg.analyses.research import (
    RESEARCH_KINDS,
    display_name,
    nearest_fields,
    no_partner_note,
    partner_key,
    partner_view,
)
from kg.analyses.results import GapRow
from kg.graph.schema import load_schema
from kg.querylib import check_chain, fetch
from kg.vocab import BROKEN, HIGH_TECH_RANK, NO_DATA, NO_TIER, STRONG, WEAK, position_key


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


def segment_sort_key(seg: dict[str, Any]) -> tuple[Any, ...]:
    order = seg.get("order")
    return (
        seg["chain"],
        position_key(seg.get("position")),
        order if isinstance(order, int) else 10**9,
        seg["segment"] or "",
        seg["segment_uid"],
    )


def firm_key(firm: dict[str, Any]) -> tuple[Any, ...]:
    """Best first: higher tier, more collaborations, then name (and uid) as tie-breakers."""
    return (-firm["rank"], -firm["collaborations"], firm["name"] or "", firm["uid"] or "")


def next_tiers(rank: int) -> list[str]:
    """The tier names one step above ``rank`` (the lowest rank that is higher)."""
    higher = sorted({t.rank for t in load_schema().tiers if t.rank > rank})
    if not higher:
        return []
    return [t.name for t in load_schema().tiers if t.rank == higher[0]]


def segment_data(
    graph: Any, chain: str | None, *, as_of_year: int | None = None, max_names: int = 100
) -> tuple[list[dict[str, Any]], dict[str, list[dict]]]:
    """Segments in upstream → downstream order, and each one's firm groups (shared with the chain map)."""
    check_chain(graph, chain)
    segments = sorted(fetch(graph, "gaps_segments", chain=chain), key=segment_sort_key)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    query = "gaps_firms" if as_of_year is None else "gaps_firms_as_of"
    for row in fetch(
        graph,
        query,
        chain=chain,
        local_district=load_schema().local_district,
        as_of_year=as_of_year,
        max_names=max_names,
    ):
        groups[row["segment_uid"]].append(row)
    return segments, groups


def compute_statuses(
    graph: Any, chain: str | None = None, *, weak_max_local: int = 1, high_tech_rank: int = HIGH_TECH_RANK
) -> list[dict[str, Any]]:
    """Every segment's status only (``chain``, ``segment``, ``segment_uid``, ``status``, counts),
    by the same rule as :func:`chain_gaps` — for callers that need no names (one counting query
    instead of the firm lists, research partners and evidence). ``segment_statuses`` is this with
    its default settings read from what ``kg analyse`` stored; ``compute_statuses`` counts now."""
    check_chain(graph, chain)
    rows = fetch(
        graph,
        "gaps_status",
        chain=chain,
        local_district=load_schema().local_district,
        high_tech_rank=high_tech_rank,
    )
    for row in rows:
        row["status"] = classify(row["local_count"], row["high_tech_count"], weak_max_local=weak_max_local)
    return rows


segment_statuses = resultstore.stored_default("segment_statuses", scope="chain")(compute_statuses)


def compute_gaps(
    graph: Any,
    chain: str | None = None,
    *,
    weak_max_local: int = 1,
    high_tech_rank: int = HIGH_TECH_RANK,
    max_targets: int = 10,
    max_partners: int = 10,
    max_evidence: int = 100,
    as_of_year: int | None = None,
) -> list[GapRow]:
    """One row per segment of ``chain`` (every chain when None), upstream → downstream.

    ``weak_max_local``: a segment with this many local firms or fewer is 弱链 (default 1).
    ``high_tech_rank``: the tier rank counted as "high-tech or above" (default 3, 高新技术企业).
    ``max_targets`` caps each action list; ``max_partners`` the research partners listed;
    ``max_evidence`` the names listed per evidence group (counts are always complete).
    ``as_of_year``: the graph as it stood at the end of that year — firms founded later, and
    certifications and collaborations dated later, do not count (undated ones count).

    ``chain_gaps`` is this with the default settings read from what ``kg analyse`` stored after
    the last import (computed when not current); ``compute_gaps`` always computes now.
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
        ctx = RowContext(
            base=base,
            groups=groups,
            research=research,
            weak_max_local=weak_max_local,
            high_tech_rank=high_tech_rank,
            max_targets=max_targets,
            max_partners=max_partners,
            max_evidence=max_evidence,
            tier_known=as_of_year is None,
        )
        rows.append(build_row(seg, carriers.get(seg["chain"], []), ctx))
    return rows


chain_gaps = resultstore.stored_default("chain_gaps", scope="chain")(compute_gaps)


# -- one row: firms, actions with advice that fits each firm, research partners, evidence ---------


@dataclass
class RowContext:
    """What every row needs besides its own segment: all segments' status and firm groups (for
    延链 and the nearest research field) and the thresholds."""

    base: dict[str, dict[str, Any]]
    groups: dict[str, list[dict[str, Any]]]
    research: dict[str, list[dict[str, Any]]]
    weak_max_local: int
    high_tech_rank: int
    max_targets: int
    max_partners: int
    max_evidence: int
    tier_known: bool = True


def tier_label(tier: str | None, sample: bool, tier_known: bool = True) -> str:
    """A firm's top tier; with none, 无资质 only where the data are complete (the sample layer,
    or a dated cut-off), else 未掌握 — a public record that lists no certification says nothing."""
    if tier:
        return tier
    return NO_TIER if sample or not tier_known else NO_DATA


def _firm_view(firm: dict[str, Any], tier_known: bool = True) -> dict[str, Any]:
    return {
        "name": firm["name"],
        "uid": firm["uid"],
        "tier": tier_label(firm["tier"], firm["sample"], tier_known),
        "rank": firm["rank"],
        "collaborations": firm["collaborations"],
        "district": firm["district"],
        "sample": firm["sample"],
    }


def target_effect(status: str, local_count: int, high: int, rank: int, ctx: RowContext) -> str:
    """What attracting this outside firm would do to the segment's status (same rule as classify)."""
    after = classify(local_count + 1, high + (rank >= ctx.high_tech_rank), weak_max_local=ctx.weak_max_local)
    if after == status:
        return f"引进后仍为{after}（还需高新技术企业及以上或更多本地企业）"
    return f"引进后{status}→{after}"


def strengthen_step(firm: dict[str, Any], local_count: int, ctx: RowContext) -> str:
    """The next step that exists for this firm: the next tier where that helps the segment, else
    (a single firm already high-tech, or at the top rank) a second local firm in the segment."""
    upward = next_tiers(firm["rank"])
    single = local_count <= ctx.weak_max_local
    if firm["rank"] >= ctx.high_tech_rank:
        if not upward:
            return f"已处最高梯度（{firm['tier']}），无需再升梯度：引进或培育第二家本地企业进入本环节"
        return f"已是{firm['tier']}：补强关键在引进或培育第二家本地企业进入本环节"
    if not upward:  # only when high_tech_rank is set above every tier
        return f"已处最高梯度（{firm['tier'] or NO_TIER}）：引进或培育更多本地企业进入本环节"
    step = f"培育至{'/'.join(upward)}"
    if single:
        step += "，并引进或培育第二家本地企业"
    return step


def _strengthen(local_firms: list[dict[str, Any]], local_count: int, ctx: RowContext) -> list[dict[str, Any]]:
    out = []
    for firm in local_firms[: ctx.max_targets]:
        view = _firm_view(firm, ctx.tier_known)
        view["next_tiers"] = next_tiers(firm["rank"])
        view["next_step"] = strengthen_step(firm, local_count, ctx)
        out.append(view)
    return out


def _extend(seg: dict[str, Any], own_uids: set[str], ctx: RowContext) -> list[dict[str, Any]]:
    """Local high-tech-or-above firms of FEEDS neighbours that are not already in this segment."""
    neighbours = [(u, "上游") for u in seg["upstream"]] + [(d, "下游") for d in seg["downstream"]]
    found = []
    for n_uid, direction in neighbours:
        if n_uid not in ctx.base:
            continue
        for g in ctx.groups.get(n_uid, []):
            if g["local"] and g["rank"] >= ctx.high_tech_rank:
                for firm in g["firms"]:
                    if firm["uid"] in own_uids:
                        continue  # already here: nothing to extend
                    view = _firm_view(firm, ctx.tier_known)
                    neighbour = ctx.base[n_uid]["seg"]
                    view["from_segment"] = neighbour["segment"]
                    # the neighbour's own 位置, as its table shows it (a 下游 segment can feed a
                    # 中游 one): the FEEDS direction only when the chain gives it no position
                    view["direction"] = neighbour.get("position") or direction
                    found.append(view)
    seen: set[str] = set()
    out = []
    for view in sorted(found, key=lambda v: (firm_key(v), v["from_segment"])):
        if view["uid"] not in seen:
            seen.add(view["uid"])
            out.append(view)
    return out[: ctx.max_targets]


Rows = list[dict[str, Any]]


def _research(
    seg: dict[str, Any], research_groups: Rows, ctx: RowContext
) -> tuple[Rows, Rows, dict[str, int], str | None]:
    """(all partners best first, the listed views, counts per kind, the note when there is none)."""
    partners_all = sorted((p for g in research_groups for p in g["partners"]), key=partner_key)
    counts = {k: 0 for k in RESEARCH_KINDS}
    for g in research_groups:
        counts[g["kind"]] = g["count"]
    views = [partner_view(p) for p in partners_all[: ctx.max_partners]]
    note = None
    if not partners_all:
        note = _nearest_note(seg, ctx)
    return partners_all, views, counts, note


def _nearest_note(seg: dict[str, Any], ctx: RowContext, max_hops: int = 2) -> str:
    """Search the FEEDS neighbourhood ring by ring (adjacent, then one segment further) for the
    nearest fields that have research partners."""
    seen, frontier, nearest, hops = {seg["segment_uid"]}, [seg["segment_uid"]], [], 0
    while frontier and not nearest and hops < max_hops:
        hops += 1
        ring = []
        for u in frontier:
            here = ctx.base[u]["seg"]
            for n in [*here["upstream"], *here["downstream"]]:
                if n in ctx.base and n not in seen:
                    seen.add(n)
                    ring.append(n)
        frontier = sorted(ring)
        neighbours = [
            (ctx.base[u]["seg"], [p for g in ctx.research.get(u, []) for p in g["partners"]])
            for u in frontier
        ]
        nearest = nearest_fields(seg, neighbours, hops=hops)
    return no_partner_note(seg, nearest, hops)


def _advice(
    status: str,
    local_firms: list[dict[str, Any]],
    targets: list[dict[str, Any]],
    strengthen: list[dict[str, Any]],
    extend: list[dict[str, Any]],
    partners: list[dict[str, Any]],
) -> dict[str, str]:
    """One Chinese sentence per action, built only from what the row lists."""
    advice: dict[str, str] = {}
    if targets:
        advice["补链"] = "招引区外企业：" + "；".join(
            f"{t['name']}（{t['tier']}，{t['effect']}）" for t in targets[:3]
        )
    if strengthen:
        advice["强链"] = "；".join(f"{f['name']}：{f['next_step']}" for f in strengthen[:3])
    if extend:
        advice["延链"] = "；".join(
            f"{f['name']}（{f['tier']}）由{f['direction']}环节「{f['from_segment']}」延伸至本环节"
            for f in extend[:3]
        )
    if partners and status != STRONG:
        who = "、".join(f"{display_name(p)}（{'、'.join(p['fields'])}）" for p in partners[:3])
        if local_firms:
            firms = "、".join(f["name"] for f in local_firms[:3])
            advice["产学研对接"] = f"对接本环节企业{firms}与{who}"
        else:
            advice["产学研对接"] = f"本环节无本地企业：依托{who}孵化或配套招引项目"
    return advice


def _evidence(
    seg: dict[str, Any],
    info: dict[str, Any],
    local_groups: list[dict[str, Any]],
    outside_firms: list[dict[str, Any]],
    partners_all: list[dict[str, Any]],
    counts: dict[str, int],
    chain_carriers: list[dict[str, Any]],
    truncated: bool,
    ctx: RowContext,
) -> dict[str, Any]:
    base, cap = ctx.base, ctx.max_evidence
    return {
        "reason": reason(info["status"], info["local_count"], info["high"], ctx.weak_max_local),
        "local": {_group_tier(g, ctx): [f["name"] for f in g["firms"][:cap]] for g in local_groups},
        "outside": [f["name"] for f in outside_firms[:cap]],
        "research": {
            k: [display_name(partner_view(p)) for p in partners_all if p["kind"] == k][:cap]
            for k in RESEARCH_KINDS
            if counts[k]
        },
        "carriers": [c["name"] for c in chain_carriers],
        "tech_fields": sorted(seg["fields"]),
        "fed_by": sorted(base[u]["seg"]["segment"] for u in seg["upstream"] if u in base),
        "feeds": sorted(base[d]["seg"]["segment"] for d in seg["downstream"] if d in base),
        "names_truncated": truncated,
    }


def _group_tier(group: dict[str, Any], ctx: RowContext) -> str:
    """A tier group's label; firms with no certification are 无资质 only when all are sample."""
    return tier_label(group["tier"], all(f["sample"] for f in group["firms"]), ctx.tier_known)


def build_row(seg: dict[str, Any], chain_carriers: list[dict[str, Any]], ctx: RowContext) -> GapRow:
    """One segment's answer: status, firms, the four actions with advice, research, evidence."""
    uid = seg["segment_uid"]
    info = ctx.base[uid]
    status, local_count, high = info["status"], info["local_count"], info["high"]
    firm_groups = ctx.groups.get(uid, [])
    research_groups = ctx.research.get(uid, [])
    local_groups = sorted((g for g in firm_groups if g["local"]), key=lambda g: (-g["rank"], g["tier"] or ""))
    outside_groups = [g for g in firm_groups if not g["local"]]
    local_firms = sorted((f for g in local_groups for f in g["firms"]), key=firm_key)
    outside_firms = sorted((f for g in outside_groups for f in g["firms"]), key=firm_key)

    targets: list[dict[str, Any]] = []
    strengthen: list[dict[str, Any]] = []
    extend: list[dict[str, Any]] = []
    if status != STRONG:
        for firm in outside_firms[: ctx.max_targets]:
            view = _firm_view(firm, ctx.tier_known)
            view["effect"] = target_effect(status, local_count, high, firm["rank"], ctx)
            targets.append(view)
        extend = _extend(seg, {f["uid"] for f in local_firms}, ctx)
    if status == WEAK:
        strengthen = _strengthen(local_firms, local_count, ctx)
    partners_all, partners, counts, note = _research(seg, research_groups, ctx)
    actions = [name for name, items in (("补链", targets), ("强链", strengthen), ("延链", extend)) if items]
    if partners and status != STRONG:
        actions.append("产学研对接")

    truncated = any(g["count"] > len(g["firms"]) for g in firm_groups) or any(
        g["count"] > len(g["partners"]) for g in research_groups
    )
    sample = (
        bool(seg["sample"])
        or any(g["sample"] for g in firm_groups)
        or any(g["sample"] for g in research_groups)
        or any(c["sample"] for c in chain_carriers)
    )
    return {
        "chain": seg["chain"],
        "segment": seg["segment"],
        "segment_uid": uid,
        "position": seg["position"],
        "order": seg["order"],
        "key_segment": seg["key_segment"],
        "status": status,
        "local_count": local_count,
        "high_tech_count": high,
        "local_by_tier": {_group_tier(g, ctx): g["count"] for g in local_groups},
        "outside_count": sum(g["count"] for g in outside_groups),
        "actions": actions,
        "advice": _advice(status, local_firms, targets, strengthen, extend, partners),
        "targets": targets,
        "strengthen": strengthen,
        "extend": extend,
        "research_partners": partners,
        "research_counts": counts,
        "research_note": note,
        "carriers": [{"name": c["name"], "type": c["type"], "sample": c["sample"]} for c in chain_carriers],
        "evidence": _evidence(
            seg, info, local_groups, outside_firms, partners_all, counts, chain_carriers, truncated, ctx
        ),
        "sample": sample,
    }
