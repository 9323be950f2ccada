"""One real Neo4j server for the whole suite, under its own KG_HOME and port (one per pytest-xdist
worker: ``make test`` runs two, each with its own server, so tests never share a graph).

The suite never skips when Neo4j is missing: if the server cannot start, every test that needs
it errors, and CI goes red.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.config import Settings, load_settings
from kg.graph import schema, server
from kg.graph.connection import Graph, connect

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(home: Path) -> dict[str, str]:
    """The environment of a test server of its own under ``home``, on a free port."""
    return {
        "KG_HOME": str(home),
        "KG_BOLT_PORT": str(free_port()),
        "KG_HEAP": os.environ.get("KG_TEST_HEAP", "1g"),
        "KG_PAGECACHE": os.environ.get("KG_TEST_PAGECACHE", "256m"),
        # The server's supervisor stops it if this pytest process dies without its teardown.
        "KG_SERVER_OWNER_PID": str(os.getpid()),
    }


@pytest.fixture(scope="session")
def kg_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Environment of the suite's own server (also handed to `kg` subprocesses)."""
    env = server_env(tmp_path_factory.mktemp("kg-home"))
    saved = {k: os.environ.get(k) for k in (*env, "NEO4J_URI")}
    external = os.environ.get("NEO4J_URI")
    os.environ.update(env)
    settings = load_settings()
    if not external:
        server.start(settings)
    try:
        yield env
    finally:
        if not external:
            server.stop(settings)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def settings(kg_env: dict[str, str]) -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def session_graph(settings: Settings) -> Iterator[Graph]:
    graph = connect(settings, start_local=False)
    schema.apply(graph)
    yield graph
    graph.close()


def wipe(graph: Graph) -> None:
    with graph.driver.session(database=graph.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@pytest.fixture()
def graph(session_graph: Graph) -> Graph:
    """The suite's server, emptied before the test (schema kept)."""
    wipe(session_graph)
    return session_graph


def count_all(graph: Graph) -> tuple[int, int]:
    rec = graph.driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels",
        database_=graph.database,
    ).records[0]
    return rec["nodes"], rec["rels"]


def run_kg(
    *args: str, env: dict[str, str] | None = None, check: bool = False, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `kg` console script the way a user does."""
    full_env = dict(os.environ, **(env or {}))
    kg = Path(sys.executable).with_name("kg")
    return subprocess.run(
        [str(kg), *args],
        capture_output=True,
        text=True,
        env=full_env,
        check=check,
        input=input_text,
        timeout=600,
    )
