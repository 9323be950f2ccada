"""梯度培育: enterprises per tier per year, upward moves, and upgrade candidates by explicit rules.

Counting happens in Cypher (``pipeline_*.cypher``); the candidate rule is a set of keyword
arguments whose defaults and reasons are in ``docs/analyses.md``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kg.analyses import resultstore
from kg.analyses.gaps import HIGH_TECH_RANK, next_tiers
from kg.graph.schema import load_schema
from kg.querylib import fetch


def tier_pipeline(
    graph: Any,
    *,
    local_only: bool = True,
    min_rank: int = HIGH_TECH_RANK,
    max_rank: int = HIGH_TECH_RANK,
    require_key_segment: bool = True,
    require_research_partner: bool = True,
    max_names: int = 50,
) -> dict[str, Any]:
    """``counts`` (certified per tier per year, and cumulative), ``moves`` (upward moves by year),
    ``candidates`` (enterprises meeting the rule) and the ``criteria`` used.

    Default rule: a local enterprise whose highest tier is 高新技术企业 (rank 3, nothing above
    yet), in a key segment (关键环节), with at least one research partner.
    """
    if min_rank > max_rank:
        raise ValueError("min_rank must not exceed max_rank")
    district = load_schema().local_district if local_only else None
    counts = tier_counts(graph, local_only=local_only)
    moves = tier_moves(graph, local_only=local_only, max_names=max_names)
    candidates = tier_candidates(
        graph,
        local_only=local_only,
        min_rank=min_rank,
        max_rank=max_rank,
        require_key_segment=require_key_segment,
        require_research_partner=require_research_partner,
    )
    criteria = {
        "district": district or "全部",
        "highest_tier_rank_between": [min_rank, max_rank],
        "require_key_segment": require_key_segment,
        "require_research_partner": require_research_partner,
    }
    return {
        "counts": counts,
        "moves": moves,
        "candidates": candidates,
        "criteria": criteria,
        "sample": any(r["sample"] for r in (*counts, *moves, *candidates)),
    }


def compute_tier_counts(
    graph: Any, *, local_only: bool = True, chain: str | None = None
) -> list[dict[str, Any]]:
    """Certified enterprises per tier per year with a running total per tier: the pipeline's
    ``counts`` alone, for views that chart them without the moves and candidates; ``chain``
    counts only that chain's firms. ``tier_counts`` is this for the district's local firms read
    from what ``kg analyse`` stored (computed when not current), a chain's counted now;
    ``compute_tier_counts`` counts now."""
    district = load_schema().local_district if local_only else None
    counts = fetch(graph, "pipeline_counts", district=district, chain=chain)
    running: dict[str, int] = defaultdict(int)
    for row in counts:
        running[row["tier"]] += row["count"]
        row["cumulative"] = running[row["tier"]]
    return counts


tier_counts = resultstore.stored_default("tier_counts")(compute_tier_counts)


def tier_moves(
    graph: Any, *, local_only: bool = True, max_names: int = 50, chain: str | None = None
) -> list[dict[str, Any]]:
    """Upward moves by year (the pipeline's ``moves``; ``chain``: that chain's firms only):
    every certification of every firm is compared with the firm's earlier ones, so views fetch
    it only when asked."""
    district = load_schema().local_district if local_only else None
    return fetch(graph, "pipeline_moves", district=district, max_names=max_names, chain=chain)


def compute_candidates(
    graph: Any,
    *,
    local_only: bool = True,
    min_rank: int = HIGH_TECH_RANK,
    max_rank: int = HIGH_TECH_RANK,
    require_key_segment: bool = True,
    require_research_partner: bool = True,
) -> list[dict[str, Any]]:
    """The pipeline's ``candidates`` alone, each with its ``next_tiers`` and Chinese ``reason``.

    ``tier_candidates`` is this with the default rule (local firms, rank 3 only, key segment,
    research partner: what 梯度培育 opens on) read from what ``kg analyse`` stored after the last
    import (computed when not current); any other rule, or ``compute_candidates``, computes now."""
    if min_rank > max_rank:
        raise ValueError("min_rank must not exceed max_rank")
    district = load_schema().local_district if local_only else None
    candidates = fetch(
        graph,
        "pipeline_candidates",
        district=district,
        min_rank=min_rank,
        max_rank=max_rank,
        require_key_segment=require_key_segment,
        require_research_partner=require_research_partner,
    )
    for row in candidates:
        row["research_partners"] = sorted(set(row["research_partners"]))
        row["key_segments"] = sorted(set(row["key_segments"]))
        row["chains"] = sorted(set(row["chains"]))
        row["next_tiers"] = next_tiers(row["rank"])
        row["reason"] = _reason(row, require_key_segment, require_research_partner)
    return candidates


tier_candidates = resultstore.stored_default("tier_candidates")(compute_candidates)


def _reason(row: dict[str, Any], key: bool, partner: bool) -> str:
    since = f"（{row['since']}年起）" if row["since"] else ""
    parts = [f"当前最高梯度为{row['tier']}{since}，尚未获评更高梯度"]
    if row["key_segments"]:
        parts.append(f"位于关键环节{'、'.join(row['key_segments'])}")
    if row["research_partners"]:
        parts.append(f"已有科研合作伙伴{'、'.join(row['research_partners'][:5])}")
    if row["next_tiers"]:
        parts.append(f"可冲刺{'/'.join(row['next_tiers'])}")
    return "；".join(parts) + "。"
