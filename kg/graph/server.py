"""The project's own Neo4j 5 Community server, built from Maven Central jars and run with local Java.

Everything the server keeps (configuration, data, logs, the generated password) lives under
``KG_HOME``; the jars are shared between homes in ``KG_NEO4J_LIB``. ``start`` is idempotent and
launches a small supervisor (:mod:`kg.graph.supervisor`) that starts the JVM again whenever it
dies (an out-of-memory exit, ``kill -9``): it recovers from its write-ahead log and answers again
without anyone running ``kg server start``. ``stop`` is the only way to end it: a clean shutdown.
The initial password never appears on a command line (``ps``): the admin tool reads it from an
owner-only argument file.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kg.config import NEO4J_VERSION, PACKAGE_DIR, Settings
from kg.errors import ServerError
from kg.graph import storeswap, writelock

POM = PACKAGE_DIR / "graph" / "neo4j-runtime.pom.xml"
COMPLETE_MARKER = ".complete"
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
]


@dataclass(frozen=True)
class ServerStatus:
    """What ``kg server status`` reports."""

    running: bool
    pid: int | None
    bolt_uri: str
    home: Path
    data_dir: Path
    log_file: Path
    version: str | None = None
    edition: str | None = None
    supervisor_pid: int | None = None

    def lines(self) -> list[str]:
        if self.running:
            state = f"running (pid {self.pid})"
        elif self.supervisor_pid:
            state = "restarting (the supervisor is starting Neo4j again)"
        else:
            state = "stopped"
        if self.supervisor_pid:
            watch = f"pid {self.supervisor_pid} (restarts Neo4j if it dies; 'kg server stop' ends both)"
        else:
            watch = "none (Neo4j is not restarted if it dies; 'kg server stop' then 'kg server start')"
        return [
            f"status:    {state}",
            f"supervisor: {watch}",
            f"version:   {self.version or NEO4J_VERSION}",
            f"edition:   {self.edition or 'community'}",
            f"bolt:      {self.bolt_uri}",
            f"home:      {self.home}",
            f"data:      {self.data_dir}",
            f"log:       {self.log_file}",
        ]


def _paths(settings: Settings) -> dict[str, Path]:
    home = settings.home
    return {
        "conf": home / "conf",
        "data": home / "data",
        "logs": home / "logs",
        "run": home / "run",
        "import": home / "import",
        "plugins": home / "plugins",
        "pid": home / "run" / "kg-neo4j.pid",
        "supervisor_pid": home / "run" / "kg-supervisor.pid",
        "supervisor_spec": home / "run" / "kg-supervisor.json",
        "lock": home / "run" / "start.lock",
        "console": home / "logs" / "console.log",
    }


def ensure_jars(settings: Settings) -> Path:
    """Resolve the Neo4j jars from Maven Central once; later calls return at once.

    Two processes starting at once on a fresh clone (``make test``'s two workers, or a `kg`
    command beside ``make run``) resolve them once: the second waits on a lock and finds them
    complete, rather than replacing the directory under the first's running server."""
    lib = settings.lib_dir
    if (lib / COMPLETE_MARKER).exists():
        return lib
    lib.parent.mkdir(parents=True, exist_ok=True)
    with open(lib.parent / f".{lib.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if (lib / COMPLETE_MARKER).exists():
            return lib
        return _resolve_jars(lib)


def _resolve_jars(lib: Path) -> Path:
    if shutil.which("java") is None:
        raise ServerError(
            "Java is not installed: install a Java 17 runtime (apt-get install openjdk-17-jre-headless)"
        )
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError(
            "Maven is not installed: install it (apt-get install maven) to fetch the Neo4j jars"
        )
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=lib.parent))
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(POM),
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-Dneo4j.version={NEO4J_VERSION}",
        f"-DoutputDirectory={staging}",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0 or not any(staging.glob("neo4j-server-*.jar")):
        shutil.rmtree(staging, ignore_errors=True)
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-1:] or ["no output"]
        raise ServerError(f"could not fetch the Neo4j {NEO4J_VERSION} jars with Maven: {tail[0]}")
    (staging / COMPLETE_MARKER).write_text(NEO4J_VERSION + "\n")
    if lib.exists():
        shutil.rmtree(lib)
    staging.rename(lib)
    return lib


def _read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); treat it as dead.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ", 1)[1][:1] != "Z"
    except OSError:
        return True


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def read_password(settings: Settings) -> str:
    """The generated password of the local server (created on first start)."""
    try:
        return settings.password_file.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ServerError(
            f"no password file at {settings.password_file}: start the server with 'kg server start'"
        ) from exc


def _ensure_password(settings: Settings, lib: Path) -> None:
    """Generate a password (owner-only file) and set it before the database first starts."""
    paths = _paths(settings)
    auth_file = paths["data"] / "dbms" / "auth.ini"
    if settings.password_file.exists() and auth_file.exists():
        return
    if not settings.password_file.exists():
        # A letter first: a token starting with '-' would be read as an option by the admin tool.
        password = "k" + secrets.token_urlsafe(24)
        fd = os.open(settings.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(password + "\n")
    os.chmod(settings.password_file, 0o600)
    if auth_file.exists():
        return
    env = dict(os.environ, NEO4J_HOME=str(settings.home), NEO4J_CONF=str(paths["conf"]))
    # The password goes into an owner-only @argfile, read by the java launcher: `ps` and
    # /proc/*/cmdline show "java @…/set-initial-password.args", never the password.
    args = [
        "-cp",
        f"{lib}/*",
        "org.neo4j.cli.AdminTool",
        "dbms",
        "set-initial-password",
        read_password(settings),
    ]
    argfile = paths["run"] / "set-initial-password.args"
    fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(_argfile_quote(a) for a in args) + "\n")
    try:
        proc = subprocess.run(["java", f"@{argfile}"], capture_output=True, text=True, env=env)
    finally:
        argfile.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise ServerError(f"could not set the initial password: {proc.stderr.strip()[-300:]}")


def _argfile_quote(arg: str) -> str:
    """One argument of a java @argfile: double-quoted, backslashes and quotes escaped."""
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_config(settings: Settings) -> Path:
    """Write ``neo4j.conf``: loopback Bolt only, no HTTP, auth on, no outbound loads."""
    paths = _paths(settings)
    for key in ("conf", "data", "logs", "run", "import", "plugins"):
        paths[key].mkdir(parents=True, exist_ok=True)
    os.chmod(settings.home, 0o700)
    port = settings.bolt_port
    conf = f"""# Written by kg (kg/graph/server.py); edit KG_* variables instead of this file.
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:{port}
server.bolt.advertised_address=127.0.0.1:{port}
server.bolt.enabled=true
server.http.enabled=false
server.https.enabled=false
dbms.routing.enabled=false
dbms.security.auth_enabled=true
dbms.usage_report.enabled=false
server.memory.heap.initial_size={settings.heap}
server.memory.heap.max_size={settings.heap}
server.memory.pagecache.size={settings.pagecache}
db.transaction.timeout={settings.tx_timeout}
dbms.security.allow_csv_import_from_file_urls=false
internal.dbms.cypher_ip_blocklist=0.0.0.0/0,::/0
server.directories.data={paths["data"]}
server.directories.logs={paths["logs"]}
server.directories.run={paths["run"]}
server.directories.import={paths["import"]}
server.directories.plugins={paths["plugins"]}
db.tx_log.rotation.retention_policy=2 days
# Bolt waits this many seconds for stray traffic after the databases have stopped (default 5):
# every stop took 5.6 s, now 0.6 s
internal.dbms.bolt.netty_server_shutdown_quiet_period=0
"""
    target = paths["conf"] / "neo4j.conf"
    target.write_text(conf, encoding="utf-8")
    return target


def status(settings: Settings, probe: bool = True) -> ServerStatus:
    """The local server's state; with ``probe`` also its version from ``dbms.components``."""
    paths = _paths(settings)
    pid = _read_pid(paths["pid"])
    running = _alive(pid)
    version = edition = None
    if running and probe and _port_open(settings.bolt_port):
        try:
            version, edition = _components(settings)
        except Exception:  # noqa: BLE001 - status must report, not fail
            version = edition = None
    supervisor = _read_pid(paths["supervisor_pid"])
    return ServerStatus(
        running=running,
        pid=pid if running else None,
        supervisor_pid=supervisor if _alive(supervisor) else None,
        bolt_uri=f"bolt://127.0.0.1:{settings.bolt_port}",
        home=settings.home,
        data_dir=paths["data"],
        log_file=paths["console"],
        version=version,
        edition=edition,
    )


def _components(settings: Settings) -> tuple[str, str]:
    from neo4j import GraphDatabase

    uri = f"bolt://127.0.0.1:{settings.bolt_port}"
    with GraphDatabase.driver(uri, auth=("neo4j", read_password(settings))) as driver:
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition"
        )
        return records[0]["version"], records[0]["edition"]


def _bolt_ready(settings: Settings) -> bool:
    from neo4j import GraphDatabase
    from neo4j.exceptions import Neo4jError, ServiceUnavailable

    if not _port_open(settings.bolt_port):
        return False
    uri = f"bolt://127.0.0.1:{settings.bolt_port}"
    try:
        with GraphDatabase.driver(uri, auth=("neo4j", read_password(settings))) as driver:
            driver.verify_connectivity()
            driver.execute_query("RETURN 1")
        return True
    except (ServiceUnavailable, Neo4jError, OSError):
        return False


def start(settings: Settings, timeout: float = 180.0) -> ServerStatus:
    """Start the supervised local server (or find it running) and return once Bolt answers."""
    if settings.external:
        raise ServerError("NEO4J_URI is set: the project uses that server and starts no local one")
    paths = _paths(settings)
    paths["run"].mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    _wait_while_swapping(settings, deadline)
    with open(paths["lock"], "a") as lock:
        # Two `kg server start` at once must not launch two supervisors.
        fcntl.flock(lock, fcntl.LOCK_EX)
        _recover_swap(settings)
        return _start_locked(settings, paths, max(deadline - time.monotonic(), 1.0))


def _swap_by_another_live_process(settings: Settings) -> storeswap.Swap | None:
    """The offline first load another running process is in the middle of, else None."""
    swap = storeswap.read(settings)
    if swap is None or swap.pid == os.getpid() or writelock.is_free(settings.home):
        return None
    return swap


def _wait_while_swapping(settings: Settings, deadline: float) -> None:
    """While another process stops the server and moves stores, starting it would serve a store
    that is being moved: wait until that process has started the server on the new store itself."""
    while True:
        swap = _swap_by_another_live_process(settings)
        if swap is None or swap.phase not in ("prepared", "swapping"):
            return
        if time.monotonic() >= deadline:
            raise ServerError("首次批量导入正在替换数据库，请在导入完成后再试（图数据库暂时停止服务）")
        time.sleep(0.2)


def _recover_swap(settings: Settings) -> None:
    """Finish or undo an offline load whose process died (kg.graph.storeswap): the server then
    starts on the new store with its schema checked, or on the old store, never on neither."""
    swap = storeswap.read(settings)
    if swap is None or swap.pid == os.getpid() or not writelock.is_free(settings.home):
        return  # none, our own (the load starts the server itself), or still running elsewhere
    log = _paths(settings)["console"]
    if swap.phase == "verified":
        storeswap.finish(settings, swap)
        action = "its new store had been checked; the old store was removed"
    elif swap.phase == "prepared":
        storeswap.discard(settings, swap)
        action = "the live store was never touched; its staging files were removed"
    else:
        stop(settings)
        storeswap.roll_back(settings, swap)
        action = f"it stopped in phase {swap.phase}; the store from before it was put back"
    _log_line(log, f"an offline first load (pid {swap.pid}) did not finish: {action}")


def _log_line(path: Path, message: str) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S%z")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"{stamp} kg-server: {message}\n")


def _start_locked(settings: Settings, paths: dict[str, Path], timeout: float) -> ServerStatus:
    supervisor = _read_pid(paths["supervisor_pid"])
    pid = _read_pid(paths["pid"])
    if _alive(supervisor) or _alive(pid):
        # Running, or being restarted by its supervisor: wait for Bolt.
        _wait_ready(settings, timeout)
        return status(settings)
    if pid is not None:
        # A JVM that just died (kill -9) may still be releasing its socket while its threads exit.
        deadline = time.monotonic() + 15
        while _port_open(settings.bolt_port) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.2)
    if _port_open(settings.bolt_port):
        raise ServerError(
            f"port {settings.bolt_port} is taken by another process: stop it or set KG_BOLT_PORT"
        )
    lib = ensure_jars(settings)
    write_config(settings)
    _ensure_password(settings, lib)
    paths["pid"].unlink(missing_ok=True)
    spec = {
        "cmd": [
            "java",
            "-cp",
            f"{paths['conf']}/*:{lib}/*",
            f"-Xms{settings.heap}",
            f"-Xmx{settings.heap}",
            *JVM_FLAGS,
            "org.neo4j.server.CommunityEntryPoint",
            f"--home-dir={settings.home}",
            f"--config-dir={paths['conf']}",
            "--console-mode",
        ],
        "env": dict(os.environ, NEO4J_HOME=str(settings.home), NEO4J_CONF=str(paths["conf"])),
        "cwd": str(settings.home),
        "log": str(paths["console"]),
        "port": settings.bolt_port,
        "jvm_pid_file": str(paths["pid"]),
        "supervisor_pid_file": str(paths["supervisor_pid"]),
        "owner_pid": settings.owner_pid,
        "class_lib": str(lib),  # the supervisor adds the class-archive flags at each launch (classdata)
    }
    fd = os.open(paths["supervisor_spec"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(spec, fh, ensure_ascii=False)
    with open(paths["console"], "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg.graph.supervisor", str(paths["supervisor_spec"])],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=settings.home,
            env=dict(os.environ, PYTHONPATH=str(PACKAGE_DIR.parent)),
            start_new_session=True,
        )
    paths["supervisor_pid"].write_text(f"{proc.pid}\n")
    _wait_ready(settings, timeout)
    return status(settings)


def _wait_ready(settings: Settings, timeout: float) -> None:
    """Wait for Bolt; fail with the log's path when neither the supervisor nor the JVM lives on."""
    paths = _paths(settings)
    log = paths["console"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        supervisor = _read_pid(paths["supervisor_pid"])
        if supervisor is not None:
            _reap(supervisor)
        if not _alive(supervisor) and not _alive(_read_pid(paths["pid"])):
            raise ServerError(f"Neo4j exited during start-up: read {log}")
        if _bolt_ready(settings):
            return
        time.sleep(0.1)  # a closed port is checked in microseconds; every start waits for this
    raise ServerError(f"Neo4j did not answer on port {settings.bolt_port} within {timeout:.0f}s: read {log}")


def stop(settings: Settings, timeout: float = 120.0) -> bool:
    """Shut the server down cleanly and end its supervisor; False if nothing was running.

    The supervisor gets SIGTERM and passes it on to the JVM (a clean shutdown, no restart);
    whatever still lives after ``timeout`` is killed.
    """
    paths = _paths(settings)
    supervisor = _read_pid(paths["supervisor_pid"])
    pid = _read_pid(paths["pid"])
    targets = [p for p in (supervisor, pid) if _alive(p)]
    if not targets:
        paths["pid"].unlink(missing_ok=True)
        paths["supervisor_pid"].unlink(missing_ok=True)
        return False
    # Only the supervisor is told when there is one: it stops the JVM and does not restart it.
    try:
        os.kill(targets[0], signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + timeout
    while any(_alive(p) for p in targets) and time.monotonic() < deadline:
        for target in targets:
            _reap(target)
        time.sleep(0.2)
    for target in targets:
        if _alive(target):
            try:
                os.kill(target, signal.SIGKILL)
            except ProcessLookupError:
                pass
        while _alive(target):
            _reap(target)
            time.sleep(0.1)
    paths["pid"].unlink(missing_ok=True)
    paths["supervisor_pid"].unlink(missing_ok=True)
    return True


def _reap(pid: int) -> None:
    """Collect the exit status when the server is our own child (tests), so it does not linger."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
