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
REDUCE_DOUBLES = (
    "只允许只读查询：reduce 的每一步把累加值 s 变成它的 2 倍（如 s + s），"
    "结果成倍增长，可能耗尽图数据库的内存"
)


def grows(name: str) -> str:
    return f"只允许只读查询：变量 {name} 的值在查询中成倍增长，可能超过输入大小的 64 倍，耗尽图数据库的内存"


def test_self_doubling_reduce_is_refused_before_it_reaches_the_server(graph) -> None:
    proc = run_kg("query", HOSTILE)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["refused: " + REDUCE_DOUBLES]
    # A reduce that keeps the best of a list (the named queries' pattern) still runs.
    ok = run_read_only(
        graph,
        "RETURN reduce(best = null, x IN [3, 9, 4] |"
        " CASE WHEN best IS NULL OR x > best THEN x ELSE best END) AS m",
    )
    assert ok.rows == [{"m": 9}]


# --- Growth (#35): no spelling of an accumulator and no chain of clauses doubles a value unseen ---

# The red-team's two queries: each killed the server's JVM (ExitOnOutOfMemoryError) in seconds.
RED_TEAM = [
    (
        "WITH 'xxxxxxxxxxxxxxxx' AS a " + "WITH a + a AS a " * 30 + "RETURN size(a) AS n",
        grows("a"),
    ),
    ("RETURN size(reduce(s = 'x', i IN range(1, 30) | s + `s`)) AS n", REDUCE_DOUBLES),
]


@pytest.mark.parametrize("query,message", RED_TEAM)
def test_the_red_teams_growth_queries_are_refused_and_the_server_keeps_answering(
    graph, query: str, message: str
) -> None:
    proc = run_kg("query", query)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.strip().splitlines() == ["refused: " + message]
    assert run_read_only(graph, "RETURN 1 AS one").rows == [{"one": 1}]


def chain(step: str, times: int, start: str = "WITH 'x' AS a ", end: str = "RETURN size(a) AS n") -> str:
    return start + step * times + end


GROWING = [
    # Distinct names chain as surely as one name rebound.
    (
        "WITH 'x' AS a WITH a + a AS b WITH b + b AS c WITH c + c AS d WITH d + d AS e"
        " WITH e + e AS f WITH f + f AS g WITH g + g AS h RETURN size(h) AS n",
        grows("h"),
    ),
    (chain("WITH `a` + a AS `a` ", 7), grows("a")),
    (chain("WITH [a, a] AS a ", 7), grows("a")),
    (chain("WITH a + toString(a) AS a ", 7), grows("a")),
    (chain("WITH replace(a, 'x', a) AS a ", 1), grows("a")),
    (chain("WITH replace(a, 'x', 'xx') AS a ", 7), grows("a")),
    (chain("WITH a || a AS a ", 7), grows("a")),
    (chain("WITH l + l AS l ", 7, start="WITH [1, 2] AS l ", end="RETURN size(l) AS n"), grows("l")),
    (chain("WITH {v: a + a} AS m WITH m.v AS a ", 7), grows("m")),
    (chain("UNWIND [a + a] AS a ", 7), grows("a")),
    (chain("CALL (a) { RETURN a + a AS b } WITH b AS a ", 7), grows("b")),
    (chain("WITH CASE WHEN a = '' THEN '' ELSE a + a END AS a ", 7), grows("a")),
    # Repeating a value by reduce (or collect, then reduce) over a list of unknown length, twice.
    (chain("WITH reduce(s = '', i IN range(1, 100) | s + a) AS a ", 2), None),
    (
        chain("UNWIND range(1, 100) AS i WITH collect(a) AS l WITH reduce(s = '', y IN l | s + y) AS a ", 2),
        None,
    ),
    # A reduce step that makes its accumulator two of itself, however it is spelled.
    ("RETURN size(reduce(s = 'x', i IN range(1, 30) | replace(s, 'x', 'xx'))) AS n", REDUCE_DOUBLES),
    ("RETURN size(reduce(s = 'x', i IN range(1, 30) | substring(s, 0, size(s)) + s)) AS n", REDUCE_DOUBLES),
    (
        "RETURN size(reduce(s = 'x', i IN range(1, 30) | reduce(t = s + s, j IN [1] | t))) AS n",
        REDUCE_DOUBLES,
    ),
    ("RETURN size(reduce(s = 'x', i IN range(1, 30) | s + CASE WHEN i > 0 THEN s END)) AS n", REDUCE_DOUBLES),
    ("RETURN size(reduce(s = {v: 'x'}, i IN range(1, 30) | {v: s.v + s.v}).v) AS n", REDUCE_DOUBLES),
    ("RETURN size(reduce(s = [1], i IN range(1, 30) | s + s)) AS n", REDUCE_DOUBLES),
    ("RETURN size(reduce(s = 'x', i IN range(1, 30) | replace(s, 'x', s))) AS n", None),
    # Neo4j takes a keyword as a variable name; the check would misread one, so it refuses it.
    (chain("WITH end + end AS end ", 7, start="WITH 'x' AS end ", end="RETURN 1 AS n"), "end"),
    # A list written out by range() (300 million elements ended a 1 GB JVM in under a second).
    ("RETURN size([i IN range(1, 300000000) | i]) AS n", "range 生成 300,000,000 个元素"),
    ("RETURN size(range(0, 2000000)) AS n", "range 生成 2,000,001 个元素"),
]


@pytest.mark.parametrize("query,message", GROWING)
def test_growth_is_refused_for_every_spelling_and_chain(graph, query: str, message: str | None) -> None:
    from kg.graph.cypher_tokens import statement_problems
    from kg.graph.readonly import ALLOWED_PROCEDURES

    problem = statement_problems(query, ALLOWED_PROCEDURES)
    assert problem is not None and problem.startswith("只允许只读查询：") and "\n" not in problem
    if message is not None:
        assert message in problem
    with pytest.raises(QueryRefused):
        run_read_only(graph, query)
    assert run_read_only(graph, "RETURN 1 AS one").rows == [{"one": 1}]


ORDINARY = [
    "MATCH (e:Enterprise) RETURN count(e) AS n, collect(e.name)[0..5] AS names",
    "MATCH (n:Enterprise) RETURN n.name + n.alias AS both ORDER BY both",
    "WITH 'x' AS x, 'y' AS y RETURN x + y + x AS z",
    "MATCH (e:Enterprise) WITH collect(e) AS es"
    " RETURN [x IN es WHERE x.name STARTS WITH '企业' | x.name + '（' + x.uid + '）'] AS labels",
    "MATCH (e:Enterprise) RETURN CASE WHEN e.uid = 'e1' THEN e.name + '★' WHEN e.uid = 'e2' THEN e.name"
    " ELSE e.uid END AS label",
    "MATCH (e:Enterprise) WITH collect(e.name) AS names"
    " RETURN reduce(s = '', n IN names | s + n + '、') AS joined",
    "MATCH (e:Enterprise) WITH collect(e) AS es, count(*) AS total"
    " RETURN [x IN es | {name: x.name, share: 1.0 / total}] AS shares",
    "MATCH (n:Enterprise) RETURN replace(n.name, '企业', '') AS short",
    "UNWIND range(1, 3) AS i WITH i, 'ab' AS s WITH i, s + s AS s WITH i, s + s AS s RETURN i, s",
    "MATCH (n) WITH collect(n) AS ns UNWIND ns AS n WITH collect(n) AS ns RETURN size(ns) AS n",
    # row by row, a long range streams (the time limit bounds it); a short one may be a list
    "UNWIND range(1, 2000000) AS i WITH i WHERE i % 500000 = 0 RETURN count(*) AS n",
    "RETURN [i IN range(1, 1000) | i * i][999] AS n",
]


@pytest.mark.parametrize("query", ORDINARY)
def test_ordinary_analyst_queries_are_accepted_and_run(graph, query: str) -> None:
    _seed(graph)
    result = run_read_only(graph, query)
    assert result.rows


def test_no_named_query_is_refused_by_the_text_check() -> None:
    from kg import querylib
    from kg.graph.cypher_tokens import statement_problems
    from kg.graph.readonly import ALLOWED_PROCEDURES

    files = sorted(querylib.QUERY_DIR.glob("*.cypher"))
    assert len(files) > 50
    refused = {f.name: statement_problems(f.read_text(encoding="utf-8"), ALLOWED_PROCEDURES) for f in files}
    assert {name: why for name, why in refused.items() if why} == {}


def peak_rss_mb(*args: str, tmp: Path) -> tuple[float, str, str]:
    """Run `kg` and return its own peak resident memory in MB (wait4), its stdout and its stderr."""
    kg = Path(sys.executable).with_name("kg")
    out_path, err_path = tmp / "out", tmp / "err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen([str(kg), *args], stdout=out, stderr=err)
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0  # reaped above; keep Popen from waiting again
    return usage.ru_maxrss / 1024, out_path.read_text(), err_path.read_text()


# 300 rows, each with a string of 2**20 characters: a 16 KB literal doubled by 6 WITH clauses, as far
# as the growth check lets a value grow (64 inputs; doubling 'x' 20 times would be refused).
BIG = (
    "UNWIND range(1, 300) AS i WITH i, '"
    + "x" * 2**14
    + "' AS s "
    + " WITH i, s + s AS s" * 6
    + " RETURN i, s AS big"
)


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
