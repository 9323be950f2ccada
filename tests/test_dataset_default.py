"""`kg load-default` and `kg synth` on the real server: provenance, sample flags, idempotence, gaps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.dataset.sample import load_profile
from kg.graph.connection import Graph
from tests.conftest import count_all, run_kg, wipe

SNAPSHOT_NODES = """
MATCH (n) WHERE NOT n:ImportRun
RETURN labels(n) AS labels, n.uid AS uid, properties(n) AS props ORDER BY uid, labels[0]
"""
SNAPSHOT_RELS = """
MATCH (a)-[r]->(b) WHERE NOT a:ImportRun
RETURN type(r) AS t, a.uid AS a, b.uid AS b, properties(r) AS props ORDER BY t, a, b, props.key
"""


def snapshot(graph: Graph) -> tuple[list[dict], list[dict]]:
    def rows(query: str) -> list[dict]:
        return [
            json.loads(json.dumps(r.data(), default=str, sort_keys=True))
            for r in graph.driver.execute_query(query, database_=graph.database).records
        ]

    return rows(SNAPSHOT_NODES), rows(SNAPSHOT_RELS)


@pytest.fixture(scope="module")
def loaded(session_graph: Graph) -> dict:
    """The default dataset loaded twice with the real `kg` command; what each run left behind."""
    wipe(session_graph)
    first = run_kg("load-default")
    assert first.returncode == 0, first.stderr + first.stdout
    counts, snap = count_all(session_graph), snapshot(session_graph)
    second = run_kg("load-default")
    assert second.returncode == 0, second.stderr
    return {"first": first, "second": second, "counts": counts, "snapshot": snap, "graph": session_graph}


def q(graph: Graph, text: str, **params) -> list[dict]:
    return [r.data() for r in graph.driver.execute_query(text, params, database_=graph.database).records]


def test_load_default_prints_counts_and_rerun_changes_nothing(loaded) -> None:
    graph = loaded["graph"]
    out = loaded["first"].stdout
    assert "11 measures" in out and "Enterprise" in out and "illustrative sample" in out
    assert "0 nodes created, 0 relationships created" in loaded["second"].stdout
    assert count_all(graph) == loaded["counts"]
    assert snapshot(graph) == loaded["snapshot"]
    nodes, rels = loaded["counts"]
    assert nodes > 400 and rels > 2000


def test_provenance_on_every_node_and_relationship(loaded) -> None:
    graph = loaded["graph"]
    # (:CollabAnalysis) nodes are results computed from the data (kg analyse), not imported facts
    assert q(graph, "MATCH (n) WHERE NOT n:CollabAnalysis AND (n.source IS NULL OR trim(n.source) = '') "
                    "RETURN n.uid AS uid") == []
    assert (
        q(graph, "MATCH ()-[r]->() WHERE r.source IS NULL OR trim(r.source) = '' RETURN type(r) AS t") == []
    )
    # Public facts carry their URL; everything from a file carries file#sha256:…:row N.
    sources = q(
        graph,
        "MATCH (n:Enterprise|University|ResearchInstitute|Park|ChainSegment) "
        "WHERE NOT n.source STARTS WITH 'http' AND NOT n.source CONTAINS '#sha256:' "
        "RETURN n.uid AS uid",
    )
    assert sources == []


def test_sample_flags_split_public_from_illustrative(loaded) -> None:
    graph = loaded["graph"]
    mark = load_profile()["name_mark"]
    rows = q(
        graph,
        # imported nodes only: import runs and stored analyses (CollabAnalysis) are bookkeeping
        "MATCH (n) WHERE n.name IS NOT NULL AND NOT n:ImportRun AND NOT n:CollabAnalysis "
        "RETURN labels(n)[0] AS label, n.name AS name, n.sample AS sample, n.source AS src",
    )
    sample = [r for r in rows if r["name"].startswith(mark)]
    public = [r for r in rows if not r["name"].startswith(mark)]
    assert len(sample) >= 150 + 40 + 10 + 5 + 12
    assert all(r["sample"] is True for r in sample)
    assert all(r["sample"] is not True for r in public), [r for r in public if r["sample"]][:3]
    assert all(r["src"].startswith("示例-") for r in sample)
    universities = [r for r in public if r["label"] == "University"]
    assert len(universities) == 7 and all(r["src"].startswith("http") for r in universities)
    # Every relationship that touches a sample node is itself sample.
    assert q(graph, "MATCH (a)-[r]-(b) WHERE a.sample AND NOT r.sample RETURN type(r) AS t LIMIT 5") == []
    real_firms = q(graph, "MATCH (e:Enterprise) WHERE NOT e.sample RETURN e.name AS n, e.district AS d")
    assert len(real_firms) == 15 and {r["d"] for r in real_firms} == {"松江区"}
    assert q(graph, "MATCH (n) WHERE n.name CONTAINS '司南' RETURN n.name AS n") == []


def test_deliberate_gaps_are_real_in_the_graph(loaded) -> None:
    graph = loaded["graph"]
    gaps = load_profile()["gaps"]
    per_segment = """
    MATCH (s:ChainSegment {uid: $uid})
    OPTIONAL MATCH (e:Enterprise)-[:IN_SEGMENT]->(s)
    OPTIONAL MATCH (e)-[:CERTIFIED]->(t:Tier)
    WITH s, e, max(t.rank) AS top
    RETURN count(CASE WHEN e.district = '松江区' THEN 1 END) AS local,
           count(CASE WHEN e IS NOT NULL AND e.district <> '松江区' THEN 1 END) AS outside,
           count(CASE WHEN e.district = '松江区' AND top >= 3 THEN 1 END) AS local_high
    """
    for chain, seg in gaps["broken"]:
        (row,) = q(graph, per_segment, uid=f"{chain}/{seg}")
        assert row["local"] == 0 and row["outside"] >= 1, (chain, seg, row)
    for chain, seg in gaps["weak_single"]:
        (row,) = q(graph, per_segment, uid=f"{chain}/{seg}")
        assert row["local"] == 1, (chain, seg, row)
    for chain, seg in gaps["weak_low"]:
        (row,) = q(graph, per_segment, uid=f"{chain}/{seg}")
        assert row["local"] >= 1 and row["local_high"] == 0, (chain, seg, row)


def test_chains_policy_and_research_are_connected(loaded) -> None:
    graph = loaded["graph"]
    chains = q(
        graph,
        "MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment) RETURN c.name AS c, count(s) AS n ORDER BY c",
    )
    assert {r["c"]: r["n"] for r in chains} == {
        "6G": 12,
        "卫星互联网": 6,
        "脑机接口": 10,
        "医疗器械": 9,
        "智能终端": 11,
        "电子信息": 12,
    }
    assert q(graph, "MATCH (:ChainSegment)-[f:FEEDS]->(:ChainSegment) RETURN count(f) AS n")[0]["n"] > 50
    links = q(graph, "MATCH (m:Measure)-[:SUPPORTS]->(t) RETURN labels(t)[0] AS l, count(*) AS n")
    assert {r["l"] for r in links} == {
        "IndustryChain", "Tier", "CarrierType", "Consortium", "Workstation", "ChainSegment"
    }
    # Research reaches segments through shared technology fields.
    matched = q(
        graph,
        "MATCH (s:ChainSegment)-[:HAS_FIELD]->(:TechField)<-[:HAS_FIELD]-(x:Expert) "
        "RETURN count(DISTINCT s) AS n",
    )[0]["n"]
    assert matched >= 30


def test_synth_files_import_as_sample(graph, tmp_path: Path) -> None:
    out = tmp_path / "synth"
    made = run_kg("synth", "--enterprises", "1000", "--seed", "3", "--out", str(out))
    assert made.returncode == 0, made.stderr
    again = run_kg("synth", "--enterprises", "1000", "--seed", "3", "--out", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    files = sorted(out.glob("*.csv"))
    assert [f.read_bytes() for f in files] == [(tmp_path / "again" / f.name).read_bytes() for f in files]
    imported = run_kg("import", *map(str, files))
    assert imported.returncode == 0, imported.stderr + imported.stdout[-2000:]
    rows = q(graph, "MATCH (e:Enterprise) RETURN count(e) AS n, count(CASE WHEN e.sample THEN 1 END) AS s")[0]
    assert rows["n"] == rows["s"] == 1000
    collabs = q(graph, "MATCH ()-[r:COLLABORATES_WITH]->() RETURN count(r) AS n")[0]["n"]
    assert collabs >= 1500


def test_synth_files_import_on_top_of_the_default_dataset(graph, tmp_path: Path) -> None:
    loaded = run_kg("load-default")
    assert loaded.returncode == 0, loaded.stderr + loaded.stdout[-2000:]
    labels = {"Enterprise": "企业名单", "Expert": "专家", "Workstation": "工作站", "Consortium": "创新联合体"}
    count = "MATCH (n) WHERE $label IN labels(n) RETURN count(n) AS n"
    before = {label: q(graph, count, label=label)[0]["n"] for label in labels}
    out = tmp_path / "synth"
    made = run_kg("synth", "--enterprises", "200", "--seed", "1", "--out", str(out))
    assert made.returncode == 0, made.stderr
    imported = run_kg("import", *map(str, sorted(out.glob("*.csv"))))
    assert imported.returncode == 0, imported.stderr + imported.stdout[-2000:]
    # every synthetic actor is a new node: none merged into (or made ambiguous with) a default one
    for label, template in labels.items():
        with (out / f"示例-{template}.csv").open(encoding="utf-8") as handle:
            rows = sum(1 for _ in handle) - 1
        assert q(graph, count, label=label)[0]["n"] == before[label] + rows, label


def test_synth_refuses_a_size_too_small_to_be_consistent(tmp_path: Path) -> None:
    result = run_kg("synth", "--enterprises", "10", "--out", str(tmp_path))
    assert result.returncode == 1
    assert "at least 50" in result.stderr and "Traceback" not in result.stderr
