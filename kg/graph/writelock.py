"""One writer at a time: imports and undos from the CLI and the 数据导入 page take turns.

Two imports planned side by side each read the graph before the other commits (both would create
the same firm, or both would take the offline first-load path and stop the server under each
other), and an undo that runs during an import waits minutes on the server's locks before it
fails. So every import, dry run and undo holds this lock: an advisory ``flock`` on
``$KG_HOME/run/writer.lock``, shared by every process on this machine that uses the same home.
The second writer waits briefly and is then refused with one Chinese line naming the first.

The lock belongs to the open file, so the kernel releases it when the holder dies (``kill -9``
included): a crash never leaves it held. Within one process it is re-entrant (``kg load-default``
imports the lists and then the policy as one turn).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from kg.config import load_settings
from kg.errors import KgError

IMPORT_WAIT_SECONDS = 5.0  # two editors confirming at once: the second goes ahead if the first is short
UNDO_WAIT_SECONDS = 1.0  # an undo during an import is refused at once (it would only wait on the server)
POLL_SECONDS = 0.1


class WriterBusy(KgError):
    """Another import or undo holds the lock (nothing was changed)."""


_held = threading.local()


def lock_path(home: Path | None = None) -> Path:
    return (home or load_settings().home) / "run" / "writer.lock"


def holder(home: Path | None = None) -> dict[str, Any] | None:
    """Who holds the lock now (what the holder wrote into the file), or None when it is free."""
    path = lock_path(home)
    if not path.exists():
        return None
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            try:
                return json.loads(handle.read() or "{}")
            except ValueError:
                return {}
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def held_here() -> bool:
    """Whether this thread holds the lock (the offline load's own server start checks it)."""
    return getattr(_held, "depth", 0) > 0


def is_free(home: Path | None = None) -> bool:
    """True when no process holds the lock (and so no import or undo is running)."""
    return not held_here() and holder(home) is None


@contextlib.contextmanager
def writer(
    what: str, who: str, *, wait: float = IMPORT_WAIT_SECONDS, home: Path | None = None
) -> Iterator[None]:
    """Hold the writer lock for one import or undo; raise :class:`WriterBusy` after ``wait`` s."""
    if held_here():
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    path = lock_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115 - held for the whole turn, closed in finally
    try:
        _acquire(handle, wait)
        _describe(handle, what, who)
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _acquire(handle: IO[str], wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.seek(0)
                raise WriterBusy(_busy_message(handle.read())) from None
            time.sleep(POLL_SECONDS)


def _describe(handle: IO[str], what: str, who: str) -> None:
    handle.seek(0)
    handle.truncate(0)
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    handle.write(
        json.dumps({"what": what, "who": who, "pid": os.getpid(), "since": stamp}, ensure_ascii=False)
    )
    handle.flush()


def _busy_message(text: str) -> str:
    try:
        info = json.loads(text or "{}")
    except ValueError:
        info = {}
    if info.get("what"):
        first = f"（{info.get('who', '未知用户')} 自 {info.get('since', '?')} 起进行的{info['what']}）"
    else:
        first = ""
    return f"另一导入正在进行{first}，请等它完成后再试；本次未做任何改动"
