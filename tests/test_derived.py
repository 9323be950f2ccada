"""Derived enterprise facts (highest tier, collaboration count) follow every import, incremental
ones included, and equal what the graph's certifications and collaborations say."""

from __future__ import annotations

from pathlib import Path

from kg.analyses.gaps import chain_gaps
from kg.ingest import import_files
from tests.ingest_helpers import big_files

RECOMPUTED = """
MATCH (e:Enterprise)
OPTIONAL MATCH (e)-[r:CERTIFIED]->(t:Tier)
WITH e, t, r ORDER BY t.rank DESC, t.name, r.year
WITH e, head(collect(CASE WHEN t IS NULL THEN null ELSE [t.name, t.rank, r.year] END)) AS top
RETURN e.uid AS uid, [top[0], coalesce(top[1], 0), top[2], COUNT { (e)-[:COLLABORATES_WITH]-() }] AS want,
       [e.top_tier, e.top_rank, e.top_tier_year, e.collaborations] AS have
"""


def mismatches(graph) -> list:
    rows = graph.driver.execute_query(RECOMPUTED, database_=graph.database).records
    assert rows
    return [(r["uid"], r["want"], r["have"]) for r in rows if r["want"] != r["have"]]


def test_derived_facts_follow_imports(graph, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    import_files(graph, big_files(first, 60, seed=1))
    assert mismatches(graph) == []
    before = chain_gaps(graph)
    # the same 60 firms again with other tiers and more collaborations: an incremental import
    import_files(graph, big_files(second, 60, collaborations_per_firm=3, seed=2))
    assert mismatches(graph) == []
    top = graph.driver.execute_query(
        "MATCH (e:Enterprise) RETURN max(e.collaborations) AS most, count(e.top_tier) AS tiered",
        database_=graph.database,
    ).records[0]
    assert top["most"] >= 3 and top["tiered"] == 60
    after = chain_gaps(graph)
    assert [r["local_by_tier"] for r in after] != [r["local_by_tier"] for r in before]
