"""The offline initial load (kg.ingest.bulk) builds exactly the graph the transactional import
builds, is recorded and undone like any import, and is used only for an empty local database.

It restarts its server, so it runs on a private one (not the suite's shared server)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.analyses import store
from kg.config import load_settings
from kg.dataset.default import read_default
from kg.graph import schema, server
from kg.graph.connection import connect
from kg.ingest import history, import_tables
from tests.conftest import free_port


def q(graph, text: str, **params):
    # no bookmarks: the store the offline load swaps in starts its transaction ids again
    rows = graph.driver.execute_query(text, params, database_=graph.database, bookmark_manager_=None)
    return [r.data() for r in rows.records]


def snapshot(graph) -> list:
    """Every node and relationship with all its properties (the run's own times aside)."""
    nodes = q(graph, "MATCH (n) RETURN labels(n) AS l, properties(n) AS p ORDER BY l[0], n.uid")
    for n in nodes:
        if n["l"] == ["ImportRun"]:
            for key in ("at", "first_at", "records", "runs"):  # when, and how often, it ran
                n["p"].pop(key, None)
    rels = q(
        graph,
        "MATCH (a)-[r]->(b) RETURN labels(a)[0] AS al, a.uid AS a, type(r) AS t, labels(b)[0] AS bl, "
        "b.uid AS b, properties(r) AS p ORDER BY al, a, t, bl, b, r.key",
    )
    return [nodes, rels]


def wipe(graph) -> None:
    graph.driver.execute_query("MATCH (n) DETACH DELETE n", database_=graph.database, bookmark_manager_=None)


def constraints(graph) -> set[str]:
    return {r["name"] for r in q(graph, "SHOW CONSTRAINTS YIELD name")}


@pytest.fixture
def private_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    for key, value in {
        "KG_HOME": str(tmp_path / "home"),
        "KG_BOLT_PORT": str(free_port()),
        "KG_HEAP": os.environ.get("KG_TEST_HEAP", "1g"),
        "KG_PAGECACHE": os.environ.get("KG_TEST_PAGECACHE", "256m"),
        "KG_SERVER_OWNER_PID": str(os.getpid()),
    }.items():
        monkeypatch.setenv(key, value)
    settings = load_settings()
    server.start(settings)
    graph = connect(settings, start_local=False)
    schema.apply(graph)
    monkeypatch.setattr(store, "AUTO", False)  # the import alone: analyses have their own tests
    try:
        yield graph
    finally:
        graph.close()
        server.stop(settings)


def test_offline_initial_load_equals_the_transactional_import(private_graph, monkeypatch) -> None:
    graph = private_graph
    tables = read_default()
    monkeypatch.setenv("KG_BULK_MIN_RECORDS", "99999999")
    by_tx = import_tables(graph, tables)
    assert not by_tx.offline
    expected = snapshot(graph)
    wipe(graph)

    monkeypatch.setenv("KG_BULK_MIN_RECORDS", "0")
    before = constraints(graph)
    by_bulk = import_tables(graph, tables)
    assert by_bulk.offline
    assert snapshot(graph) == expected  # same nodes, relationships, properties, derived facts
    assert constraints(graph) == before  # the schema is back on the new store
    assert (by_bulk.nodes_created, by_bulk.relationships_created) == (
        by_tx.nodes_created,
        by_tx.relationships_created,
    )

    # an increment (the graph is no longer empty) goes through the transaction, and the same
    # files again change nothing: no property differs in kind (e.g. an empty alias list)
    again = import_tables(graph, tables)
    assert not again.offline
    assert (again.nodes_created, again.relationships_created) == (0, 0)
    assert snapshot(graph) == expected
    rec = history.records()[-1]
    assert rec.changed_nodes == [] and rec.changed_rels == []

    # the initial load is in the history and can be taken back once the later import is undone
    first = history.records()[-2]
    assert first.status == "committed" and first.import_id == by_bulk.import_id
    assert len(first.created_nodes) == by_bulk.nodes_created
    history.undo(graph, rec.id)
    history.undo(graph, first.id)
    assert q(graph, "MATCH (n) RETURN count(n) AS n")[0]["n"] == 0


def test_offline_path_refused_by_the_importer_leaves_the_graph_empty(private_graph, monkeypatch) -> None:
    """A store the offline importer refuses is never swapped in: the live database is unchanged."""
    from kg.ingest import bulk

    graph = private_graph
    monkeypatch.setenv("KG_BULK_MIN_RECORDS", "0")

    real = bulk.admin_import

    def broken(settings, staging, args):  # a node file with one id twice: the importer refuses it
        dup = staging / "duplicate.csv"
        dup.write_text('uid:ID(Broken)\n"x"\n"x"\n', encoding="utf-8")
        real(settings, staging, [*args, f"--nodes=Broken={dup}"])

    monkeypatch.setattr(bulk, "admin_import", broken)
    with pytest.raises(bulk.BulkFailed):
        import_tables(graph, read_default())
    assert q(graph, "MATCH (n) RETURN count(n) AS n")[0]["n"] == 0
    assert [r for r in history.records() if r.status != "undone"] == []


def test_a_text_holding_the_array_delimiter_goes_through_the_transaction(private_graph, monkeypatch) -> None:
    """The offline format separates list items with U+001F; a file name holding it (cells drop
    control characters, file names are kept as given) would split a provenance list in two. Such
    a load goes through the transaction instead, and every text arrives whole."""
    import dataclasses

    graph = private_graph
    monkeypatch.setenv("KG_BULK_MIN_RECORDS", "0")
    tables = [
        dataclasses.replace(t, file="名单\x1f副本.csv") if t.template == "enterprise" else t
        for t in read_default()
    ]
    report = import_tables(graph, tables)
    assert not report.offline
    found = q(
        graph,
        "MATCH ()-[r]->() WHERE r.source CONTAINS $name RETURN r.source AS s, r.sources AS ss LIMIT 1",
        name="名单\x1f副本.csv",
    )
    assert found and len(found[0]["ss"]) == 1 and found[0]["ss"][0] == found[0]["s"]
