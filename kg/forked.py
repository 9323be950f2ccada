"""One piece of work done in a forked child while this process does the rest (issue #11).

For a job whose two halves share nothing but data already in memory — the offline importer's
files: one core writes the relationship files while the other builds and writes the nodes'. The
child sees that data as it was at the fork (copy-on-write, nothing is sent to it), returns one
picklable result through a pipe and leaves with ``os._exit``: no ``atexit`` handler, finaliser or
buffered output of this process runs twice, and nothing it inherited (driver connections, files)
is closed or written by it. Where ``os.fork`` does not exist the work runs here, when asked for:
work that changes what this process goes on using must not be handed over there (the caller
checks ``os.fork`` itself).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class ChildFailed(RuntimeError):
    """The child ended without a result (killed, or out of memory)."""


class Child(Generic[T]):
    """The running child: ``result()`` waits for it and returns what the work returned, or raises
    what it raised."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work: Callable[[], T] | None = None
        self._pid: int | None = None
        self._outcome: tuple[bool, Any] | None = None
        if not hasattr(os, "fork"):
            self._work = work  # no fork here: run when the result is asked for
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, send the outcome, leave at once
            os.close(read_end)
            try:
                try:
                    payload = pickle.dumps((True, work()), pickle.HIGHEST_PROTOCOL)
                except BaseException as exc:  # noqa: BLE001 - handed to the parent
                    try:
                        payload = pickle.dumps((False, exc), pickle.HIGHEST_PROTOCOL)
                    except Exception:  # noqa: BLE001 - an exception that does not pickle
                        payload = pickle.dumps((False, ChildFailed(repr(exc))), pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(payload)
            finally:
                os._exit(0)
        os.close(write_end)
        self._pid, self._read_end = pid, read_end

    def result(self) -> T:
        if self._work is not None and self._outcome is None:
            try:
                self._outcome = (True, self._work())
            except Exception as exc:  # noqa: BLE001 - raised again just below
                self._outcome = (False, exc)
        self.join()
        assert self._outcome is not None
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    def join(self) -> None:
        """Wait for the child (read its outcome first: a full pipe would keep it waiting)."""
        if self._outcome is not None or self._pid is None:
            return
        with os.fdopen(self._read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        if not payload:
            self._outcome = (False, ChildFailed(f"子进程未返回结果而结束（状态 {status}）"))
        else:
            self._outcome = pickle.loads(payload)


@contextmanager
def forked(work: Callable[[], T]) -> Iterator[Child[T]]:
    """``work`` in a forked child for the length of the block; the child is waited for when the
    block ends, also when the block failed (its result is then dropped)."""
    child = Child(work)
    try:
        yield child
    finally:
        child.join()
