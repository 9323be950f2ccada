"""Import history and undo against the real server: `kg imports list`, `kg imports undo`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.ingest import history, import_files
from kg.ingest.history import history_dir
from tests.conftest import count_all, run_kg
from tests.ingest_helpers import COLLABORATION_HEADER, ENTERPRISE_HEADER, code, ecosystem_files, write_csv


def q(graph, text: str, **params):
    return [r.data() for r in graph.driver.execute_query(text, params, database_=graph.database).records]


def state(graph) -> list:
    """Every node and relationship with all its properties, ImportRun bookkeeping included."""
    nodes = q(graph, "MATCH (n) RETURN labels(n) AS l, n.uid AS uid, properties(n) AS p ORDER BY l[0], uid")
    for n in nodes:  # bookkeeping dates itself: compare what it is, not when it was written
        if n["l"] == ["ImportRun"]:
            n["p"] = {k: v for k, v in n["p"].items() if k in ("uid", "import_id", "files")}
        if n["l"] in (["CollabAnalysis"], ["StoredResult"]):  # recomputed after the undo: new time
            n["p"] = {k: v for k, v in n["p"].items() if k not in ("at", "seconds")}
    rels = q(
        graph,
        "MATCH (a)-[r]->(b) RETURN a.uid AS a, type(r) AS t, b.uid AS b, properties(r) AS p "
        "ORDER BY a, t, b, r.key",
    )
    return [nodes, rels]


@pytest.fixture()
def fresh(graph):  # noqa: ANN001 - conftest fixture
    """An empty graph and an empty history (other tests' imports were into a graph since wiped)."""
    shutil.rmtree(history_dir(), ignore_errors=True)
    return graph


def second_list(tmp: Path) -> Path:
    """Changes an existing firm (founded year, park) and adds a new one with a collaboration."""
    rows = [
        [
            code(1),
            "上海星链测试科技有限公司",
            "松江区",
            "张江高新区松江园",
            "卫星互联网",
            "卫星制造",
            "",
            2016,
        ],
        [
            code(9),
            "上海新增测试科技有限公司",
            "松江区",
            "新建测试园",
            "卫星互联网",
            "卫星应用",
            "高企（2024）",
            2021,
        ],
    ]
    return write_csv(tmp / "企业名单-更新.csv", ENTERPRISE_HEADER, rows)


def test_undo_of_the_last_import_restores_counts_and_properties_exactly(fresh, tmp_path: Path) -> None:
    import_files(fresh, ecosystem_files(tmp_path))
    before_counts, before = count_all(fresh), state(fresh)
    report = import_files(fresh, [second_list(tmp_path)])
    assert report.nodes_created >= 2  # the new firm and its new park
    assert q(fresh, "MATCH (e:Enterprise {uid: $c}) RETURN e.founded_year AS y", c=code(1)) == [{"y": 2016}]
    assert count_all(fresh) != before_counts

    listed = run_kg("imports", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    recs = json.loads(listed.stdout)
    assert [r["id"] for r in recs] == ["1", "2"]
    last = recs[-1]
    assert last["status"] == "committed" and last["who"].startswith("os:")
    assert last["files"][0]["name"] == "企业名单-更新.csv" and len(last["files"][0]["sha256"]) == 64
    assert last["counts"]["nodes_created"] == report.nodes_created

    done = run_kg("imports", "undo", "2")
    assert done.returncode == 0, done.stderr
    assert count_all(fresh) == before_counts
    assert state(fresh) == before  # founded year, park link, aliases, derived facts: all as before
    assert q(fresh, "MATCH (e:Enterprise {uid: $c}) RETURN e.founded_year AS y", c=code(1)) == [{"y": 2015}]
    again = json.loads(run_kg("imports", "list", "--format", "json").stdout)
    assert again[-1]["status"] == "undone"
    refused = run_kg("imports", "undo", "2")
    assert refused.returncode == 1 and "已于" in refused.stderr


def test_undo_of_an_import_a_later_one_depends_on_is_refused_naming_it(fresh, tmp_path: Path) -> None:
    import_files(fresh, ecosystem_files(tmp_path))  # record 1
    import_files(fresh, [second_list(tmp_path)])  # record 2 creates firm 9
    collab = write_csv(
        tmp_path / "合作关系.csv",
        COLLABORATION_HEADER,
        [["上海新增测试科技有限公司", "东华大学", "联合研发", 2025, "新项目"]],
    )
    import_files(fresh, [collab])  # record 3 links firm 9
    nodes_rels = count_all(fresh)
    refused = run_kg("imports", "undo", "2")
    assert refused.returncode == 1
    assert "之后的导入 3" in refused.stderr
    assert count_all(fresh) == nodes_rels  # nothing changed
    assert run_kg("imports", "undo", "3").returncode == 0
    assert run_kg("imports", "undo", "2").returncode == 0
    assert not q(fresh, "MATCH (e:Enterprise {uid: $c}) RETURN e", c=code(9))
    # the listing reads each record's summary only, and says the same as the full records
    light = [r.summary() for r in history.records(light=True)]
    assert light == [r.summary() for r in history.records()]
    assert [row["status"] for row in light][-2:] == ["undone", "undone"]
    assert light[0]["nodes_created"] > 0


def test_a_dry_run_records_nothing(fresh, tmp_path: Path) -> None:
    import_files(fresh, ecosystem_files(tmp_path), dry_run=True)
    assert not list(history_dir().glob("*.json"))


def test_an_initial_load_writes_its_keys_once_and_reads_them_back_as_touched(fresh, tmp_path: Path) -> None:
    import_files(fresh, ecosystem_files(tmp_path))
    raw = json.loads((history_dir() / "000001.json").read_text(encoding="utf-8"))
    assert raw["touched_is_created"] and raw["touched_nodes"] == raw["touched_rels"] == []
    assert raw["created_nodes"] and raw["created_rels"]
    rec = history.get("1")
    assert rec.touched_nodes == raw["created_nodes"] and rec.touched_rels == raw["created_rels"]
    import_files(fresh, [second_list(tmp_path)])  # changes a firm of the first: touched ≠ created
    raw = json.loads((history_dir() / "000002.json").read_text(encoding="utf-8"))
    assert "touched_is_created" not in raw and len(raw["touched_nodes"]) > len(raw["created_nodes"])
