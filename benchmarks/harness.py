"""A private Neo4j server and timing helpers for benchmarks (never touches the user's KG_HOME)."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kg.config import Settings, load_settings
from kg.graph import schema, server
from kg.graph.connection import Graph, connect

BENCH_DIR = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(home: Path, heap: str = "4g", pagecache: str = "2g") -> dict[str, str]:
    """Environment of the benchmark's own server."""
    return {
        "KG_HOME": str(home),
        "KG_BOLT_PORT": str(free_port()),
        "KG_HEAP": heap,
        "KG_PAGECACHE": pagecache,
        "KG_TX_TIMEOUT": "3600s",
    }


@contextmanager
def bench_server(env: dict[str, str]) -> Iterator[tuple[Settings, Graph]]:
    """Start a private server, apply the schema, yield (settings, graph); stop it afterwards."""
    os.environ.pop("NEO4J_URI", None)
    os.environ.update(env)
    settings = load_settings()
    server.start(settings)
    graph = connect(settings, start_local=False)
    try:
        schema.apply(graph)
        yield settings, graph
    finally:
        graph.close()
        server.stop(settings)


def wipe(graph: Graph) -> None:
    with graph.driver.session(database=graph.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls (seconds) and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def run_python(code: str, env: dict[str, str] | None = None, timeout: float = 1800) -> str:
    """Run a snippet in a fresh interpreter (for measurements that need a clean process)."""
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ, **(env or {})),
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip()[-2000:])
    return proc.stdout
