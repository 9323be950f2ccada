"""Run one analyst query read-only, in layers (see NOTES-neo4j-and-security.md):

1. a text check refuses ``LOAD CSV``, periodic commits and procedures outside a small allowlist
   (``dbms.*``, ``apoc.*``, ``gds.*``, ... are refused), after comments are stripped;
2. ``EXPLAIN`` first: only plans whose ``query_type`` is ``'r'`` run;
3. the query runs in a READ-mode transaction, so the server rejects writes as well;
4. every run has a timeout and a row limit.

The named-query library and the explorer's console use this same function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from neo4j import READ_ACCESS, Query
from neo4j.exceptions import ClientError, Neo4jError

from kg.errors import QueryRefused, QueryTimeout

DEFAULT_LIMIT = 1000
DEFAULT_TIMEOUT = 30.0

ALLOWED_PROCEDURES = frozenset(
    {
        "dbms.components",
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "db.index.fulltext.querynodes",
        "db.awaitindexes",
    }
)

_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", re.S)
_NAME_PART = r"(?:`[^`]*`|[A-Za-z_][A-Za-z0-9_]*)"
_PROC_CALL = re.compile(rf"\bCALL\s+({_NAME_PART}(?:\s*\.\s*{_NAME_PART})*)\s*(?=\(|\bYIELD\b|$|;)", re.I)
_FUNC_NS = re.compile(rf"({_NAME_PART}(?:\s*\.\s*{_NAME_PART})+)\s*\(", re.I)
_FORBIDDEN = [
    (re.compile(r"\bLOAD\s+CSV\b", re.I), "LOAD CSV is not allowed in the read-only console"),
    (re.compile(r"\bPERIODIC\s+COMMIT\b", re.I), "periodic commits are not allowed"),
    (re.compile(r"\bIN\s+TRANSACTIONS\b", re.I), "CALL { … } IN TRANSACTIONS writes; not allowed"),
]
_FORBIDDEN_NAMESPACES = ("apoc.", "gds.", "dbms.", "db.", "tx.", "genai.")


@dataclass
class QueryResult:
    """Rows as plain dicts plus what a user needs to trust them."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool
    limit: int
    records: list[Any] = field(default_factory=list, repr=False)


def _normalise_name(name: str) -> str:
    return re.sub(r"\s+", "", name.replace("`", "")).lower()


def check_text(query: str) -> bool:
    """Refuse a query whose text asks for something the console never runs.

    Returns whether it calls an (allowlisted) procedure.
    """
    if not query.strip():
        raise QueryRefused("empty query")
    text = _STRINGS.sub("''", _COMMENTS.sub(" ", query))
    for pattern, reason in _FORBIDDEN:
        if pattern.search(text):
            raise QueryRefused(reason)
    calls = False
    for match in _PROC_CALL.finditer(text):
        name = _normalise_name(match.group(1))
        if name not in ALLOWED_PROCEDURES:
            raise QueryRefused(f"procedure {name} is not on the read-only allowlist")
        calls = True
    for match in _FUNC_NS.finditer(text):
        name = _normalise_name(match.group(1))
        if name in ALLOWED_PROCEDURES:
            continue
        if name.startswith(_FORBIDDEN_NAMESPACES):
            raise QueryRefused(f"function {name} is not allowed in the read-only console")
    if ";" in text.strip().rstrip(";"):
        raise QueryRefused("one statement at a time")
    return calls


def _plain(value: Any) -> Any:
    """Driver values → JSON-friendly Python (nodes keep labels and properties)."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"_path": [_plain(n) for n in value.nodes]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def run_read_only(
    graph: Any,
    query: str,
    params: dict[str, Any] | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
) -> QueryResult:
    """Run ``query`` read-only with a row ``limit`` and a ``timeout`` in seconds."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    calls_procedure = check_text(query)
    params = params or {}
    with graph.driver.session(database=graph.database, default_access_mode=READ_ACCESS) as session:
        try:
            plan = session.run(Query("EXPLAIN " + query, timeout=timeout), params).consume()
        except ClientError as exc:
            raise QueryRefused(_one_line(exc)) from exc
        # DBMS procedures such as dbms.components plan as 's'; only allowlisted ones got here.
        allowed = {"r", "s"} if calls_procedure else {"r"}
        if plan.query_type not in allowed:
            raise QueryRefused(f"only read queries run here (this one is {plan.query_type!r})")
        tx = session.begin_transaction(timeout=timeout)
        try:
            result = tx.run(query, params)
            keys = list(result.keys())
            records = result.fetch(limit + 1)
            result.consume()
        except Neo4jError as exc:
            tx.rollback()
            if _is_timeout(exc):
                raise QueryTimeout(f"query stopped after {timeout:g}s (time limit)") from exc
            raise QueryRefused(_one_line(exc)) from exc
        finally:
            if tx.closed() is False:
                tx.rollback()
    truncated = len(records) > limit
    records = records[:limit]
    rows = [{k: _plain(rec[k]) for k in keys} for rec in records]
    return QueryResult(columns=keys, rows=rows, truncated=truncated, limit=limit, records=records)


def _is_timeout(exc: Neo4jError) -> bool:
    code = exc.code or ""
    return "TransactionTimedOut" in code or "Terminated" in code or "timed out" in str(exc.message)


def _one_line(exc: Neo4jError) -> str:
    message = (exc.message or str(exc)).strip().splitlines()[0]
    return f"{message} ({exc.code})" if exc.code else message
