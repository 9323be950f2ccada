"""Gap analyses with default thresholds, computed once per data version and stored (issue #11).

``kg.analyses.store.refresh`` (``kg analyse``, run after every import) computes ``chain_gaps`` for
every chain together (scope ``"*"``) and for each chain, and stores the rows as JSON on one
``(:GapAnalysis {uid: scope})`` node stamped with the data version. ``chain_gaps`` called with its
default thresholds returns the stored rows when their version is the current one; any other
thresholds, an as-of year, or a stale or missing result are computed on the spot, so an answer is
never older than the data.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kg.querylib import fetch

SAVE = """
MERGE (g:GapAnalysis {uid: $scope})
SET g = $props, g.uid = $scope, g.name = $name, g.search_text = $name,
    g.source = 'kg analyse', g.sources = ['kg analyse'], g.import_id = $props.version
"""


def scope_of(chain: str | None) -> str:
    return "*" if chain is None else chain


def save(graph: Any, chain: str | None, rows: list[Any], version: str, seconds: float) -> None:
    props = {
        "chain": chain,
        "version": version,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "rows_json": json.dumps(rows, ensure_ascii=False),
    }
    name = f"断链补链分析·{'全部产业链' if chain is None else chain}"
    with graph.driver.session(database=graph.database) as session:
        session.execute_write(
            lambda tx: tx.run(SAVE, scope=scope_of(chain), props=props, name=name).consume()
        )


def current(graph: Any, chain: str | None) -> list[Any] | None:
    """The stored rows of ``chain`` (every chain when None) if they belong to the current data
    version, else None."""
    from kg.analyses.store import data_version

    found = fetch(graph, "gaps_stored", scope=scope_of(chain))
    if not found or found[0]["version"] != data_version(graph):
        return None
    return json.loads(found[0]["rows_json"])
