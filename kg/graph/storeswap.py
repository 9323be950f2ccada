"""The offline first load's store swap, journaled so that a crash at any step is undone or finished.

The offline first load (:mod:`kg.ingest.bulk`) builds a new store beside the live one, stops the
server, moves the empty store aside, moves the new one in, starts the server on it and applies
the schema. A process killed between two of those steps used to leave a store that would not
start (its transaction logs moved, its data files not), or one without its constraints that the
import history called committed. Each step is now written first to ``$KG_HOME/run/store-swap.json``
(atomically, synced) and the next ``kg server start`` reads it:

=============  =====================================================  ==============================
phase          what is true                                           recovery
=============  =====================================================  ==============================
``prepared``   the live store is untouched (the server may be down)   drop the staging files
``swapping``   directories are being moved                            put the old store back
``starting``   the new store is in place, its schema not yet checked  stop, put the old store back
``verified``   the new store serves with its full schema (committed)  remove the old store
=============  =====================================================  ==============================

So the server always starts on the old store or the new one, never neither, and only a store
whose schema was checked counts as imported. This module only moves directories and writes the
journal; stopping and starting the server around it is :mod:`kg.graph.server`'s part.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.config import Settings
from kg.faults import crash_point

PHASES = ("prepared", "swapping", "starting", "verified")
OLD_SUFFIX = ".before-bulk"


@dataclass
class Swap:
    """One offline load's journal entry."""

    staging: str
    database: str
    pid: int
    phase: str = "prepared"
    had: list[bool] = field(default_factory=list)  # which live directories existed before the swap


def journal_path(settings: Settings) -> Path:
    return settings.home / "run" / "store-swap.json"


def read(settings: Settings) -> Swap | None:
    """The swap in progress (or left by a crash), else None."""
    try:
        data = json.loads(journal_path(settings).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError:  # a journal cut short can only be from before its first complete write
        return None
    return Swap(**data)


def _write(settings: Settings, swap: Swap) -> None:
    path = journal_path(settings)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(asdict(swap), fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _sync_dir(path.parent)


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def live_dirs(settings: Settings, database: str) -> list[Path]:
    data = settings.home / "data"
    return [data / "databases" / database, data / "transactions" / database]


def staged_dirs(staging: Path, database: str) -> list[Path]:
    data = staging / "data"
    return [data / "databases" / database, data / "transactions" / database]


def _old(path: Path) -> Path:
    return path.with_name(path.name + OLD_SUFFIX)


def begin(settings: Settings, staging: Path) -> Swap:
    """Record that an offline load is building ``staging``; the live store is not touched yet."""
    swap = Swap(staging=str(staging), database=settings.database or "neo4j", pid=os.getpid())
    _write(settings, swap)
    return swap


def swap_in(settings: Settings, swap: Swap) -> None:
    """With the server stopped: move the live store aside and the new one in (phase ``starting``)."""
    live = live_dirs(settings, swap.database)
    swap.had = [p.exists() for p in live]
    swap.phase = "swapping"
    _write(settings, swap)
    for path in live:
        if path.exists():
            shutil.rmtree(_old(path), ignore_errors=True)
            path.rename(_old(path))
    for n, (src, dst) in enumerate(zip(staged_dirs(Path(swap.staging), swap.database), live, strict=True)):
        if src.exists():
            shutil.move(str(src), dst)
        if n == 0:
            crash_point("bulk-half-swapped")  # the data files moved, the transaction logs not yet
    for path in live:
        _sync_dir(path.parent)
    swap.phase = "starting"
    _write(settings, swap)


def mark_verified(settings: Settings, swap: Swap) -> None:
    """The commit point: the new store serves with its full schema."""
    swap.phase = "verified"
    _write(settings, swap)


def finish(settings: Settings, swap: Swap) -> None:
    """After the commit point: remove the old store, the staging files and the journal."""
    for path in live_dirs(settings, swap.database):
        shutil.rmtree(_old(path), ignore_errors=True)
    _forget(settings, swap)


def discard(settings: Settings, swap: Swap) -> None:
    """Phase ``prepared``: the live store was never touched; only the staging files go."""
    _forget(settings, swap)


def roll_back(settings: Settings, swap: Swap) -> None:
    """With the server stopped: put the old store back exactly, whatever step the swap reached."""
    live = live_dirs(settings, swap.database)
    had = swap.had or [True] * len(live)
    for path, existed in zip(live, had, strict=True):
        old = _old(path)
        if old.exists():
            shutil.rmtree(path, ignore_errors=True)
            old.rename(path)
        elif not existed:  # nothing was there before: whatever is there came from the new store
            shutil.rmtree(path, ignore_errors=True)
        # else: this directory was never moved aside; it is the old store's own
    for path in live:
        _sync_dir(path.parent)
    _forget(settings, swap)


def _forget(settings: Settings, swap: Swap) -> None:
    shutil.rmtree(swap.staging, ignore_errors=True)
    journal_path(settings).unlink(missing_ok=True)
