"""Time: a chain as it stood at the end of a year, and what changed between two years.

"As of year Y" leaves out enterprises founded after Y and certifications and collaborations dated
after Y (``gaps_firms_as_of.cypher``); undated facts always count. The comparison classifies every
segment at both years with the same thresholds and names the dated facts in between
(``timeline_changes.cypher``) that can change a status: a local firm founded (the local count) and a
certification at 高新技术企业 or above (the high-tech count). Collaborations and lower tiers never
change a status, so they are never named as its reason. Definitions: ``docs/analyses.md``.
"""

from __future__ import annotations

from typing import Any

from kg.analyses.gaps import chain_gaps
from kg.graph.schema import load_schema
from kg.querylib import fetch
from kg.vocab import BROKEN, HIGH_TECH_RANK, LOCAL_DISTRICT, STRONG, WEAK

STATUS_ORDER = {BROKEN: 0, WEAK: 1, STRONG: 2}
FILLED, STRENGTHENED, NEW_BROKEN, NEW_WEAK = "补上的断链", "弱链转强", "新增断链", "新增弱链"


def gaps_as_of(graph: Any, chain: str | None, year: int, **thresholds: Any) -> list[dict[str, Any]]:
    """``kg gaps`` as the graph stood at the end of ``year``."""
    return chain_gaps(graph, chain, as_of_year=year, **thresholds)


def compare(graph: Any, chain: str | None, year_a: int, year_b: int, **thresholds: Any) -> dict[str, Any]:
    """Every segment's status at the end of ``year_a`` and of ``year_b``, and for those whose status
    changed the enterprises founded, certifications and collaborations dated in between.

    ``change`` is 补上的断链 when a 断链 got a local firm, 弱链转强 when a 弱链 became 强链, 新增断链 /
    新增弱链 when it got worse (possible when A is the later year). ``filled``, ``strengthened`` and
    ``new_gaps`` list those segments.
    """
    if year_a == year_b:
        raise ValueError("choose two different years")
    rows_a = {r["segment_uid"]: r for r in gaps_as_of(graph, chain, year_a, **thresholds)}
    rows_b = gaps_as_of(graph, chain, year_b, **thresholds)
    facts: dict[str, list[dict[str, Any]]] = {}
    for f in fetch(
        graph,
        "timeline_changes",
        chain=chain,
        local_district=LOCAL_DISTRICT,
        year_from=min(year_a, year_b),
        year_to=max(year_a, year_b),
    ):
        facts.setdefault(f["segment_uid"], []).append(f)
    rank = {name: t.rank for name, t in load_schema().tier_by_name().items()}
    high_tech = int(thresholds.get("high_tech_rank", HIGH_TECH_RANK))
    segments = []
    for b in rows_b:
        a = rows_a[b["segment_uid"]]
        segments.append(_segment(a, b, facts.get(b["segment_uid"], []), rank, high_tech))
    return {
        "chain": chain,
        "year_a": year_a,
        "year_b": year_b,
        "segments": segments,
        "filled": [s["segment"] for s in segments if s["change"] == FILLED],
        "strengthened": [s["segment"] for s in segments if s["change"] == STRENGTHENED],
        "new_gaps": [s["segment"] for s in segments if s["change"] in (NEW_BROKEN, NEW_WEAK)],
        "sample": any(s["sample"] for s in segments),
    }


def _segment(
    a: dict[str, Any], b: dict[str, Any], facts: list[dict[str, Any]], rank: dict[str, int], high_tech: int
) -> dict[str, Any]:
    diff = STATUS_ORDER[b["status"]] - STATUS_ORDER[a["status"]]
    if diff == 0:
        change = ""
    elif diff > 0:
        change = FILLED if a["status"] == BROKEN else STRENGTHENED
    else:
        change = NEW_BROKEN if b["status"] == BROKEN else NEW_WEAK
    # only what moves the two numbers a status is read from can be the reason it moved
    counts_moved = a["local_count"] != b["local_count"]
    high_moved = a["high_tech_count"] != b["high_tech_count"]
    return {
        "chain": b["chain"],
        "segment": b["segment"],
        "segment_uid": b["segment_uid"],
        "position": b["position"],
        "key_segment": b["key_segment"],
        "status_a": a["status"],
        "status_b": b["status"],
        "changed": diff != 0,
        "change": change,
        "local_a": a["local_count"],
        "local_b": b["local_count"],
        "high_tech_a": a["high_tech_count"],
        "high_tech_b": b["high_tech_count"],
        "reason_a": a["evidence"]["reason"],
        "reason_b": b["evidence"]["reason"],
        "enterprises": [
            {"name": f["name"], "uid": f["uid"], "founded_year": f["year"]}
            for f in facts
            if f["kind"] == "founded" and counts_moved
        ],
        "certifications": [
            {"name": f["name"], "uid": f["uid"], "tier": f["tier"], "year": f["year"]}
            for f in facts
            if f["kind"] == "certified" and high_moved and rank.get(f["tier"], 0) >= high_tech
        ],
        "sample": a["sample"] or b["sample"] or any(f["sample"] for f in facts),
    }


def change_summary(result: dict[str, Any]) -> list[str]:
    """One Chinese line per changed segment, naming the facts behind the change."""
    lines = []
    for s in result["segments"]:
        if not s["changed"]:
            continue
        facts = [f"{e['name']}（{e['founded_year']}年成立）" for e in s["enterprises"]]
        facts += [f"{c['name']}获评{c['tier']}（{c['year']}）" for c in s["certifications"]]
        why = "；".join(facts[:4]) or "无新增的带年份事实"
        lines.append(f"{s['segment']}：{s['status_a']} → {s['status_b']}（{s['change']}）。{why}")
    return lines
