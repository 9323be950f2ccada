"""Crash points for the crash-safety tests: ``KG_CRASH_AT=<name>`` ends this process there.

The offline first load must survive a kill at any step (:mod:`kg.graph.storeswap`). Some steps
last milliseconds (moving two directories), so a test cannot hit them by timing a ``kill -9``
from outside; naming the step does. The process is killed with SIGKILL, as the OOM killer or a
power cut would end it: no ``finally`` block, no ``atexit`` handler runs. Unset, it does nothing.
"""

from __future__ import annotations

import os
import signal

from kg.config import crash_at


def crash_point(name: str) -> None:
    """Kill this process here when ``KG_CRASH_AT`` names this point."""
    if crash_at() == name:
        os.kill(os.getpid(), signal.SIGKILL)
