"""Derived enterprise facts, written when the data is written (issue #11).

Every gap analysis needs each enterprise's highest tier and its number of collaborations; the
importer keeps them on the enterprise (``top_tier``, ``top_rank``, ``top_tier_year``,
``collaborations``) inside the import's own transaction, so an import stays all-or-nothing and the
analyses read them as plain indexed properties instead of recomputing them per (segment, firm).
Highest tier = largest rank, then the name that sorts first; its year = the earliest dated
certification at that tier. No certification: ``top_rank`` 0 and no ``top_tier``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

BATCH = 5000

UPDATE = """
UNWIND $uids AS u
MATCH (e:Enterprise {uid: u})
CALL (e) {
  OPTIONAL MATCH (e)-[r:CERTIFIED]->(t:Tier)
  WITH t, r ORDER BY t.rank DESC, t.name, r.year
  RETURN head(collect(CASE WHEN t IS NULL THEN null ELSE {name: t.name, rank: t.rank, year: r.year} END))
         AS top
}
SET e.top_tier = top.name, e.top_rank = coalesce(top.rank, 0), e.top_tier_year = top.year,
    e.collaborations = COUNT { (e)-[:COLLABORATES_WITH]-() }
"""
ALL_UIDS = "MATCH (e:Enterprise) RETURN collect(e.uid) AS uids"

# The relationship types whose change alters a derived fact, and the end that is the enterprise.
AFFECTING = ("CERTIFIED", "COLLABORATES_WITH")


def affected(nodes: dict[str, Any], rels: dict[tuple[str, str, str], Any]) -> list[str]:
    """Enterprise uids an import plan touches: its enterprise rows and the enterprise ends of its
    certifications and collaborations (``Plan.nodes`` / ``Plan.rels`` shapes)."""
    uids = set(nodes.get("Enterprise", {}))
    for (rtype, a, b), by_key in rels.items():
        if rtype not in AFFECTING:
            continue
        for row in by_key.values():
            if a == "Enterprise":
                uids.add(_end(row, "a"))
            if b == "Enterprise":
                uids.add(_end(row, "b"))
    return sorted(uids)


def _end(row: Any, side: str) -> str:
    """One end's uid of a planned relationship (a ``RelRow``, or a plain dict in older plans)."""
    return row[side] if isinstance(row, dict) else getattr(row, side)


def update(tx: Any, uids: Iterable[str]) -> int:
    """Recompute the derived facts of these enterprises in ``tx`` (a transaction or session)."""
    todo = list(uids)
    for start in range(0, len(todo), BATCH):
        tx.run(UPDATE, uids=todo[start : start + BATCH]).consume()
    return len(todo)


def update_plan(tx: Any, plan: Any) -> int:
    """The importer's hook: derived facts of every enterprise the plan touches, same transaction."""
    return update(tx, affected(plan.nodes, plan.rels))


def initial_facts(
    nodes: dict[str, list[dict[str, Any]]], rels: dict[tuple[str, str, str], Iterable[Any]]
) -> dict[str, dict[str, Any]]:
    """``UPDATE``'s facts for a graph about to be created whole (the offline initial load, which
    runs no Cypher until the store exists): the same ordering, computed from the node property
    maps (``{label: [node map]}``) and the planned relationships (``{(type, a, b): [RelRow]}``).
    A test holds both paths to the same values."""
    tiers = {t["uid"]: t for t in nodes.get("Tier", [])}
    certs: dict[str, list[tuple[int, str, float, Any]]] = {}
    collaborations: dict[str, int] = {}
    for (rtype, a, b), rows in rels.items():
        if rtype == "CERTIFIED" and a == "Enterprise" and b == "Tier":
            for row in rows:
                tier = tiers[row.b]
                year = row.props.get("year")
                # ORDER BY rank DESC, name, year (a missing year sorts last)
                order = (-tier["rank"], tier["name"], float("inf") if year is None else year)
                certs.setdefault(row.a, []).append((*order, year))
        elif rtype == "COLLABORATES_WITH":
            for side, label in (("a", a), ("b", b)):
                if label == "Enterprise":
                    for row in rows:
                        uid = getattr(row, side)
                        collaborations[uid] = collaborations.get(uid, 0) + 1
    out: dict[str, dict[str, Any]] = {}
    for e in nodes.get("Enterprise", []):
        best = min(certs.get(e["uid"], []), default=None)
        out[e["uid"]] = {
            "top_tier": best[1] if best else None,
            "top_rank": -best[0] if best else 0,
            "top_tier_year": best[3] if best else None,
            "collaborations": collaborations.get(e["uid"], 0),
        }
    return out


def refresh_all(graph: Any) -> int:
    """Recompute every enterprise's derived facts (databases written before issue #11, fixtures)."""
    with graph.driver.session(database=graph.database) as session:
        uids = session.run(ALL_UIDS).single(strict=True)["uids"]
        return session.execute_write(lambda tx: update(tx, uids))
