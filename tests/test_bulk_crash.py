"""A `kg import` killed at any step of the offline first load leaves a server that starts on the
old store or the new one, with its full schema, an import history that says which, and a
second import that works (kg.graph.storeswap).

Each case kills a real `kg import` with SIGKILL at a named step (``KG_CRASH_AT``, kg.faults) —
some steps last milliseconds, so no outside kill could hit them — then starts the server as
`kg server start` does. It restarts its server, so it runs on a private one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.analyses import store
from kg.config import Settings, load_settings
from kg.dataset.default import default_files, read_default
from kg.graph import schema, server, storeswap
from kg.graph.connection import Graph, connect
from kg.ingest import history, import_tables
from tests.conftest import server_env
from tests.ingest_helpers import big_files

# step → whether the new store is the one that serves afterwards
CRASH_POINTS = {
    "bulk-stopped": False,  # server stopped, new store built, nothing moved
    "bulk-half-swapped": False,  # data files moved in, transaction logs not yet
    "bulk-started": False,  # new store serving, no schema yet
    "bulk-verified": True,  # committed; old store and record not yet settled
}


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, dict[str, str]]]:
    env = server_env(tmp_path_factory.mktemp("crash-home"))
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("NEO4J_URI", raising=False)
        for key, value in env.items():
            mp.setenv(key, value)
        mp.setattr(store, "AUTO", False)  # the import alone: analyses have their own tests
        settings = load_settings()
        server.start(settings)
        with connect(settings, start_local=False) as graph:
            schema.apply(graph)
        try:
            yield settings, env
        finally:
            server.stop(settings)


def _count(graph: Graph) -> int:
    rows = graph.driver.execute_query(
        "MATCH (n) RETURN count(n) AS n", database_=graph.database, bookmark_manager_=None
    ).records
    return rows[0]["n"]


def _empty_again(settings: Settings) -> None:
    """Back to an empty database with its schema and no history, for the next case."""
    with connect(settings) as graph:
        graph.driver.execute_query(
            "MATCH (n) DETACH DELETE n",
            database_=graph.database,
            bookmark_manager_=None,
        )
        schema.apply(graph)
    for path in history.history_dir(settings.home).glob("*"):
        if path.is_file() and path.name != ".lock":
            path.unlink()


@pytest.mark.parametrize("point", list(CRASH_POINTS))
def test_a_first_load_killed_at_any_step_recovers_on_the_next_start(private, point: str) -> None:
    settings, env = private
    kg = Path(sys.executable).with_name("kg")
    proc = subprocess.run(
        [str(kg), "import", *map(str, default_files())],
        capture_output=True,
        text=True,
        env=dict(os.environ, **env, KG_BULK_MIN_RECORDS="0", KG_CRASH_AT=point),
        timeout=600,
    )
    assert proc.returncode == -9, f"the import was not killed at {point}: {proc.stdout}{proc.stderr}"
    assert storeswap.read(settings) is not None  # the crash left its journal

    server.start(settings)  # what `kg server start` (or the explorer's next connection) does
    assert storeswap.read(settings) is None
    with connect(settings, start_local=False) as graph:
        assert schema.missing(graph) == []
        recs = history.records(graph=graph)
        assert [r.status for r in recs] == (["committed"] if CRASH_POINTS[point] else [])
        if CRASH_POINTS[point]:
            assert _count(graph) == len(recs[0].created_nodes) + 1 > 1  # and its ImportRun
        else:
            assert _count(graph) == 0
        assert not list((settings.home / "data" / "databases").glob("*.before-bulk"))
        assert not list((settings.home / "run").glob("bulk-*"))

        # and a second import works, recorded as any other
        report = import_tables(graph, read_default())
        assert (report.nodes_created == 0) == CRASH_POINTS[point]
        assert [r.status for r in history.records(graph=graph)][-1] == "committed"
        assert schema.missing(graph) == []
    _empty_again(settings)


def test_two_first_imports_started_together_end_one_done_one_refused(private, tmp_path) -> None:
    """Both would take the offline path and stop the server under each other; the writer lock
    lets one through and refuses the other, and the schema stays whole."""
    settings, env = private
    kg = Path(sys.executable).with_name("kg")
    files = [str(p) for p in big_files(tmp_path, 10000)]
    run_env = dict(os.environ, **env, KG_BULK_MIN_RECORDS="0")
    both = [
        subprocess.Popen(
            [str(kg), "import", *files],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=run_env,
        )
        for _ in range(2)
    ]
    outcomes = sorted((p.wait(timeout=600), p.communicate()[1]) for p in both)
    assert [code for code, _ in outcomes] == [0, 1], outcomes
    assert "另一导入正在进行" in outcomes[1][1]
    with connect(settings) as graph:
        assert schema.missing(graph) == []
        assert [r.status for r in history.records(graph=graph)] == ["committed"]
        assert _count(graph) > 10000
    assert server.status(settings, probe=False).supervisor_pid is not None  # one server, supervised
    _empty_again(settings)
