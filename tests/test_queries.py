"""The named-query library: headers honest, parameters typed, every query runs read-only —
on a small fixture ecosystem and on the default dataset."""

from __future__ import annotations

import json
import re

import pytest

from kg import querylib
from kg.graph.schema import load_schema
from kg.querylib import QueryLibraryError
from tests.conftest import run_kg, wipe
from tests.test_analyses_collab import ecosystem as collab_ecosystem
from tests.test_analyses_gaps import ecosystem as gaps_ecosystem

QUERIES = sorted(querylib.library())

# Values for the required parameters, chosen to hit data in the fixture ecosystem.
FIXTURE_VALUES = {"segment": "基站", "chain": "6G", "measure": 1, "tier": "高新技术企业",
                  "enterprise": "A1", "organisation": "A1", "text": "U*",
                  "field": "射频", "park": "无", "uid": "A1", "ids": [],
                  "labels": ["Enterprise", "ChainSegment"],
                  "pairs": [{"type": "IN_SEGMENT", "source": "Enterprise", "target": "ChainSegment"}]}


def test_library_is_large_enough_and_every_header_is_complete() -> None:
    assert len(QUERIES) >= 30
    everyday = [q for q in QUERIES if not q.startswith(("gaps_", "collab_", "pipeline_",
                                                        "coverage_", "overview_"))]
    assert len(everyday) >= 12
    for name in QUERIES:
        q = querylib.get(name)
        assert " / " in q.title, f"{name}: title needs Chinese / English"
        assert re.search(r"[\u4e00-\u9fff]", q.title) and q.description, name


CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", QUERIES)
def test_console_reads_each_query_in_chinese(name: str) -> None:
    """The console shows the description, every parameter and every labelled column in Chinese;
    the identifiers themselves stay English for the CLI."""
    q = querylib.get(name)
    assert CJK.search(q.description), f"{name}: description in Chinese"
    for p in q.params:
        assert CJK.search(q.label(p.name)), f"{name}: parameter {p.name} has no Chinese label"
        assert re.fullmatch(r"[a-z_]+", p.name)
    assert all(CJK.search(zh) for zh in q.labels.values()), name


def test_label_lines_are_parsed_and_checked(tmp_path) -> None:  # noqa: ANN001
    good = tmp_path / "x.cypher"
    good.write_text("// title: 甲 / A\n// description: 说明\n// param: chain: str\n"
                    "// label: chain: 产业链\n// label: n: 数量\nRETURN $chain AS chain, 1 AS n\n",
                    encoding="utf-8")
    q = querylib.parse(good)
    assert q.label("chain") == "产业链" and q.label("n") == "数量" and q.label("other") == "other"
    assert "label" not in q.text
    bad = tmp_path / "y.cypher"
    bad.write_text("// title: 乙 / B\n// label: 无名\nRETURN 1\n", encoding="utf-8")
    with pytest.raises(QueryLibraryError, match="bad label line"):
        querylib.parse(bad)


def test_pipeline_queries_default_to_the_local_district_as_kg_pipeline_does() -> None:
    local = load_schema().local_district
    for name in ("pipeline_candidates", "pipeline_counts", "pipeline_moves"):
        q = querylib.get(name)
        assert querylib.bind(q, {})["district"] == local
        assert querylib.bind(q, {"district": None})["district"] is None  # every district


@pytest.mark.parametrize("name", QUERIES)
def test_declared_parameters_equal_the_names_used(name: str) -> None:
    q = querylib.get(name)
    assert {p.name for p in q.params} == q.used_params(), name


@pytest.mark.parametrize("name", QUERIES)
def test_only_schema_labels_and_types(name: str) -> None:
    schema = load_schema()
    text = querylib.get(name).text
    text = re.sub(r"'(?:[^'\\]|\\.)*'", "''", text)
    for group in re.findall(r"\(\s*\w*\s*:\s*([A-Za-z|]+)", text):
        for label in group.split("|"):
            assert label in schema.nodes, f"{name}: label {label}"
    for group in re.findall(r"\[\s*\w*\s*:\s*([A-Z_|]+)", text):
        for rtype in group.split("|"):
            assert rtype in schema.relationships, f"{name}: type {rtype}"


def test_parameters_are_converted_and_missing_ones_refused() -> None:
    q = querylib.get("tier_enterprises_by_year")
    assert querylib.bind(q, {"year": "2023"}) == {"tier": "高新技术企业", "year": 2023,
                                                    "local_district": "松江区"}
    with pytest.raises(QueryLibraryError, match="year must be int"):
        querylib.bind(q, {"year": "去年"})
    with pytest.raises(QueryLibraryError, match="needs --param segment"):
        querylib.bind(querylib.get("segment_enterprises"), {})
    with pytest.raises(QueryLibraryError, match="has no parameter colour"):
        querylib.bind(q, {"colour": "red"})
    assert querylib.convert("list", "a,b，c", "x") == ["a", "b", "c"]
    assert querylib.convert("bool", "否", "x") is False
    with pytest.raises(QueryLibraryError, match="no named query"):
        querylib.get("nope")


@pytest.fixture(scope="module")
def fixture_graph(session_graph):
    wipe(session_graph)
    gaps_ecosystem().write(session_graph)
    return session_graph


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_runs_read_only_on_fixture_data(fixture_graph, name: str) -> None:
    q = querylib.get(name)
    params = {p.name: FIXTURE_VALUES[p.name] for p in q.params if p.required}
    result = querylib.run(fixture_graph, name, params)
    assert result.columns


def test_everyday_answers_on_fixture(fixture_graph) -> None:
    rows = querylib.run(fixture_graph, "segment_enterprises", {"segment": "光模块"}).rows
    assert [(r["enterprise"], r["local"]) for r in rows][:2] == [("B1", True), ("O2", False)]
    segs = querylib.run(fixture_graph, "chain_segments", {}).rows
    assert [s["segment"] for s in segs] == ["射频芯片", "光模块", "基站", "终端设备"]
    found = querylib.run(fixture_graph, "search_names", {"text": "O4"}).rows
    assert found[0]["name"] == "O4"


def test_cli_list_and_run(fixture_graph) -> None:
    listing = run_kg("queries", "list", "--format", "json", check=True)
    rows = json.loads(listing.stdout)
    assert {r["name"] for r in rows} == set(QUERIES)
    seg = next(r for r in rows if r["name"] == "segment_enterprises")
    assert seg["params"] == 'chain: str = "6G", segment: str, local_district: str = "松江区"'
    out = run_kg("run", "segment_enterprises", "--param", "segment=基站", "--format", "json", check=True)
    assert [r["enterprise"] for r in json.loads(out.stdout)] == ["C2", "C1"]
    csv = run_kg("run", "chain_segments", "--format", "csv", "--limit", "2").stdout.splitlines()
    assert csv[0].startswith("segment,position") and len(csv) == 3
    missing = run_kg("run", "segment_enterprises")
    assert missing.returncode == 1 and missing.stderr.strip() == \
        "error: query segment_enterprises needs --param segment=<str>"
    bad = run_kg("run", "tier_enterprises_by_year", "--param", "year=abc")
    assert bad.returncode == 1 and "year must be int" in bad.stderr


def test_collab_fixture_queries_answer(session_graph) -> None:
    wipe(session_graph)
    collab_ecosystem().write(session_graph)
    members = querylib.run(session_graph, "consortium_members", {}).rows
    assert [(m["member"], m["leader"]) for m in members] == [("Z3", True), ("U8", False)]
    experts = querylib.run(session_graph, "workstation_experts", {"workstation": "W2"}).rows
    assert [(r["host"], r["expert"]) for r in experts] == [("Z2", "X2")]
    unis = querylib.run(session_graph, "university_chains", {"chain": "6G"}).rows
    assert {(r["organisation"], r["chain"]) for r in unis} == {("U9", "6G"), ("U8", "6G")}
