"""Where the graph lives: one place that reads the environment.

With ``NEO4J_URI`` set, everything talks to that server (Docker, Aura, a cluster) and no local
server is ever started. Without it, the project runs its own Neo4j Community server whose files
all live under ``KG_HOME`` and whose Bolt port is ``KG_BOLT_PORT``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

NEO4J_VERSION = "5.26.30"
PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The checkout the package runs from (editable install), else the working directory."""
    candidate = PACKAGE_DIR.parent
    if (candidate / "pyproject.toml").exists():
        return candidate
    return Path.cwd()


@dataclass(frozen=True)
class Settings:
    """Connection and local-server settings, resolved from the environment once."""

    uri: str | None
    username: str
    password: str | None
    database: str | None
    home: Path
    bolt_port: int
    lib_dir: Path
    heap: str
    pagecache: str
    tx_timeout: str
    # The local server's supervisor stops it when this process ends (the test suite sets it).
    owner_pid: int | None = None

    @property
    def external(self) -> bool:
        """True when the user pointed us at a server of their own."""
        return self.uri is not None

    @property
    def bolt_uri(self) -> str:
        return self.uri or f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def password_file(self) -> Path:
        return self.home / "password"


def load_settings(env: os._Environ[str] | dict[str, str] | None = None) -> Settings:
    """Read settings from ``env`` (default: the process environment)."""
    env = os.environ if env is None else env
    root = project_root()
    home = Path(env.get("KG_HOME") or root / ".kg").expanduser().resolve()
    lib = Path(env.get("KG_NEO4J_LIB") or root / ".neo4j-lib" / NEO4J_VERSION)
    try:
        port = int(env.get("KG_BOLT_PORT") or 7687)
    except ValueError as exc:
        raise ValueError(f"KG_BOLT_PORT must be a port number, got {env.get('KG_BOLT_PORT')!r}") from exc
    return Settings(
        uri=env.get("NEO4J_URI") or None,
        username=env.get("NEO4J_USERNAME") or "neo4j",
        password=env.get("NEO4J_PASSWORD") or None,
        database=env.get("NEO4J_DATABASE") or None,
        home=home,
        bolt_port=port,
        lib_dir=lib.expanduser().resolve(),
        heap=env.get("KG_HEAP") or "4g",
        pagecache=env.get("KG_PAGECACHE") or "2g",
        tx_timeout=env.get("KG_TX_TIMEOUT") or "300s",
        owner_pid=_owner_pid(env.get("KG_SERVER_OWNER_PID")),
    )


def _owner_pid(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError as exc:
        raise ValueError(f"KG_SERVER_OWNER_PID must be a process id, got {raw!r}") from exc


def crash_at() -> str | None:
    """The crash point the crash-safety tests ask for (``KG_CRASH_AT``, see kg.faults), else None."""
    return os.environ.get("KG_CRASH_AT") or None
