"""The read-only query layer, through the real `kg query` command and the library function."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import QueryRefused, QueryTimeout
from kg.graph.readonly import run_read_only
from tests.conftest import count_all, run_kg


def _seed(graph) -> None:
    graph.driver.execute_query(
        "UNWIND range(1, 30) AS i CREATE (:Enterprise {uid: 'e' + i, name: '企业' + i})"
    )


def test_components_query_prints_kernel_version_as_json(graph) -> None:
    out = run_kg(
        "query",
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition",
        "--format",
        "json",
        check=True,
    )
    rows = json.loads(out.stdout)
    assert rows[0]["name"] == "Neo4j Kernel"
    assert rows[0]["version"].startswith("5.")


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (n:Enterprise {uid: 'x'}) RETURN n",
        "MATCH (n:Enterprise) SET n.name = 'hacked' RETURN n",
        "MATCH (n) DETACH DELETE n",
        "MERGE (n:Enterprise {uid: 'e1'}) ON MATCH SET n.x = 1",
        "MATCH (n) CALL (n) { SET n.x = 1 } RETURN count(*)",
        "CREATE INDEX evil FOR (n:Enterprise) ON (n.x)",
        "DROP CONSTRAINT enterprise_uid",
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "load   csv from 'http://127.0.0.1:1/x' as l return l",
        "CALL dbms.security.createUser('mallory', 'pw123456', false)",
        "CALL `dbms`.`security`.`changePassword`('x')",
        "CALL db.createLabel('X')",
        "CALL apoc.load.json('http://127.0.0.1:1')",
        "RETURN apoc.text.join(['a'], ',')",
        "MATCH (n) RETURN n; MATCH (m) DETACH DELETE m",
        "MATCH (n) /* hide */ DETACH /* the */ DELETE n",
    ],
)
def test_writes_and_dangerous_reads_are_refused_and_change_nothing(graph, query: str) -> None:
    _seed(graph)
    before = count_all(graph)
    names_before = graph.driver.execute_query("MATCH (n) RETURN collect(n.name) AS c").records[0]["c"]
    proc = run_kg("query", query)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.startswith("refused:")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert count_all(graph) == before
    names_after = graph.driver.execute_query("MATCH (n) RETURN collect(n.name) AS c").records[0]["c"]
    assert names_after == names_before


def test_row_limit_truncates_and_says_so(graph) -> None:
    _seed(graph)
    result = run_read_only(graph, "MATCH (n:Enterprise) RETURN n.name AS name ORDER BY name", limit=5)
    assert len(result.rows) == 5 and result.truncated
    proc = run_kg("query", "MATCH (n:Enterprise) RETURN n.name AS name", "--limit", "7", "--format", "json")
    assert len(json.loads(proc.stdout)) == 7
    assert "first 7 rows" in proc.stderr


def test_parameters_are_values_not_code(graph) -> None:
    _seed(graph)
    proc = run_kg(
        "query",
        "MATCH (n:Enterprise {name: $name}) RETURN n.uid AS uid",
        "--param",
        "name=企业3",
        "--format",
        "json",
        check=True,
    )
    assert json.loads(proc.stdout) == [{"uid": "e3"}]
    hostile = "x'}) DETACH DELETE n //"
    result = run_read_only(graph, "MATCH (n:Enterprise {name: $name}) RETURN n", {"name": hostile})
    assert result.rows == [] and count_all(graph)[0] == 30


def test_slow_query_times_out(graph) -> None:
    with pytest.raises(QueryTimeout):
        run_read_only(
            graph, "UNWIND range(1, 500000000) AS x WITH x WHERE x % 7 = 99 RETURN count(*)", timeout=1
        )


def test_refusal_happens_before_running(graph) -> None:
    with pytest.raises(QueryRefused, match="allowlist"):
        run_read_only(graph, "CALL dbms.listConfig()")


def test_csv_output_neutralises_formulas(graph) -> None:
    graph.driver.execute_query("CREATE (:Enterprise {uid: 'f', name: '=HYPERLINK(\"http://x\")'})")
    proc = run_kg("query", "MATCH (n:Enterprise) RETURN n.name AS name", "--format", "csv", check=True)
    assert proc.stdout.splitlines()[1].startswith("\"'=HYPERLINK")


def test_external_neo4j_uri_is_used_and_no_local_server_started(graph, settings, tmp_path) -> None:
    graph.driver.execute_query("CREATE (:Enterprise {uid: 'ext', name: '外部服务器上的企业'})")
    from kg.graph.server import read_password

    env = {
        "NEO4J_URI": f"bolt://127.0.0.1:{settings.bolt_port}",
        "NEO4J_USERNAME": "neo4j",
        "NEO4J_PASSWORD": read_password(settings),
        "KG_HOME": str(tmp_path / "unused"),
        "KG_BOLT_PORT": "1",
    }
    proc = run_kg(
        "query",
        "MATCH (n:Enterprise {uid: 'ext'}) RETURN n.name AS name",
        "--format",
        "json",
        env=env,
        check=True,
    )
    assert json.loads(proc.stdout) == [{"name": "外部服务器上的企业"}]
    assert not (tmp_path / "unused").exists()


# --- Hardening (#15): the plan decides, the text check cannot be blinded, results have budgets ---

PLAN_REFUSED = [
    ("SHOW TRANSACTIONS", "SHOW"),
    ("SHOW SETTINGS", "SHOW"),
    ("SHOW PROCEDURES YIELD name RETURN name", "SHOW"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "LOAD CSV"),
    ("CALL db.info() YIELD name RETURN name", "db.info"),
    ("CALL db.stats.retrieve('QUERIES') YIELD data RETURN data", "db.stats.retrieve"),
    ("CALL db.stats.collect('QUERIES')", "db.stats.collect"),
    ("CALL db.stats.stop('QUERIES')", "db.stats.stop"),
    ("CALL db.stats.clear('QUERIES')", "db.stats.clear"),
    ("CALL db.prepareForReplanning()", "db.prepareForReplanning"),
    ("CALL db.resampleOutdatedIndexes()", "db.resampleOutdatedIndexes"),
    # Blinded text: a '//' inside a string, a ' inside a backtick name, a comment mid-keyword.
    ("WITH '//' AS x CALL db.info() YIELD name RETURN name", "db.info"),
    ("WITH 1 AS `it's` CALL db.stats.retrieve('QUERIES') YIELD data RETURN data", "db.stats.retrieve"),
    ("WITH \"/*\" AS x LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l, x", "LOAD CSV"),
    ("WITH '//' AS x LOAD /* */ CSV FROM 'http://127.0.0.1:1/x' AS l RETURN l", "LOAD CSV"),
]


@pytest.mark.parametrize("query,what", PLAN_REFUSED)
def test_plan_check_refuses_show_terminate_load_csv_and_procedures_off_the_allowlist(
    graph, query: str, what: str
) -> None:
    from neo4j import READ_ACCESS

    from kg.graph.cypher_tokens import statement_problems
    from kg.graph.readonly import ALLOWED_PROCEDURES, check_plan

    # The text check alone lets every one of these through: only the plan refuses them.
    assert statement_problems(query, ALLOWED_PROCEDURES) is None
    with graph.driver.session(database=graph.database, default_access_mode=READ_ACCESS) as session:
        summary = session.run("EXPLAIN " + query).consume()
    assert summary.query_type == "r", "Neo4j calls all of these read queries: query_type cannot decide"
    with pytest.raises(QueryRefused, match=what):
        check_plan(summary.plan)
    # And through the real command, one Chinese line, exit 2.
    proc = run_kg("query", query)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("refused: 只允许只读查询：") and what in lines[0]


def test_show_transactions_cannot_read_another_sessions_parameters(graph) -> None:
    secret = "dry-run-row-7f3a"
    with graph.driver.session(database=graph.database) as other:
        tx = other.begin_transaction()
        tx.run("MATCH (n) WHERE n.name = $secret RETURN n", secret=secret).consume()
        try:
            proc = run_kg("query", "SHOW TRANSACTIONS YIELD currentQuery, parameters RETURN *")
            killer = run_kg("query", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'")
        finally:
            tx.rollback()
    assert proc.returncode == 2 and secret not in proc.stdout + proc.stderr
    assert killer.returncode == 2


def test_every_named_query_passes_the_plan_check(graph) -> None:
    from kg import querylib

    for query in querylib.library().values():
        with graph.driver.session(database=graph.database) as session:
            plan = session.run("EXPLAIN " + query.text, {p.name: None for p in query.params}).consume().plan
        from kg.graph.readonly import check_plan

        check_plan(plan)  # raises QueryRefused for a plan the console would refuse


HOSTILE = (
    "WITH reduce(s = 'x', k IN range(1, 30) | s + s) AS a "
    "WITH [a + 'y', a + 'z', a + 'w'] AS l RETURN size(l) AS n"
)


def test_self_doubling_reduce_is_refused_before_it_reaches_the_server(graph) -> None:
    proc = run_kg("query", HOSTILE)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "refused: 只允许只读查询：reduce 的每一步把累加值 s 用了 2 次，结果成倍增长，可能耗尽图数据库的内存"
    ]
    # A reduce that keeps the best of a list (the named queries' pattern) still runs.
    ok = run_read_only(
        graph,
        "RETURN reduce(best = null, x IN [3, 9, 4] |"
        " CASE WHEN best IS NULL OR x > best THEN x ELSE best END) AS m",
    )
    assert ok.rows == [{"m": 9}]


def peak_rss_mb(*args: str, tmp: Path) -> tuple[float, str, str]:
    """Run `kg` and return its own peak resident memory in MB (wait4), its stdout and its stderr."""
    kg = Path(sys.executable).with_name("kg")
    out_path, err_path = tmp / "out", tmp / "err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen([str(kg), *args], stdout=out, stderr=err)
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0  # reaped above; keep Popen from waiting again
    return usage.ru_maxrss / 1024, out_path.read_text(), err_path.read_text()


# 300 rows, each with a string of 2**20 characters (built by 20 WITH clauses, no reduce).
BIG = "UNWIND range(1, 300) AS i WITH i, 'x' AS s " + " WITH i, s + s AS s" * 20 + " RETURN i, s AS big"


def test_a_300_by_1mb_result_is_cut_to_the_byte_budget(graph) -> None:
    from kg.graph.readonly import DEFAULT_MAX_BYTES, DEFAULT_MAX_CELL_BYTES, size_of

    result = run_read_only(graph, BIG, limit=1000, timeout=120)
    assert result.truncated and result.cut_by_bytes and not result.cut_by_rows
    assert 0 < len(result.rows) < 300
    assert sum(size_of(v) for row in result.rows for v in row.values()) <= DEFAULT_MAX_BYTES
    assert all(size_of(row["big"]) <= DEFAULT_MAX_CELL_BYTES for row in result.rows)
    assert result.rows[0]["big"].startswith("x" * 1000) and result.rows[0]["big"].endswith("字节〕")
    assert result.cells_cut == len(result.rows) and result.records == []
    assert "8 MB" in result.note and "64 KB" in result.note


def test_the_budget_keeps_the_cli_process_small(graph, tmp_path) -> None:
    base, _, _ = peak_rss_mb("query", "RETURN 1 AS x", tmp=tmp_path)
    big, out, err = peak_rss_mb("query", BIG, "--format", "csv", "--timeout", "120", tmp=tmp_path)
    # 300 rows of 1 MB = 300 MB on the wire; the process keeps under 8 MB of it and grows little.
    print(f"peak RSS of kg query: {base:.0f} MB for RETURN 1, {big:.0f} MB for 300 x 1 MB")
    assert len(out.encode()) < 9 * 1024 * 1024
    assert "结果超过 8 MB 上限" in err and len(err.strip().splitlines()) == 1
    assert big - base < 150, f"peak RSS {base:.0f} MB -> {big:.0f} MB"
