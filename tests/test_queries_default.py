"""Every named query and every analysis on the default dataset (kg load-default)."""

from __future__ import annotations

import json
import time

import pytest

from kg import querylib
from kg.analyses.collab import collaboration
from kg.analyses.coverage import policy_coverage
from kg.analyses.gaps import chain_gaps
from kg.analyses.overview import chain_map, key_figures, neighbourhood
from kg.analyses.pipeline import tier_pipeline
from kg.dataset.default import load_default
from kg.graph.schema import load_schema
from tests.conftest import run_kg, wipe


@pytest.fixture(scope="module")
def default_graph(session_graph):
    wipe(session_graph)
    load_default(session_graph)
    return session_graph


def _one(graph, cypher: str) -> str:
    return graph.driver.execute_query(cypher).records[0][0]


@pytest.fixture(scope="module")
def values(default_graph) -> dict[str, object]:
    g = default_graph
    schema = load_schema()
    return {
        "segment": _one(g, "MATCH (s:ChainSegment {chain: '6G'})<-[:IN_SEGMENT]-() "
                           "RETURN s.name ORDER BY s.name LIMIT 1"),
        "enterprise": _one(g, "MATCH (e:Enterprise)-[:COLLABORATES_WITH]-() "
                              "WHERE EXISTS { (e)-[:CERTIFIED]->() } RETURN e.uid ORDER BY e.uid LIMIT 1"),
        "organisation": _one(g, "MATCH (u:University)-[:COLLABORATES_WITH]-() RETURN u.name "
                                "ORDER BY u.name LIMIT 1"),
        "text": "东华",
        "chain": "6G",
        "measure": 1,
        "tier": "高新技术企业",
        "field": _one(g, "MATCH (f:TechField)<-[:HAS_FIELD]-() RETURN f.uid ORDER BY f.uid LIMIT 1"),
        "park": _one(g, "MATCH (p:Park)<-[:LOCATED_IN]-(:Enterprise) RETURN p.name ORDER BY p.name LIMIT 1"),
        "uid": _one(g, "MATCH (e:Enterprise) RETURN e.uid ORDER BY e.uid LIMIT 1"),
        "ids": [_one(g, "MATCH (e:Enterprise) RETURN elementId(e) ORDER BY e.uid LIMIT 1")],
        # the 图谱结构 counts take the schema's labels and (type, source, target) pairs, as the page does
        "labels": list(schema.nodes),
        "pairs": [{"type": t, "source": a, "target": b}
                  for t, rel in schema.relationships.items() for a, b in rel.pairs],
    }


@pytest.mark.parametrize("name", sorted(querylib.library()))
def test_every_named_query_runs_on_default_data(default_graph, values, name: str) -> None:
    q = querylib.get(name)
    params = {p.name: values[p.name] for p in q.params if p.required}
    result = querylib.run(default_graph, name, params, limit=5000)
    assert result.columns
    if not name.startswith(("collab_isolates", "pipeline_candidates", "pipeline_moves",
                            "measures_for_tier", "tier_enterprises_by_year")):
        assert result.rows, f"{name} returned nothing on the default data"


def test_gaps_6g_lists_every_segment_with_status_and_evidence(default_graph) -> None:
    segments = default_graph.driver.execute_query(
        "MATCH (:IndustryChain {uid: '6G'})<-[:PART_OF]-(s) RETURN count(s) AS n").records[0]["n"]
    data = json.loads(run_kg("gaps", "--chain", "6G", "--format", "json", check=True).stdout)
    assert len(data) == segments >= 6
    assert all(r["status"] in ("断链", "弱链", "强链") and r["evidence"]["reason"] for r in data)
    assert {r["status"] for r in chain_gaps(default_graph)} >= {"断链", "弱链", "强链"}


def test_collab_brokers_and_recommendations_are_not_empty(default_graph) -> None:
    data = json.loads(run_kg("collab", "--format", "json", check=True).stdout)
    assert list(data) == ["brokers", "communities", "isolates", "bridges", "recommendations"]
    assert data["brokers"] and data["recommendations"] and data["communities"]
    assert all(r["reason"] for r in data["recommendations"])


def test_every_analysis_runs_on_default_data(default_graph) -> None:
    donghua = _one(default_graph, "MATCH (u:University {name: '东华大学'}) RETURN u.uid")
    timings = {}
    for name, call in {
        "gaps": lambda: chain_gaps(default_graph),
        "collab": lambda: collaboration(default_graph),
        "pipeline": lambda: tier_pipeline(default_graph),
        "coverage": lambda: policy_coverage(default_graph),
        "key_figures": lambda: key_figures(default_graph),
        "chain_map": lambda: chain_map(default_graph, "6G"),
        "neighbourhood": lambda: neighbourhood(default_graph, donghua, hops=2, label="University"),
    }.items():
        start = time.perf_counter()
        result = call()
        timings[name] = time.perf_counter() - start
        assert result
    assert tier_pipeline(default_graph)["counts"]
    assert len(policy_coverage(default_graph)["measures"]) == 11
    assert key_figures(default_graph)["sample_present"] is True
    print("default-data timings (s):", {k: round(v, 3) for k, v in timings.items()})


def _weights(ties: dict[str, list]) -> dict[tuple[str, str, str], int]:
    out: dict[tuple[str, str, str], int] = {}
    for a, b, kind, weight in zip(ties["a"], ties["b"], ties["kind"], ties["weight"], strict=True):
        out[(a, b, kind)] = out.get((a, b, kind), 0) + weight
    return out


def test_the_analysis_builds_the_ties_collab_edges_defines(default_graph) -> None:
    """kg collab reads raw relationship lists (collab_ties) and weighs them in Python; the
    weighted list must be the one collab_edges.cypher defines, for the district and each chain."""
    from kg.analyses.collabread import weighted_ties

    chains = [
        r["uid"]
        for r in default_graph.driver.execute_query("MATCH (c:IndustryChain) RETURN c.uid AS uid").records
    ]
    kinds_seen: set[str] = set()
    for chain in [None, *chains]:
        defined = querylib.fetch(default_graph, "collab_edges", chain=chain)[0]
        built = weighted_ties(querylib.fetch(default_graph, "collab_ties", chain=chain)[0], chain is not None)
        assert _weights(built) == _weights(defined), chain
        kinds_seen |= set(defined["kind"])
    # every kind of tie is in the default data, so each rule above was compared
    assert kinds_seen == {"collaboration", "consortium", "workstation", "affiliation"}


def test_the_district_reads_the_organisations_a_chain_read_would(default_graph) -> None:
    """collab_orgs_all (the district's single label scan) returns what collab_orgs returns for
    every organisation's id: the two files share their columns and must stay in step."""
    every = querylib.fetch(default_graph, "collab_orgs_all")[0]["orgs"]
    ids = [row[0] for row in every]
    picked = querylib.fetch(default_graph, "collab_orgs", ids=ids)[0]["orgs"]
    assert len(every) > 100
    assert sorted(map(repr, picked)) == sorted(map(repr, every))
