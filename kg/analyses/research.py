"""Research partners of a chain segment, each with the evidence a planner can check.

A university or institute serves a segment through a field of its own (a discipline or key lab,
with the URL that says so) or through an affiliated expert's field — then the evidence names the
expert: "经 王某（东华大学）". Input: the rows of ``gaps_research.cypher``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg.vocab import NO_DATA, label_zh

RESEARCH_KINDS = ("University", "ResearchInstitute", "Expert", "Workstation")
KIND_ZH = {kind: label_zh(kind) for kind in RESEARCH_KINDS}
NOT_APPLICABLE = "—"  # a column that does not apply to the row (not 未掌握: nothing is missing)


def partner_key(p: dict[str, Any]) -> tuple[Any, ...]:
    """Most shared fields first; then organisations before people (universities, institutes,
    experts, workstations) — the planner's question is which university could help; then a field
    of its own before one that only comes through an expert; then name and uid."""
    direct = sum(1 for m in p["matches"] if m["direct"])
    return (-len(p["fields"]), RESEARCH_KINDS.index(p["kind"]), -direct, p["name"] or "", p["uid"])


def _via_text(match: dict[str, Any], org: str | None) -> str:
    people = [v["name"] for v in match["via"]]
    more = match["via_count"] - len(people)
    names = "、".join(f"{name}（{org}）" if org else name for name in people)
    total = f"等{match['via_count']}位" if more > 0 else ""
    return f"经 {names}{total}"


def evidence_text(p: dict[str, Any]) -> str:
    """One line per shared field: its own field with the source URL, or the experts it comes through."""
    parts = []
    org = p["name"] if p["kind"] in ("University", "ResearchInstitute") else None
    for m in p["matches"]:
        if m["direct"]:
            where = f"（来源：{'；'.join(m['sources'])}）" if m["sources"] else ""
            own = "本人研究方向" if p["kind"] == "Expert" else "学科/平台方向"
            text = f"{m['field']}：{own}{where}"
            if m["via"]:
                text += f"；另{_via_text(m, org)}"
        else:
            text = f"{m['field']}：{_via_text(m, org)}"
        parts.append(text)
    return "；".join(parts)


def partner_view(p: dict[str, Any]) -> dict[str, Any]:
    """What a row shows of a partner: kind, fields, the evidence line, its affiliation and source."""
    return {
        "name": p["name"],
        "uid": p["uid"],
        "kind": p["kind"],
        "kind_zh": KIND_ZH[p["kind"]],
        "fields": sorted(p["fields"]),
        "via_experts": sorted({v["name"] for m in p["matches"] for v in m["via"]}),
        # a university is itself the organisation (nothing to know); an institute's parent is
        # not recorded, so it stays unknown like an expert without one
        "affiliation": "、".join(sorted(p.get("affiliations") or []))
        or (NOT_APPLICABLE if p["kind"] == "University" else None),
        "evidence": evidence_text(p),
        "source": p.get("source"),
        "sample": p["sample"],
    }


def display_name(p: dict[str, Any]) -> str:
    """An expert with the organisation they belong to; anything else by its name."""
    if p["kind"] == "Expert":
        return f"{p['name']}（{p['affiliation'] or '单位' + NO_DATA}）"
    return p["name"]


def nearest_fields(
    seg: dict[str, Any],
    neighbours: Iterable[tuple[dict[str, Any], list[dict[str, Any]]]],
    limit: int = 3,
    hops: int = 1,
) -> list[dict[str, Any]]:
    """For a segment nobody serves: the fields of the given FEEDS neighbours (``hops`` steps away)
    that do have partners — the closest research the district can build on. A field of a segment
    at the same position (a sibling: 太赫兹芯片 and 射频芯片 both feed 基站) comes first, as the
    technologically nearest; then the most partners, then the name."""
    own = set(seg["fields"])
    found: dict[str, dict[str, Any]] = {}
    for n_seg, partners in neighbours:
        for p in partners:
            for f in p["fields"]:
                if f in own or f not in n_seg["fields"]:
                    continue
                entry = found.setdefault(
                    f, {"field": f, "segments": set(), "partners": set(), "sibling": False}
                )
                entry["segments"].add(n_seg["segment"])
                entry["partners"].add(p["uid"] + "@" + p["kind"])
                entry["sibling"] |= n_seg.get("position") == seg.get("position")
    ranked = sorted(found.values(), key=lambda e: (not e["sibling"], -len(e["partners"]), e["field"]))
    return [
        {"field": e["field"], "segments": sorted(e["segments"]), "partners": len(e["partners"]), "hops": hops}
        for e in ranked[:limit]
    ]


def no_partner_note(seg: dict[str, Any], nearest: list[dict[str, Any]], hops: int = 1) -> str:
    """Why the list is empty and where to look instead (``hops``: how far the search went)."""
    fields = "、".join(sorted(seg["fields"])) or NO_DATA
    text = (
        f"本环节技术领域（{fields}）的科研伙伴：图谱中{NO_DATA}（没有高校、院所、专家或工作站登记了这些领域）"
    )
    if nearest:
        best = "；".join(
            f"{n['field']}（{'相邻环节' if n['hops'] == 1 else '隔一环节'}{'、'.join(n['segments'])}，"
            f"{n['partners']}个科研伙伴）"
            for n in nearest
        )
        return f"{text}；最近的有科研伙伴的领域：{best}"
    reach = "相邻环节" if hops <= 1 else f"上下游{hops}级以内环节"
    return f"{text}；{reach}的技术领域亦{NO_DATA}科研伙伴"
