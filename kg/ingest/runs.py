"""The bookkeeping of imports: one ``(:ImportRun)`` per distinct set of files, for every loader.

The importer and the policy loader both record their runs with ``RUN_MERGE`` (parameters
``import_id``, ``at``, ``files``): created once with its first time, then ``at``/``runs``/``files``
updated on each re-run; ``sources`` is merged, never replaced.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import ManagedTransaction, Transaction

RUN_MERGE = """
MERGE (r:ImportRun {uid: $import_id})
ON CREATE SET r.import_id = $import_id, r.source = 'kg import', r.sources = [], r.sample = false,
              r.runs = 0, r.first_at = $at
SET r.name = $import_id, r.at = $at, r.files = $files, r.runs = r.runs + 1,
    r.sources = coalesce(r.sources, []) + [s IN ['kg import'] WHERE NOT s IN coalesce(r.sources, [])]
"""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def run_properties(import_id: str, files: list[str], records: list[str]) -> dict[str, Any]:
    """The properties ``RUN_MERGE`` gives a run it creates (the offline initial load writes the
    node itself; ``records`` are the import-history records it belongs to)."""
    at = _now()
    return {
        "uid": import_id,
        "import_id": import_id,
        "source": "kg import",
        "sources": ["kg import"],
        "sample": False,
        "runs": 1,
        "first_at": at,
        "name": import_id,
        "at": at,
        "files": files,
        "records": records,
    }


def record_run(tx: Transaction | ManagedTransaction, import_id: str, files: list[str]) -> None:
    """Record (or count again) the run ``import_id`` inside the import's own transaction."""
    tx.run(RUN_MERGE, import_id=import_id, at=_now(), files=files).consume()
