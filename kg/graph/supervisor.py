"""Keep the local Neo4j JVM running: restart it when it dies, unless a stop was asked.

One query can end the JVM (a string doubled thirty times exhausts any heap, and Neo4j runs with
``-XX:+ExitOnOutOfMemoryError``), so ``kg server start`` launches this small process, which launches
the JVM as its child and starts it again whenever it exits on its own. SIGTERM, SIGINT or SIGHUP
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
from collections import deque
from pathlib import Path
from typing import Any

from kg.graph import classdata

POLL_SECONDS = 0.5
RESTART_DELAY_SECONDS = 1.0
# More restarts than this within the window means something is wrong that a restart will not fix.
MAX_RESTARTS = 5
RESTART_WINDOW_SECONDS = 600.0
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


def supervise(spec: dict[str, Any]) -> int:
    """Run the JVM described by ``spec`` until a stop; the exit code says why it ended."""
    log = Path(spec["log"])
    jvm_pid_file = Path(spec["jvm_pid_file"])
    port = int(spec["port"])
    owner = spec.get("owner_pid")
    restarts: deque[float] = deque()
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
        ready = False
        while proc.poll() is None:
            if _stop_requested or (owner and not _alive(owner)):
                _stop_child(proc)
                break
            if not ready and _port_open(port):
                ready = True
            time.sleep(POLL_SECONDS)
        returncode = proc.wait()
        try:
            classdata.promote(archive, returncode)
        except OSError as exc:  # the server matters more than a faster next start
            _log(log, f"class archive not kept: {exc}")
        if _stop_requested or (owner and not _alive(owner)):
            break
        if not ready:
            _log(log, f"Neo4j exited with code {returncode} during start-up; not restarting")
            code = 3
            break
        now = time.monotonic()
        restarts.append(now)
        while restarts and now - restarts[0] > RESTART_WINDOW_SECONDS:
            restarts.popleft()
        if len(restarts) > MAX_RESTARTS:
            _log(log, f"Neo4j stopped {len(restarts)} times in {RESTART_WINDOW_SECONDS:.0f}s; giving up")
            code = 4
            break
        _log(log, f"Neo4j exited with code {returncode}; restarting it")
        time.sleep(RESTART_DELAY_SECONDS)
    try:
        if jvm_pid_file.read_text().strip() == str(proc.pid):
            jvm_pid_file.unlink()
    except OSError:
        pass
    return code


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
