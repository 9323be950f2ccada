"""The bookkeeping of imports: one ``(:ImportRun)`` per distinct set of files, for every loader.

The importer and the policy loader both record their runs here, the same way: created once with
its first time, then ``at``/``runs`` updated on each re-run and ``sources`` merged (never replaced).
"""

from __future__ import annotations

import datetime as dt

from neo4j import ManagedTransaction, Transaction

RUN_MERGE = """
MERGE (r:ImportRun {uid: $import_id})
ON CREATE SET r.import_id = $import_id, r.source = $source, r.sources = [], r.sample = false,
              r.runs = 0, r.first_at = $at
SET r.name = $import_id, r.at = $at, r.files = $files, r.runs = r.runs + 1,
    r.sources = coalesce(r.sources, []) + [s IN [$source] WHERE NOT s IN coalesce(r.sources, [])]
"""


def record_run(
    tx: Transaction | ManagedTransaction, import_id: str, files: list[str], source: str = "kg import"
) -> None:
    """Record (or count again) the run ``import_id`` inside the import's own transaction."""
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    tx.run(RUN_MERGE, import_id=import_id, at=at, files=files, source=source).consume()
