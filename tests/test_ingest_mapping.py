"""The schema owns the import mapping: a column added to a template in schema.yaml is imported as
the schema says, without touching Python; a target the graph model does not have is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.errors import SchemaError
from kg.graph.schema import SCHEMA_FILE, load_schema
from kg.ingest import import_files, read_file, validate
from kg.ingest.templates import templates
from tests.conftest import run_kg
from tests.ingest_helpers import ENTERPRISE_HEADER, code, write_csv
from tests.test_ingest_import import q


def schema_copy(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    raw = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "schema.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def add_headcount(raw: dict) -> None:
    """What a planner's analyst would write: one property, one column."""
    raw["nodes"]["Enterprise"]["properties"]["headcount"] = {"type": "int", "zh": "员工人数"}
    raw["templates"]["enterprise"]["columns"].append(
        {
            "header": "员工人数",
            "key": "headcount",
            "aliases": ["employees"],
            "type": "int",
            "min": 0,
            "to": {"property": "headcount"},
            "becomes": "Enterprise.headcount",
        }
    )


def test_a_column_added_in_the_schema_is_imported_without_python(
    graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(
        tmp_path / "企业名单.csv",
        [*ENTERPRISE_HEADER[:3], "员工人数"],
        [[code(1), "人数科技有限公司", "松江区", "120"], [code(2), "乙科技", "松江区", "很多"]],
    )
    # with the packaged schema the column is unknown: kept as text and reported
    assert any(p.reason.startswith("未知列") for p in validate(read_file(path)))
    monkeypatch.setenv("KG_SCHEMA", str(schema_copy(tmp_path, add_headcount)))
    problems = validate(read_file(path))
    assert [(p.row, p.column, p.reason) for p in problems] == [(3, "员工人数", "应为整数")]
    good = write_csv(
        tmp_path / "名单.csv",
        [*ENTERPRISE_HEADER[:3], "employees"],
        [[code(1), "人数科技有限公司", "松江区", "120"]],
    )
    import_files(graph, [good])
    [firm] = q(graph, "MATCH (e:Enterprise) RETURN e.headcount AS n, keys(e) AS keys")
    assert firm["n"] == 120 and not [k for k in firm["keys"] if k.startswith("extra_")]
    # the planners' template and its 说明 carry the new column too
    out = tmp_path / "tpl"
    result = run_kg("templates", str(out), env={"KG_SCHEMA": str(schema_copy(tmp_path, add_headcount))})
    assert result.returncode == 0, result.stderr
    from openpyxl import load_workbook

    assert "员工人数" in [c.value for c in load_workbook(out / "企业名单.xlsx")["企业名单"][1]]
    assert load_schema().node("Enterprise").properties["headcount"].zh == "员工人数"


def test_the_mapping_is_declared_for_every_column() -> None:
    for tpl in templates().values():
        for col in tpl.columns:
            assert col.targets, f"{tpl.key}.{col.key} has no target"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda raw: raw["templates"]["enterprise"]["columns"].append(
                {"header": "营收", "key": "revenue", "type": "float", "to": {"property": "revenue"}}
            ),
            "Enterprise has no property 'revenue'",
        ),
        (
            lambda raw: raw["templates"]["park"]["columns"].append(
                {
                    "header": "链",
                    "key": "chain",
                    "type": "str",
                    "to": {"rel": "IN_CHAIN", "target": "IndustryChain", "resolve": "chain"},
                }
            ),
            "IN_CHAIN does not join Park → IndustryChain",
        ),
        (
            lambda raw: raw["templates"]["park"]["columns"].append(
                {
                    "header": "链",
                    "key": "chain",
                    "type": "str",
                    "to": {"rel": "LOCATED_IN", "target": "Park", "resolve": "guess"},
                }
            ),
            "resolve must be one of",
        ),
    ],
)
def test_targets_outside_the_graph_model_are_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("KG_SCHEMA", str(schema_copy(tmp_path, change)))
    with pytest.raises(SchemaError, match=message):
        templates()
