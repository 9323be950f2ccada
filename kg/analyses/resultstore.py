"""Whole-district answers with default settings, computed once per data version and stored (issue #11).

``kg.analyses.store.refresh`` (``kg analyse``, run after every import) computes, besides the
collaboration analyses, the answers the explorer's default views need over the whole district —
``chain_gaps`` for every chain together and for each chain, every segment's status, the tier
counts — and stores each as JSON on one ``(:StoredResult {uid: "<analysis>:<scope>"})`` node
stamped with the data version. The analysis functions, called with their default settings, return
the stored rows when their version is the current one; any other setting, an as-of year, or a
stale or missing result is computed on the spot, so an answer is never older than the data.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import json
from collections.abc import Callable
from typing import Any, TypeVar

from kg.querylib import fetch

SAVE = """
MERGE (s:StoredResult {uid: $uid})
SET s = $props, s.uid = $uid, s.name = $name, s.search_text = $name,
    s.source = 'kg analyse', s.sources = ['kg analyse'], s.sample = false, s.import_id = $props.version
"""
ALL = "*"  # the scope of a whole-district answer (every chain)
F = TypeVar("F", bound=Callable[..., Any])


def uid_of(analysis: str, scope: str | None) -> str:
    return f"{analysis}:{scope or ALL}"


def save(graph: Any, analysis: str, scope: str | None, rows: Any, version: str, seconds: float) -> None:
    props = {
        "analysis": analysis,
        "scope": scope or ALL,
        "version": version,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "rows_json": json.dumps(rows, ensure_ascii=False),
    }
    name = f"{analysis}·{'全区' if scope is None else scope}"
    with graph.driver.session(database=graph.database) as session:
        session.execute_write(
            lambda tx: tx.run(SAVE, uid=uid_of(analysis, scope), props=props, name=name).consume()
        )


SAVE_MANY = """
UNWIND $answers AS a
MERGE (s:StoredResult {uid: a.uid})
SET s = a.props, s.uid = a.uid, s.name = a.name, s.search_text = a.name,
    s.source = 'kg analyse', s.sources = ['kg analyse'], s.sample = false, s.import_id = a.props.version
"""
DROP_OTHERS = """
MATCH (s:StoredResult {analysis: $analysis})
WHERE s.scope STARTS WITH $prefix AND NOT s.uid IN $uids
DETACH DELETE s
"""


def save_many(
    graph: Any,
    answers: list[tuple[str, str, list[Any]]],
    version: str,
    seconds: float,
    *,
    replace: tuple[str, str] | None = None,
) -> None:
    """Several (analysis, scope, rows) answers in one write transaction — one answer stored in
    pieces so that a reader reads only the pieces it needs. ``replace`` = (analysis, scope
    prefix): that analysis's other answers under the prefix are removed (no piece outlives a
    scope that shrank)."""
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    rows = [
        {
            "uid": uid_of(analysis, scope),
            "name": f"{analysis}·{scope}",
            "props": {
                "analysis": analysis,
                "scope": scope,
                "version": version,
                "at": at,
                "seconds": round(seconds, 3),
                "rows_json": json.dumps(found, ensure_ascii=False),
            },
        }
        for analysis, scope, found in answers
    ]

    def write(tx: Any) -> None:
        tx.run(SAVE_MANY, answers=rows).consume()
        if replace is not None:
            uids = [r["uid"] for r in rows]
            tx.run(DROP_OTHERS, analysis=replace[0], prefix=replace[1], uids=uids).consume()

    with graph.driver.session(database=graph.database) as session:
        session.execute_write(write)


def current(graph: Any, analysis: str, scope: str | None) -> Any:
    """The stored rows if they belong to the current data version, else None."""
    from kg.analyses.store import data_version

    found = fetch(graph, "stored_result", uid=uid_of(analysis, scope))
    if not found or found[0]["version"] != data_version(graph):
        return None
    return json.loads(found[0]["rows_json"])


def stored_or(graph: Any, analysis: str, scope: str | None, compute: Callable[[], Any]) -> Any:
    """The stored rows when current, else ``compute()`` (the one way a default answer is read)."""
    stored = current(graph, analysis, scope)
    return stored if stored is not None else compute()


def stored_default(
    analysis: str, scope: str | None = None, *, inputs: tuple[str, ...] = ()
) -> Callable[[F], F]:
    """Turn ``compute(graph, ...)`` into the public function of a stored default answer: called
    with every setting at ``compute``'s own default (the ``scope`` argument, e.g. ``chain``,
    aside) it returns the rows ``kg analyse`` stored for that scope and the current data version
    (:func:`stored_or`); any other setting, or no current rows, computes now. The defaults are
    read from ``compute``'s signature, so there is one place that says what "default" means.
    ``inputs`` name arguments that only save work (rows the caller already has), not settings:
    they never change the answer, so they do not stop the stored one being used."""

    def wrap(compute: F) -> F:
        signature = inspect.signature(compute)
        skip = ("graph", scope, *inputs)
        settings = [p for name, p in signature.parameters.items() if name not in skip]

        @functools.wraps(compute, assigned=("__module__", "__doc__"))
        def answer(graph: Any, *args: Any, **kwargs: Any) -> Any:
            given = signature.bind(graph, *args, **kwargs).arguments
            if all(given.get(p.name, p.default) == p.default for p in settings):
                where = given.get(scope) if scope else None
                return stored_or(graph, analysis, where, lambda: compute(graph, *args, **kwargs))
            return compute(graph, *args, **kwargs)

        # named after its analysis, as the public functions are (``chain_gaps``…): the explorer's
        # caches key on the name, so it must not be the computing function's
        answer.__name__ = answer.__qualname__ = analysis
        return answer  # type: ignore[return-value]

    return wrap
