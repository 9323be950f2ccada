"""The declarative schema in a real server: idempotent, enforced, searchable in Chinese."""

from __future__ import annotations

import pytest
from neo4j.exceptions import ConstraintError

from kg.errors import SchemaError
from kg.graph import schema
from kg.graph.schema import cypher, load_schema


def _schema_objects(graph) -> set[str]:
    records = graph.driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"
    ).records
    constraints = graph.driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records
    return {r["name"] for r in records} | {r["name"] for r in constraints}


def test_apply_twice_changes_nothing(graph) -> None:
    before = _schema_objects(graph)
    schema.apply(graph)
    schema.apply(graph)
    assert _schema_objects(graph) == before
    expected_labels = {
        "Enterprise",
        "University",
        "ResearchInstitute",
        "Expert",
        "Workstation",
        "Consortium",
        "Carrier",
        "Park",
        "IndustryChain",
        "ChainSegment",
        "TechField",
        "Policy",
        "Measure",
    }
    assert expected_labels <= set(load_schema().nodes)
    for label in expected_labels:
        assert f"{label.lower()}_uid" in before
    assert "enterprise_credit_code" in before
    assert "entity_names" in before


def test_duplicate_uid_and_credit_code_are_rejected(graph) -> None:
    graph.driver.execute_query("CREATE (:Enterprise {uid: 'a', credit_code: '91310117MA1J3C1X2Q'})")
    with pytest.raises(ConstraintError):
        graph.driver.execute_query("CREATE (:Enterprise {uid: 'a'})")
    with pytest.raises(ConstraintError):
        graph.driver.execute_query("CREATE (:Enterprise {uid: 'b', credit_code: '91310117MA1J3C1X2Q'})")


def test_fulltext_finds_chinese_names_by_part(graph) -> None:
    graph.driver.execute_query(
        "CREATE (:Enterprise {uid: 'e1', name: '上海垣信卫星科技有限公司',"
        " search_text: '上海垣信卫星科技有限公司 垣信'}),"
        " (:University {uid: 'u1', name: '东华大学', search_text: '东华大学'})"
    )
    records = graph.driver.execute_query(
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.name AS name",
        q="卫星",
    ).records
    assert [r["name"] for r in records] == ["上海垣信卫星科技有限公司"]


def test_identifiers_outside_the_schema_never_reach_cypher() -> None:
    assert cypher("MATCH (n:{label})", label="Enterprise") == "MATCH (n:`Enterprise`)"
    with pytest.raises(SchemaError):
        cypher("MATCH (n:{label})", label="Enterprise) DETACH DELETE n //")
    with pytest.raises(SchemaError):
        cypher("MATCH ()-[r:{t}]->()", t="NOT_A_TYPE")


def test_schema_docs_are_current() -> None:
    from pathlib import Path

    from kg.graph.schema_docs import render_markdown

    docs = Path(__file__).resolve().parents[1] / "docs" / "schema.md"
    assert docs.read_text(encoding="utf-8") == render_markdown(), "run `kg schema docs`"
