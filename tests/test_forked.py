"""Work done in a forked child (kg.forked): its result, its errors, and a child that dies."""

from __future__ import annotations

import os
import signal

import pytest

from kg.errors import KgError
from kg.forked import ChildFailed, forked


def test_the_child_returns_what_its_work_returned_computed_from_memory_it_was_not_sent() -> None:
    data = {"rows": list(range(100_000))}
    with forked(lambda: (os.getpid(), sum(data["rows"]))) as child:
        data["rows"] = []  # changed here after the fork: the child keeps what it saw
        pid, total = child.result()
    assert pid != os.getpid()
    assert total == sum(range(100_000))


def test_an_error_in_the_child_is_raised_here_with_its_message() -> None:
    def fail() -> None:
        raise KgError("文本中含有分隔符")

    with pytest.raises(KgError, match="文本中含有分隔符"), forked(fail) as child:
        child.result()


def test_a_child_killed_before_it_answered_is_reported_not_waited_for_forever() -> None:
    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(ChildFailed), forked(die) as child:
        child.result()


def test_the_child_is_waited_for_when_the_block_fails(tmp_path) -> None:
    marker = tmp_path / "written"
    with pytest.raises(ValueError), forked(lambda: marker.write_text("done")):
        raise ValueError("the parent's own half failed")
    assert marker.read_text() == "done"  # the child ran to its end before the error went on
