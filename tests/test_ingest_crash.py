"""All or nothing: a `kg import` killed in the middle of writing leaves the graph exactly as it was."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from kg.ingest import import_files
from tests.conftest import count_all
from tests.ingest_helpers import big_files, ecosystem_files


def _writing(graph, marker: str = "UNWIND $rows") -> bool:
    """Is an import transaction running a batch? (The marker is a parameter so that this query's
    own text does not contain it.)"""
    records = graph.driver.execute_query(
        "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $marker RETURN count(*) AS n",
        marker=marker,
        database_=graph.database,
    ).records
    return records[0]["n"] > 0


def test_killed_import_changes_nothing(graph, tmp_path: Path) -> None:
    small = tmp_path / "small"
    small.mkdir()
    import_files(graph, ecosystem_files(small))
    before = count_all(graph)
    files = big_files(tmp_path, 30000)
    kg = Path(sys.executable).with_name("kg")
    proc = subprocess.Popen(
        [str(kg), "import", *map(str, files)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    deadline = time.monotonic() + 240
    seen_writing = False
    while time.monotonic() < deadline and proc.poll() is None:
        # the first relationship batch: every node of the import is written (uncommitted) by now
        if _writing(graph, "[r:`IN_CHAIN`]"):
            seen_writing = True
            time.sleep(0.2)
            break
        time.sleep(0.05)
    assert proc.poll() is None, f"import finished before it could be killed: {proc.communicate()}"
    assert seen_writing
    proc.kill()
    proc.wait()
    # the server notices the dead connection and rolls the transaction back once the batch it is
    # running ends: seconds alone, but once (CI, both suite workers busy) still running after 60 s
    deadline = time.monotonic() + 180
    while _writing(graph) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _writing(graph), graph.driver.execute_query(
        "SHOW TRANSACTIONS YIELD status, elapsedTime, currentQuery RETURN status, elapsedTime, "
        "left(currentQuery, 80) AS query"
    ).records
    assert count_all(graph) == before
    runs = graph.driver.execute_query("MATCH (r:ImportRun) RETURN count(r) AS n").records[0]["n"]
    assert runs == 1
