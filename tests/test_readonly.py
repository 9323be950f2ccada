"""The read-only query layer, through the real `kg query` command and the library function."""

from __future__ import annotations

import json

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
