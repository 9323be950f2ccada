"""The bookkeeping of imports: one ``(:ImportRun)`` per distinct set of files, for every loader.

The importer and the policy loader both record their runs with ``RUN_MERGE`` (parameters
``import_id``, ``at``, ``files``): created once with its first time, then ``at``/``runs``/``files``
updated on each re-run; ``sources`` is merged, never replaced.
"""

from __future__ import annotations

import datetime as dt

from neo4j import ManagedTransaction, Transaction

RUN_MERGE = """
MERGE (r:ImportRun {uid: $import_id})
ON CREATE SET r.import_id = $import_id, r.source = 'kg import', r.sources = [], r.sample = false,
              r.runs = 0, r.first_at = $at
SET r.name = $import_id, r.at = $at, r.files = $files, r.runs = r.runs + 1,
    r.sources = coalesce(r.sources, []) + [s IN ['kg import'] WHERE NOT s IN coalesce(r.sources, [])]
"""


def record_run(tx: Transaction | ManagedTransaction, import_id: str, files: list[str]) -> None:
    """Record (or count again) the run ``import_id`` inside the import's own transaction."""
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    tx.run(RUN_MERGE, import_id=import_id, at=at, files=files).consume()
