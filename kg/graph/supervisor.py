"""Keep the local Neo4j JVM running: restart it when it dies, unless a stop was asked.

One query can end the JVM (a string doubled thirty times exhausts any heap, and Neo4j runs with
``-XX:+ExitOnOutOfMemoryError``), so ``kg server start`` launches this small process, which launches
the JVM as its child and starts it again whenever it exits on its own. It never gives up on a
server that has answered once: whatever a reader's query does, however often, the explorer is
served again. Deaths in a row wait longer before the next start (1 s, doubling, at most
``MAX_DELAY_SECONDS``), so a server that cannot start costs little CPU; the wait starts again at
1 s once a run has stayed up ``HEALTHY_SECONDS``. A death during a later start-up (the JVM killed
again while it recovers) is restarted like any other. Only the very first start-up of a
supervisor is not retried: a server that has never answered is misconfigured (a port taken, a
store it cannot read), and ``kg server start`` reports that with the log. SIGTERM, SIGINT or SIGHUP
(``kg server stop``, a CI job's teardown, a logout) is a stop: the JVM gets SIGTERM, a clean
shutdown, and nothing restarts. The supervisor also stops the server when its owner process (the
test suite, via ``KG_SERVER_OWNER_PID``) is gone, so an interrupted suite leaves no JVM behind.

Standard library only (with :mod:`kg.graph.classdata`, itself standard library): it runs for days
next to the JVM and must stay small.
Run as ``python -m kg.graph.supervisor <spec.json>`` (written by :func:`kg.graph.server.start`).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from kg.graph import classdata

POLL_SECONDS = 0.5
RESTART_DELAY_SECONDS = 1.0
# The longest wait between a death and the next start: short enough that the explorer answers again
# soon after any read that killed the server, long enough that a crash loop leaves the CPU mostly idle.
MAX_DELAY_SECONDS = 8.0
HEALTHY_SECONDS = 60.0  # a run that stayed up this long (after answering) resets the back-off
STOP_TIMEOUT_SECONDS = 120.0

_stop_requested = False


def _request_stop(signum: int, frame: Any) -> None:
    global _stop_requested
    _stop_requested = True


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _log(path: Path, message: str) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S%z")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"{stamp} kg-supervisor: {message}\n")


def _write_pid(path: Path, pid: int) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(f"{pid}\n")
    tmp.replace(path)


def _stop_child(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def restart_delay(deaths_in_a_row: int, cap: float = MAX_DELAY_SECONDS) -> float:
    """Seconds to wait before the next start after this many deaths in a row (1, 2, 4, … capped)."""
    return min(RESTART_DELAY_SECONDS * 2 ** max(deaths_in_a_row - 1, 0), cap)


def supervise(spec: dict[str, Any]) -> int:
    """Run the JVM described by ``spec`` until a stop; the exit code says why it ended."""
    log = Path(spec["log"])
    jvm_pid_file = Path(spec["jvm_pid_file"])
    port = int(spec["port"])
    owner = spec.get("owner_pid")
    # the spec may shorten both (the supervisor's own tests run a stand-in that dies every second)
    cap = float(spec.get("max_delay", MAX_DELAY_SECONDS))
    healthy_after = float(spec.get("healthy_seconds", HEALTHY_SECONDS))
    ever_ready = False
    deaths = 0  # in a row, without a healthy run between them
    code = 0
    while not _stop_requested:
        cmd, archive = spec["cmd"], None
        if spec.get("class_lib"):  # map the class archive, or record it on this run (classdata)
            cds, archive = classdata.flags(Path(spec["class_lib"]))
            cmd = [cmd[0], *cds, *cmd[1:]]
        with open(log, "ab") as out:
            proc = subprocess.Popen(
                cmd,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=spec["cwd"],
                env=spec["env"],
            )
        _write_pid(jvm_pid_file, proc.pid)
        ready_at: float | None = None
        while proc.poll() is None:
            if _stop_requested or (owner and not _alive(owner)):
                _stop_child(proc)
                break
            if ready_at is None and _port_open(port):
                ready_at = time.monotonic()
                ever_ready = True
            time.sleep(POLL_SECONDS)
        returncode = proc.wait()
        try:
            classdata.promote(archive, returncode)
        except OSError as exc:  # the server matters more than a faster next start
            _log(log, f"class archive not kept: {exc}")
        if _stop_requested or (owner and not _alive(owner)):
            break
        if not ever_ready:
            _log(log, f"Neo4j exited with code {returncode} during its first start-up; not restarting")
            code = 3
            break
        healthy = ready_at is not None and time.monotonic() - ready_at >= healthy_after
        deaths = 1 if healthy else deaths + 1
        delay = restart_delay(deaths, cap)
        when = "during start-up" if ready_at is None else "after answering"
        _log(
            log,
            f"Neo4j exited with code {returncode} {when} ({deaths} in a row); restarting it in {delay:.0f}s",
        )
        _sleep_unless_stopped(delay)
    try:
        if jvm_pid_file.read_text().strip() == str(proc.pid):
            jvm_pid_file.unlink()
    except OSError:
        pass
    return code


def _sleep_unless_stopped(seconds: float) -> None:
    """Wait before a restart, but end the wait at once when a stop is asked for."""
    deadline = time.monotonic() + seconds
    while not _stop_requested and time.monotonic() < deadline:
        time.sleep(min(0.1, max(deadline - time.monotonic(), 0)))


def main(argv: list[str]) -> int:
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _request_stop)
    spec = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    try:
        return supervise(spec)
    finally:
        own = Path(spec["supervisor_pid_file"])
        try:
            if own.read_text().strip() == str(os.getpid()):
                own.unlink()
        except OSError:
            pass


if __name__ == "__main__":
    sys.exit(main(sys.argv))
