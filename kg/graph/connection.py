"""The one place that opens a driver. Callers own the driver they get and close it.

Without ``NEO4J_URI`` the local server is started on demand (idempotent), so every command and
the explorer work on a fresh machine; with it, only that server is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from kg.config import Settings, load_settings
from kg.errors import GraphUnavailable
from kg.graph import server, storeswap


@dataclass(frozen=True)
class Graph:
    """A driver plus the database name to use with it: the thin handle library code receives."""

    driver: Driver
    database: str | None = None

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(settings: Settings | None = None, *, start_local: bool = True) -> Graph:
    """Open a verified connection to the configured server, starting the local one if needed.

    A running local server is simply connected to (one round trip): every explorer page opens a
    connection, and asking the server manager first cost a second driver and round trip.
    """
    settings = settings or load_settings()
    if settings.external:
        auth = (settings.username, settings.password or "")
    else:
        if storeswap.read(settings) is not None:
            # an offline first load a crash left half done: the start finishes or undoes it (also
            # for the explorer, which never starts the server otherwise: it must not read a store
            # whose schema was never checked) — or waits while its import still runs
            server.start(settings)
        elif start_local and not settings.password_file.exists():
            server.start(settings)  # first start: creates the password
        auth = ("neo4j", server.read_password(settings))
    # Deprecation notices are for developers, not for analysts reading results.
    driver = GraphDatabase.driver(settings.bolt_uri, auth=auth, notifications_min_severity="OFF")
    try:
        try:
            driver.verify_connectivity()
        except (ServiceUnavailable, OSError):
            if settings.external or not start_local:
                raise
            server.start(settings)  # not running (or restarting): start it, wait, try again
            driver.verify_connectivity()
    except (ServiceUnavailable, OSError) as exc:
        driver.close()
        detail = " ".join(str(exc).split())
        raise GraphUnavailable(f"Neo4j at {settings.bolt_uri} does not answer: {detail}") from exc
    except AuthError as exc:
        driver.close()
        raise GraphUnavailable(f"Neo4j at {settings.bolt_uri} refused the credentials") from exc
    except BaseException:
        driver.close()
        raise
    return Graph(driver=driver, database=settings.database)


class SummarisedList(list):  # type: ignore[type-arg]
    """A list parameter whose ``repr`` is a summary: the driver formats every RUN's parameters
    for its debug log even when that log is off (neo4j 6.4, ``Bolt5x0.run``), which took 0.22 s
    of interpreter time for the district network's 100k-value lists at 100k firms. The values
    sent are the list's own."""

    def __repr__(self) -> str:
        return f"<{len(self)} values>"


def summarised(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` with each list value wrapped in :class:`SummarisedList` (large parameters)."""
    return {k: SummarisedList(v) if isinstance(v, list) else v for k, v in props.items()}
