"""The local server's life: idempotent start, status, clean stop, crash recovery, clear errors."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from kg.config import load_settings
from kg.errors import ServerError
from kg.graph import classdata, server
from tests.conftest import free_port, run_kg


@pytest.fixture()
def own_server(tmp_path: Path, kg_env: dict[str, str]):
    """A second, private server (its own KG_HOME and port) for lifecycle tests."""
    env = {
        "KG_HOME": str(tmp_path / "home"),
        "KG_BOLT_PORT": str(free_port()),
        "KG_HEAP": "512m",
        "KG_PAGECACHE": "128m",
    }
    settings = load_settings(env)
    yield settings, env
    server.stop(settings)


def _write_and_read(settings, value: int | None = None) -> list[int]:
    uri = f"bolt://127.0.0.1:{settings.bolt_port}"
    with GraphDatabase.driver(uri, auth=("neo4j", server.read_password(settings))) as driver:
        if value is not None:
            driver.execute_query("CREATE (:Probe {v: $v})", v=value)
        records = driver.execute_query("MATCH (p:Probe) RETURN p.v AS v ORDER BY v").records
        return [r["v"] for r in records]


def test_start_is_idempotent_and_status_reports(own_server) -> None:
    settings, env = own_server
    first = server.start(settings)
    second = server.start(settings)
    assert first.running and second.running
    assert first.pid == second.pid, "a second start must not launch a second JVM"
    out = run_kg("server", "status", env=env, check=True).stdout
    assert "running" in out and "5.26" in out and "community" in out
    assert f"bolt://127.0.0.1:{settings.bolt_port}" in out
    assert str(settings.home / "data") in out
    # the password file is readable by its owner only
    mode = stat.S_IMODE(settings.password_file.stat().st_mode)
    assert mode == 0o600
    conf = (settings.home / "conf" / "neo4j.conf").read_text()
    assert "server.http.enabled=false" in conf
    assert f"server.bolt.listen_address=127.0.0.1:{settings.bolt_port}" in conf
    assert "dbms.security.allow_csv_import_from_file_urls=false" in conf
    assert "dbms.usage_report.enabled=false" in conf
    # authentication is on: a wrong password is refused
    uri = f"bolt://127.0.0.1:{settings.bolt_port}"
    with GraphDatabase.driver(uri, auth=("neo4j", "wrong-password")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_stop_then_status_says_stopped(own_server) -> None:
    settings, env = own_server
    server.start(settings)
    assert run_kg("server", "stop", env=env).stdout.strip() == "stopped"
    assert "stopped" in run_kg("server", "status", env=env).stdout
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", settings.bolt_port)) != 0


def _answers_within(settings, seconds: float) -> float:
    """Seconds until a plain driver (no `kg server start`) reads from the server again."""
    uri = f"bolt://127.0.0.1:{settings.bolt_port}"
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            with GraphDatabase.driver(
                uri, auth=("neo4j", server.read_password(settings)), connection_timeout=2
            ) as d:
                with d.session() as session:
                    session.run("RETURN 1").consume()
            return time.monotonic() - started
        except Exception:  # noqa: BLE001 - down while it restarts
            time.sleep(0.5)
    raise AssertionError(f"the server did not answer within {seconds:.0f}s")


def _assert_back_within_60s(settings) -> float:
    """The server answers again within 60 s; waits up to 180 s so a failure reports the real time."""
    waited = _answers_within(settings, 180)
    assert waited <= 60, f"the server answered again only after {waited:.1f}s (limit 60 s)"
    return waited


def test_kill_9_loses_no_committed_data_and_the_server_comes_back_by_itself(own_server) -> None:
    settings, _ = own_server
    server.start(settings)
    assert _write_and_read(settings, 1) == [1]
    assert _write_and_read(settings, 2) == [1, 2]
    pid = server.status(settings, probe=False).pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    # Before #15 it stayed down until someone ran `kg server start`; now its supervisor restarts it.
    waited = _assert_back_within_60s(settings)
    new_pid = server.status(settings, probe=False).pid
    assert new_pid is not None and new_pid != pid
    assert _write_and_read(settings) == [1, 2]
    print(f"answered again {waited:.1f}s after kill -9")


def _wait_for_transaction(settings, text: str, seconds: float = 60) -> None:
    """Until a transaction running a query that contains ``text`` (not its EXPLAIN) is on the server."""
    uri = f"bolt://127.0.0.1:{settings.bolt_port}"
    with GraphDatabase.driver(uri, auth=("neo4j", server.read_password(settings))) as driver:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            queries = driver.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").records
            if any(
                text in q["currentQuery"] and not q["currentQuery"].startswith("EXPLAIN") for q in queries
            ):
                return
            time.sleep(0.2)
    raise AssertionError(f"no transaction running {text!r} within {seconds:.0f}s")


def test_a_query_that_kills_the_jvm_gets_one_line_and_the_server_returns_within_60s(own_server) -> None:
    settings, env = own_server
    server.start(settings)
    pid = server.status(settings, probe=False).pid
    # 30 doublings need 1 GB, the heap is 512 MB, and Neo4j's transaction memory pool does not count
    # strings: the JVM exits on OutOfMemoryError. The runner refuses this text (#35), so it is sent
    # straight to the server while `kg query` waits on a slow query, whose connection the crash drops.
    killer = "WITH 'x' AS a " + " WITH a + a AS a" * 30 + " RETURN size(a) AS n"
    assert run_kg("query", killer, env=env).returncode == 2
    slow = "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 99 RETURN count(*) AS n"
    kg = Path(sys.executable).with_name("kg")
    with subprocess.Popen(
        [str(kg), "query", slow, "--timeout", "600"],
        env=dict(os.environ, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        _wait_for_transaction(settings, "range(1, 2000000000)")
        uri = f"bolt://127.0.0.1:{settings.bolt_port}"
        with GraphDatabase.driver(uri, auth=("neo4j", server.read_password(settings))) as driver:
            with pytest.raises(Exception):  # noqa: B017 - the connection drops as the JVM exits
                with driver.session() as session:  # no retries: a retry would kill the restarted JVM
                    session.run(killer).consume()
        _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1
    assert re.fullmatch(
        r"error: 图数据库无法连接：查询中连接断开（\w+）；本地服务器会自动重启，请稍后重试", err.strip()
    ), err
    assert "OutOfMemoryError" in (settings.home / "logs" / "console.log").read_text(errors="replace")
    waited = _assert_back_within_60s(settings)
    assert server.status(settings, probe=False).pid != pid
    print(f"answered again {waited:.1f}s after the query failed")


def test_two_kills_3s_apart_recover_by_themselves(own_server) -> None:
    """The second kill hits the JVM while it recovers from the first (during its start-up): it is
    restarted like any other death, with nobody running `kg server start`."""
    settings, _ = own_server
    server.start(settings)
    assert _write_and_read(settings, 7) == [7]
    first = server.status(settings, probe=False).pid
    os.kill(first, signal.SIGKILL)
    time.sleep(3)
    second = server.status(settings, probe=False).pid
    assert second is not None and second != first, "the supervisor had not started it again within 3 s"
    os.kill(second, signal.SIGKILL)
    waited = _assert_back_within_60s(settings)
    assert _write_and_read(settings) == [7]
    print(f"answered again {waited:.1f}s after the second kill -9")


def _stand_in(tmp_path: Path, port: int, *, answer: bool) -> tuple[dict, Path]:
    """A supervisor spec whose "server" is a tiny Python program: it counts its starts, listens
    on ``port`` for a second when ``answer`` and exits with code 1 (as the JVM does on OOM)."""
    starts = tmp_path / "starts"
    program = (
        "import socket, sys, time\n"
        f"open({str(starts)!r}, 'a').write('x')\n"
        "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
        f"s.bind(('127.0.0.1', {port})); s.listen()\n"
        f"time.sleep({1.2 if answer else 0})\n"
        "sys.exit(1)\n"
    )
    run = tmp_path / "run"
    run.mkdir(exist_ok=True)
    spec = {
        "cmd": [sys.executable, "-c", program],
        "env": dict(os.environ),
        "cwd": str(tmp_path),
        "log": str(tmp_path / "console.log"),
        "port": port,
        "jvm_pid_file": str(run / "jvm.pid"),
        "supervisor_pid_file": str(run / "supervisor.pid"),
        "owner_pid": os.getpid(),
        "max_delay": 0.2,
    }
    return spec, starts


def _supervise(tmp_path: Path, spec: dict) -> subprocess.Popen[bytes]:
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    return subprocess.Popen([sys.executable, "-m", "kg.graph.supervisor", str(tmp_path / "spec.json")])


def test_the_supervisor_never_gives_up_on_a_server_that_answered(tmp_path: Path) -> None:
    """It used to stop after 6 deaths in 10 minutes (six doubling queries from the console took
    the database down for good). Nine deaths in a row now get nine restarts, with back-off."""
    spec, starts = _stand_in(tmp_path, free_port(), answer=True)
    proc = _supervise(tmp_path, spec)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            if starts.exists() and len(starts.read_text()) >= 10:
                break
            time.sleep(0.2)
        assert proc.poll() is None, "the supervisor gave up"
        assert len(starts.read_text()) >= 10
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    log = Path(spec["log"]).read_text(encoding="utf-8")
    assert "giving up" not in log and log.count("restarting it in") >= 9


def test_the_supervisor_does_not_retry_a_server_that_never_answered(tmp_path: Path) -> None:
    """A first start-up that fails (a port taken, a store it cannot read) is reported, not looped."""
    spec, starts = _stand_in(tmp_path, free_port(), answer=False)
    assert _supervise(tmp_path, spec).wait(timeout=30) == 3
    assert starts.read_text() == "x"
    assert "during its first start-up; not restarting" in Path(spec["log"]).read_text(encoding="utf-8")


def test_restarts_back_off_and_stay_short() -> None:
    from kg.graph import supervisor

    assert [supervisor.restart_delay(n) for n in range(1, 7)] == [1, 2, 4, 8, 8, 8]


def test_stop_ends_the_supervisor_and_nothing_restarts(own_server) -> None:
    settings, env = own_server
    first = server.start(settings)
    assert first.supervisor_pid is not None
    assert "supervisor: pid" in run_kg("server", "status", env=env).stdout
    assert run_kg("server", "stop", env=env).stdout.strip() == "stopped"
    time.sleep(5)
    assert not server.status(settings, probe=False).running
    assert not server._alive(first.pid) and not server._alive(first.supervisor_pid)
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", settings.bolt_port)) != 0


def test_the_initial_password_never_shows_in_ps(own_server) -> None:
    settings, _ = own_server
    seen: set[str] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
                try:
                    text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                if str(settings.home) in text:
                    seen.add(text)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        server.start(settings)  # a fresh home: sets the initial password, then starts Neo4j
    finally:
        done.set()
        watcher.join()
    password = server.read_password(settings)
    assert any("set-initial-password.args" in line for line in seen), "the admin tool run was not observed"
    assert any("CommunityEntryPoint" in line for line in seen)
    assert not [line for line in seen if password in line]
    assert not (settings.home / "run" / "set-initial-password.args").exists()


def test_port_taken_is_a_clear_error(own_server) -> None:
    settings, _ = own_server
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", settings.bolt_port))
        squatter.listen()
        with pytest.raises(ServerError, match=f"port {settings.bolt_port} is taken"):
            server.start(settings)


def test_missing_java_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(
        {
            "KG_HOME": str(tmp_path / "h"),
            "KG_NEO4J_LIB": str(tmp_path / "lib"),
            "KG_BOLT_PORT": str(free_port()),
        }
    )
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(ServerError, match="Java is not installed"):
        server.start(settings)


def test_missing_maven_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "java").symlink_to(shutil.which("java"))
    settings = load_settings(
        {
            "KG_HOME": str(tmp_path / "h"),
            "KG_NEO4J_LIB": str(tmp_path / "lib"),
            "KG_BOLT_PORT": str(free_port()),
        }
    )
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(ServerError, match="Maven is not installed"):
        server.start(settings)


def test_server_that_dies_names_its_log(own_server) -> None:
    settings, _ = own_server
    server.start(settings)
    server.stop(settings)
    conf = settings.home / "conf" / "neo4j.conf"
    # an impossible page cache size makes Neo4j exit during start-up
    settings = load_settings(
        {
            "KG_HOME": str(settings.home),
            "KG_BOLT_PORT": str(settings.bolt_port),
            "KG_HEAP": "512m",
            "KG_PAGECACHE": "999999g",
        }
    )
    with pytest.raises(ServerError, match="console.log"):
        server.start(settings)
    assert conf.exists()


def test_cli_start_with_external_uri_starts_nothing(tmp_path: Path, kg_env: dict[str, str]) -> None:
    env = {"KG_HOME": str(tmp_path / "never"), "NEO4J_URI": "bolt://127.0.0.1:1"}
    out = run_kg("server", "start", env=env, check=True).stdout
    assert "NEO4J_URI is set" in out
    assert not (tmp_path / "never").exists()


def _jvm_command(settings) -> str:
    pid = server.status(settings, probe=False).pid
    assert pid is not None
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def test_a_clean_stop_leaves_the_class_archive_that_later_starts_map(own_server, tmp_path: Path) -> None:
    settings, env = own_server
    lib = tmp_path / "lib"  # the same jars, no archive yet
    lib.mkdir()
    for jar in settings.lib_dir.glob("*.jar"):
        (lib / jar.name).symlink_to(jar)
    (lib / server.COMPLETE_MARKER).touch()
    settings = load_settings({**env, "KG_NEO4J_LIB": str(lib)})
    other = load_settings(
        {
            **env,
            "KG_NEO4J_LIB": str(lib),
            "KG_HOME": str(tmp_path / "other"),
            "KG_BOLT_PORT": str(free_port()),
        }
    )
    archive = classdata.archive_path(lib)
    server.start(settings)  # no archive yet: this JVM records one when it exits
    assert "ArchiveClassesAtExit" in _jvm_command(settings)
    assert _write_and_read(settings, 1) == [1]
    try:
        server.start(other)
    finally:
        server.stop(other)  # its clean exit writes the archive
    assert archive.exists() and archive.stat().st_size > 0
    assert not list(lib.glob("*.tmp")), "the temporary archive is promoted, not left behind"
    console = settings.home / "logs" / "console.log"
    assert "[warning][cds" not in console.read_text(), "writing the archive keeps the console log clean"
    logged = len(console.read_text())
    # the first server's JVM dies: its supervisor's restart maps the archive that now exists
    os.kill(server.status(settings, probe=False).pid, signal.SIGKILL)
    _assert_back_within_60s(settings)
    assert f"-XX:SharedArchiveFile={archive}" in _jvm_command(settings)
    assert "ArchiveClassesAtExit" not in _jvm_command(settings)
    assert _write_and_read(settings) == [1]
    assert "[warning][cds" not in console.read_text()[logged:], "the JVM mapped it without a complaint"


def test_an_archive_from_a_jvm_that_did_not_stop_cleanly_is_dropped(tmp_path: Path) -> None:
    final = tmp_path / "neo4j-classes-x.jsa"
    for code, kept in ((-9, False), (1, False), (143, True)):
        tmp = tmp_path / f"written-{code}.tmp"
        tmp.write_bytes(b"archive")
        classdata.promote({"tmp": str(tmp), "final": str(final)}, code)
        assert not tmp.exists()
        assert final.exists() is kept
    tmp = tmp_path / "second.tmp"  # a clean exit when an archive is kept already: the kept one stays
    tmp.write_bytes(b"another")
    classdata.promote({"tmp": str(tmp), "final": str(final)}, 0)
    assert not tmp.exists() and final.read_bytes() == b"archive"


FAKE_MVN = """#!/bin/sh
# stands in for Maven: notes each run, then "resolves" one jar after a pause
echo run >> "{calls}"
for arg in "$@"; do case "$arg" in -DoutputDirectory=*) out="${{arg#-DoutputDirectory=}}";; esac; done
sleep 2
touch "$out/neo4j-server-{version}.jar"
"""


def test_two_first_starts_at_once_resolve_the_jars_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    from kg.config import NEO4J_VERSION

    bin_dir, calls, lib = tmp_path / "bin", tmp_path / "calls", tmp_path / "jars" / NEO4J_VERSION
    bin_dir.mkdir()
    mvn = bin_dir / "mvn"
    mvn.write_text(FAKE_MVN.format(calls=calls, version=NEO4J_VERSION), encoding="utf-8")
    mvn.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", KG_NEO4J_LIB=str(lib))
    code = (
        "from kg.config import load_settings; from kg.graph import server; "
        "print(server.ensure_jars(load_settings()))"
    )
    # two processes on a fresh machine (make test's two workers), started together
    procs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=60)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outs == [str(lib), str(lib)]
    assert calls.read_text().split() == ["run"], "the second waited for the first's jars"
    assert (lib / server.COMPLETE_MARKER).exists() and (lib / f"neo4j-server-{NEO4J_VERSION}.jar").exists()
