"""Write a validated plan: one explicit transaction for the whole import, ``UNWIND $rows`` batches,
MERGE on uid, nodes first then relationships.

A killed process never commits, so an import applies whole or not at all. Nothing time-dependent
is stored on ecosystem nodes (the run itself is recorded on an ``ImportRun`` node), so importing the
same files again sets the very same values.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

from neo4j import ManagedTransaction, Transaction
from neo4j.exceptions import DriverError, Neo4jError

from kg.graph.connection import Graph
from kg.graph.schema import cypher, load_schema
from kg.ingest.model import ImportFailed, ImportReport
from kg.ingest.plan import Plan

BATCH = 5000
# One transaction holds the whole import: longer than the server's default query timeout (5.26
# honours a larger per-transaction value).
TIMEOUT = 3600.0
SCHEMA_SOURCE = "kg/graph/schema.yaml"

# Provenance: `source` and `import_id` only when created; `sources` a union; real data wins over
# sample. The first name stays `name`; other spellings of it become aliases (all searchable).
NODE_MERGE = """
UNWIND $rows AS row
MERGE (n:{label} {{uid: row.uid}})
ON CREATE SET n.import_id = $import_id, n.source = row.source, n.sources = [], n.sample = row.sample,
              n.name = row.name, n.aliases = []
SET n += row.props,
    n.sample = coalesce(n.sample, row.sample) AND row.sample,
    n.sources = coalesce(n.sources, []) + [s IN row.sources WHERE NOT s IN coalesce(n.sources, [])]
WITH n, row, [a IN row.aliases + [row.name] WHERE a <> n.name AND NOT a IN coalesce(n.aliases, [])] AS new
SET n.aliases = coalesce(n.aliases, []) + new,
    n.search_text = reduce(s = n.name, a IN coalesce(n.aliases, []) + new | s + ' ' + a)
"""

REL_SET = """
ON CREATE SET r.import_id = $import_id, r.source = row.source, r.sources = [], r.sample = row.sample
SET r += row.props,
    r.sample = coalesce(r.sample, row.sample) AND row.sample,
    r.sources = coalesce(r.sources, []) + [s IN row.sources WHERE NOT s IN coalesce(r.sources, [])]
"""
REL_MERGE = (
    "UNWIND $rows AS row MATCH (a:{a} {{uid: row.a}}) MATCH (b:{b} {{uid: row.b}}) "
    "MERGE (a)-[r:{t}]->(b)" + REL_SET
)
REL_MERGE_KEYED = (
    "UNWIND $rows AS row MATCH (a:{a} {{uid: row.a}}) MATCH (b:{b} {{uid: row.b}}) "
    "MERGE (a)-[r:{t} {{key: row.key}}]->(b)" + REL_SET
)

RUN_MERGE = """
MERGE (r:ImportRun {uid: $import_id})
ON CREATE SET r.import_id = $import_id, r.source = 'kg import', r.sources = ['kg import'], r.sample = false,
              r.runs = 0, r.first_at = $at
SET r.name = $import_id, r.at = $at, r.files = $files, r.runs = r.runs + 1
"""


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def reference_rows() -> dict[str, list[dict[str, Any]]]:
    """Tier and CarrierType nodes from the schema's lists (merged by every import)."""
    schema = load_schema()
    base = {"source": SCHEMA_SOURCE, "sources": [SCHEMA_SOURCE], "sample": False}
    tiers = [
        {"uid": t.name, "name": t.name, "aliases": list(t.aliases), "props": {"rank": t.rank}, **base}
        for t in schema.tiers
    ]
    types = [{"uid": c, "name": c, "aliases": [], "props": {}, **base} for c in schema.carrier_types]
    return {"Tier": tiers, "CarrierType": types}


def _run(tx: Transaction | ManagedTransaction, text: str, report: ImportReport, **params: Any) -> int:
    summary = tx.run(text, params).consume()
    c = summary.counters
    report.properties_set += c.properties_set
    return c.nodes_created if "MERGE (n:" in text else c.relationships_created


def write_plan(graph: Graph, plan: Plan, *, dry_run: bool = False) -> ImportReport:
    """Write ``plan`` (which must have no errors) in one transaction; roll back when ``dry_run``."""
    try:
        return _write(graph, plan, dry_run)
    except (Neo4jError, DriverError) as exc:
        message = str(getattr(exc, "message", None) or exc).splitlines()[0]
        raise ImportFailed(f"import failed and was rolled back, nothing changed: {message}") from exc


def _write(graph: Graph, plan: Plan, dry_run: bool) -> ImportReport:
    started = time.perf_counter()
    report = ImportReport(
        import_id=plan.import_id,
        files=plan.files,
        rows=plan.rows,
        dry_run=dry_run,
        warnings=[p for p in plan.problems if p.level != "error"],
    )
    nodes = reference_rows()
    for label, by_uid in plan.nodes.items():
        known = {r["uid"] for r in nodes.get(label, [])}
        nodes[label] = nodes.get(label, []) + [r for r in by_uid.values() if r["uid"] not in known]
    with graph.driver.session(database=graph.database) as session:
        tx = session.begin_transaction(
            timeout=TIMEOUT, metadata={"app": "kg import", "import_id": plan.import_id}
        )
        try:
            for label, rows in nodes.items():
                query = cypher(NODE_MERGE, label=label)
                created = sum(
                    _run(tx, query, report, rows=batch, import_id=plan.import_id) for batch in _batches(rows)
                )
                report.nodes_created += created
                report.nodes_matched += len(rows) - created
                report.by_label[label] = len(rows)
            for (rtype, a, b), by_key in plan.rels.items():
                rows = list(by_key.values())
                keyed = any(r["key"] for r in rows)
                query = cypher(REL_MERGE_KEYED if keyed else REL_MERGE, a=a, b=b, t=rtype)
                created = sum(
                    _run(tx, query, report, rows=batch, import_id=plan.import_id) for batch in _batches(rows)
                )
                report.relationships_created += created
                report.relationships_matched += len(rows) - created
                report.by_type[rtype] = report.by_type.get(rtype, 0) + len(rows)
            if not dry_run:
                at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                tx.run(RUN_MERGE, import_id=plan.import_id, at=at, files=plan.files).consume()
                tx.commit()
            else:
                tx.rollback()
        finally:
            if not tx.closed():
                tx.rollback()
    report.seconds = time.perf_counter() - started
    return report
