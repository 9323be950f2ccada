"""One writer at a time: a second import waits briefly and is refused, an undo during an import is
refused at once, and a killed holder never leaves the lock held (kg.graph.writelock)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.graph import writelock
from kg.ingest import history, import_files
from tests.conftest import count_all, run_kg
from tests.ingest_helpers import ecosystem_files

BUSY = "另一导入正在进行"


def _hold(home: Path, what: str) -> subprocess.Popen[str]:
    """Another process that takes the writer lock and keeps it until killed."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from kg.graph.writelock import writer\n"
        f"with writer({what!r}, 'os:tester', home=Path({str(home)!r})):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(600)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_the_second_writer_is_refused_with_who_holds_it_and_a_killed_holder_frees_it(tmp_path) -> None:
    holder = _hold(tmp_path, "导入")
    try:
        assert writelock.holder(tmp_path)["what"] == "导入"
        started = time.monotonic()
        with pytest.raises(writelock.WriterBusy) as refused:
            with writelock.writer("撤销", "os:me", wait=1.0, home=tmp_path):
                pytest.fail("the lock was taken twice")
        assert 1.0 <= time.monotonic() - started < 3.0
        assert BUSY in str(refused.value) and "os:tester" in str(refused.value)
        assert "本次未做任何改动" in str(refused.value)
    finally:
        holder.kill()
        holder.wait()
    assert writelock.holder(tmp_path) is None  # the kernel released it with the process
    with writelock.writer("导入", "os:me", wait=0, home=tmp_path):
        with writelock.writer("导入", "os:me", wait=0, home=tmp_path):  # re-entrant in one thread
            assert writelock.held_here()
    assert not writelock.held_here()


def test_an_import_during_an_undo_is_refused_and_changes_nothing(graph, tmp_path, kg_env) -> None:
    files = ecosystem_files(tmp_path)
    before = count_all(graph)
    holder = _hold(Path(kg_env["KG_HOME"]), "撤销")
    try:
        proc = run_kg("import", *map(str, files))
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith(f"error: {BUSY}（os:tester")
    assert count_all(graph) == before
    assert [r for r in history.records(graph=graph) if r.status == "pending"] == []


def test_during_an_import_a_second_import_and_an_undo_are_refused(graph, tmp_path, kg_env) -> None:
    """An import in progress (another process holds the turn): the CLI's import waits its 5 s and
    is refused, its undo is refused within a second; neither changes anything. (A real import
    holding the turn against another is tests/test_bulk_crash.py's two first imports.)"""
    small = tmp_path / "small"
    small.mkdir()
    import_files(graph, ecosystem_files(small))
    first = history.records()[-1]
    before = count_all(graph)
    kg = Path(sys.executable).with_name("kg")
    holder = _hold(Path(kg_env["KG_HOME"]), "导入")
    try:
        others = [
            subprocess.Popen([str(kg), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for args in (["imports", "undo", first.id], ["import", *map(str, ecosystem_files(tmp_path))])
        ]
        # timed here, without an interpreter's start-up (seconds on a loaded machine)
        started = time.monotonic()
        with pytest.raises(writelock.WriterBusy):
            history.undo(graph, first.id)
        undo_seconds = time.monotonic() - started
        (undo_code, (_, undo_err)), (second_code, (_, second_err)) = (
            (p.wait(timeout=120), p.communicate()) for p in others
        )
    finally:
        holder.kill()
        holder.wait()
    assert undo_seconds < 3  # at once: its one second's wait, not minutes on the server's locks
    assert undo_code == 1 and BUSY in undo_err, undo_err
    assert second_code == 1 and BUSY in second_err, second_err
    assert count_all(graph) == before
    assert history.records(graph=graph)[-1].id == first.id  # nothing recorded, nothing pending
    assert history.undo(graph, first.id).status == "undone"  # free again once the holder is gone
