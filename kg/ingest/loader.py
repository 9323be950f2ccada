"""Write a validated plan: one explicit transaction for the whole import, ``UNWIND $rows`` batches,
MERGE on uid, nodes first then relationships.

A killed process never commits, so an import applies whole or not at all. Nothing time-dependent
is stored on ecosystem nodes (the run itself is recorded on an ``ImportRun`` node), so importing the
same files again sets the very same values.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from neo4j import ManagedTransaction, Transaction
from neo4j.exceptions import DriverError, Neo4jError

from kg.analyses import derive
from kg.graph.connection import Graph
from kg.graph.schema import cypher, load_schema
from kg.ingest import bulk
from kg.ingest.failures import import_failure
from kg.ingest.history import Journal
from kg.ingest.model import ImportReport
from kg.ingest.plan import NodeRow, Plan, RelRow
from kg.ingest.runs import record_run

__all__ = ["NODE_MERGE", "REL_MERGE", "write_plan"]  # the policy loader reuses the merges

BATCH = 5000
# One transaction holds the whole import: longer than the server's default query timeout (5.26
# honours a larger per-transaction value).
TIMEOUT = 3600.0
SCHEMA_SOURCE = "kg/graph/schema.yaml"

# Provenance: `source` and `import_id` only when created; `sources` a union; real data wins over
# sample. The first name stays `name`; other spellings of it become aliases (all searchable; a node
# with no other spelling has no `aliases` property, as the offline importer stores no empty list).
NODE_MERGE = """
UNWIND $rows AS row
MERGE (n:{label} {{uid: row.uid}})
ON CREATE SET n.import_id = $import_id, n.source = row.source, n.sources = [], n.sample = row.sample,
              n.name = row.name
SET n += row.props,
    n.sample = coalesce(n.sample, row.sample) AND row.sample,
    n.sources = coalesce(n.sources, []) + [s IN row.sources WHERE NOT s IN coalesce(n.sources, [])]
WITH n, row, [a IN row.aliases + [row.name] WHERE a <> n.name AND NOT a IN coalesce(n.aliases, [])] AS new
SET n.aliases = CASE WHEN n.aliases IS NULL AND size(new) = 0 THEN null
                    ELSE coalesce(n.aliases, []) + new END,
    n.search_text = reduce(s = n.name, a IN coalesce(n.aliases, []) + new | s + ' ' + a)
"""

# Fast path for what the graph does not hold yet (checked inside the same transaction): CREATE
# with the whole property map, no MERGE locking and no read-back.
EXISTING = "UNWIND $uids AS u MATCH (n:{label} {{uid: u}}) RETURN collect(u) AS found"
NODE_CREATE = "UNWIND $rows AS row CREATE (n:{label}) SET n = row"
REL_CREATE = (
    "UNWIND $rows AS row MATCH (a:{a} {{uid: row.a}}) MATCH (b:{b} {{uid: row.b}}) "
    "CREATE (a)-[r:{t}]->(b) SET r = row.props"
)

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


def _batches(rows: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def reference_rows() -> dict[str, list[NodeRow]]:
    """Tier and CarrierType nodes from the schema's lists (merged by every import)."""
    schema = load_schema()

    def ref(name: str, props: dict[str, Any], aliases: tuple[str, ...] = ()) -> NodeRow:
        return NodeRow(name, name, props, list(aliases), SCHEMA_SOURCE, [SCHEMA_SOURCE], False)

    tiers = [ref(t.name, {"rank": t.rank}, t.aliases) for t in schema.tiers]
    return {"Tier": tiers, "CarrierType": [ref(c, {}) for c in schema.carrier_types]}


def planned_nodes(plan: Plan) -> dict[str, list[NodeRow]]:
    """The schema's reference nodes plus the plan's nodes, by label (the plan's win on a uid)."""
    nodes = reference_rows()
    for label, by_uid in plan.nodes.items():
        known = {r.uid for r in nodes.get(label, [])}
        nodes[label] = nodes.get(label, []) + [r for r in by_uid.values() if r.uid not in known]
    return nodes


def _run(tx: Transaction | ManagedTransaction, text: str, report: ImportReport, **params: Any) -> int:
    """Run one batch; returns how many nodes or relationships it created."""
    c = tx.run(text, params).consume().counters
    report.properties_set += c.properties_set
    return c.nodes_created + c.relationships_created


def _existing(tx: Transaction, label: str, uids: list[str]) -> set[str]:
    query = cypher(EXISTING, label=label)
    found: set[str] = set()
    for start in range(0, len(uids), BATCH):
        found.update(tx.run(query, uids=uids[start : start + BATCH]).single(strict=True)["found"])
    return found


def _new_node(row: NodeRow, import_id: str) -> dict[str, Any]:
    """The complete property map of a node that does not exist yet."""
    aliases = [a for a in dict.fromkeys(row.aliases) if a != row.name]
    return {
        **row.props,
        "uid": row.uid,
        "name": row.name,
        **({"aliases": aliases} if aliases else {}),  # no other spelling: no property
        "search_text": " ".join([row.name, *aliases]),
        "source": row.source,
        "sources": row.sources,
        "sample": row.sample,
        "import_id": import_id,
    }


def _known_node(row: NodeRow) -> dict[str, Any]:
    """The parameters of NODE_MERGE for a node the graph already holds."""
    return {
        "uid": row.uid,
        "name": row.name,
        "props": row.props,
        "aliases": row.aliases,
        "source": row.source,
        "sources": row.sources,
        "sample": row.sample,
    }


def _new_rel(row: RelRow, import_id: str) -> dict[str, Any]:
    props = {
        **row.props,
        "source": row.source,
        "sources": row.sources,
        "sample": row.sample,
        "import_id": import_id,
    }
    if row.key:
        props["key"] = row.key
    return {"a": row.a, "b": row.b, "props": props}


def _known_rel(row: RelRow) -> dict[str, Any]:
    return {
        "a": row.a,
        "b": row.b,
        "key": row.key,
        "props": row.props,
        "source": row.source,
        "sources": row.sources,
        "sample": row.sample,
    }


def _counts(report: ImportReport) -> dict[str, int]:
    return {
        "rows": report.rows,
        "nodes_created": report.nodes_created,
        "nodes_matched": report.nodes_matched,
        "relationships_created": report.relationships_created,
        "relationships_matched": report.relationships_matched,
    }


class _Progress:
    """Whether the commit has been sent (a lost connection after that leaves the outcome unknown)."""

    committing = False


def write_plan(
    graph: Graph, plan: Plan, *, dry_run: bool = False, journal: Journal | None = None
) -> ImportReport:
    """Write ``plan`` (which must have no errors) in one transaction; roll back when ``dry_run``.

    ``journal`` (kg.ingest.history) reads what the import touches before and after writing it,
    and records the import for the history and undo.
    """
    if journal is not None:
        nodes = planned_nodes(plan)
        settings = bulk.plan_for_bulk(graph, plan, nodes, dry_run)
        if settings is not None:  # an initial load of the empty local database (kg.ingest.bulk)
            try:
                return bulk.write_bulk(graph, settings, plan, nodes, journal, _new_node)
            except bulk.DelimiterInText:
                pass  # a text the offline format cannot carry: the transaction below takes it
    progress = _Progress()
    try:
        report = _write(graph, plan, dry_run, progress, journal)
    except (Neo4jError, DriverError) as exc:
        if journal is not None:
            journal.settle(committed=False)
        raise import_failure(exc, plan.import_id, progress.committing) from exc
    except BaseException:
        if journal is not None:
            journal.settle(committed=False)
        raise
    if journal is not None and not dry_run:
        journal.settle(committed=True)
    return report


def _write(
    graph: Graph, plan: Plan, dry_run: bool, progress: _Progress, journal: Journal | None
) -> ImportReport:
    started = time.perf_counter()
    report = ImportReport(
        import_id=plan.import_id,
        files=plan.files,
        rows=plan.rows,
        dry_run=dry_run,
        warnings=[p for p in plan.problems if p.level != "error"],
    )
    nodes = planned_nodes(plan)
    with graph.driver.session(database=graph.database) as session:
        tx = session.begin_transaction(
            timeout=TIMEOUT, metadata={"app": "kg import", "import_id": plan.import_id}
        )
        try:
            if journal is not None:
                journal.before(tx, nodes, plan.rels)
            created_uids: dict[str, set[str]] = {}
            for label, rows in nodes.items():
                there = _existing(tx, label, [r.uid for r in rows])
                fresh = [_new_node(r, plan.import_id) for r in rows if r.uid not in there]
                known = [_known_node(r) for r in rows if r.uid in there]
                created_uids[label] = {r["uid"] for r in fresh}
                for query, part in ((NODE_CREATE, fresh), (NODE_MERGE, known)):
                    text = cypher(query, label=label)
                    report.nodes_created += sum(
                        _run(tx, text, report, rows=b, import_id=plan.import_id) for b in _batches(part)
                    )
                report.nodes_matched += len(known)
                report.by_label[label] = len(rows)
            for (rtype, a, b), by_key in plan.rels.items():
                rows = list(by_key.values())
                new_a, new_b = created_uids.get(a, set()), created_uids.get(b, set())
                # a relationship to or from a node created just now cannot exist yet
                fresh = [_new_rel(r, plan.import_id) for r in rows if r.a in new_a or r.b in new_b]
                maybe = [_known_rel(r) for r in rows if not (r.a in new_a or r.b in new_b)]
                keyed = any(r.key for r in rows)
                merge = REL_MERGE_KEYED if keyed else REL_MERGE
                for query, part in ((REL_CREATE, fresh), (merge, maybe)):
                    text = cypher(query, a=a, b=b, t=rtype)
                    created = sum(
                        _run(tx, text, report, rows=batch, import_id=plan.import_id)
                        for batch in _batches(part)
                    )
                    report.relationships_created += created
                    report.relationships_matched += len(part) - created
                report.by_type[rtype] = report.by_type.get(rtype, 0) + len(rows)
            derive.update_plan(tx, plan)  # derived enterprise facts, same transaction (issue #11)
            if journal is not None:
                journal.after(tx)
            if not dry_run:
                record_run(tx, plan.import_id, plan.files)
                if journal is not None:
                    journal.prepare(tx, plan.import_id, _counts(report))
                progress.committing = True
                tx.commit()
            else:
                tx.rollback()
        finally:
            if not tx.closed():
                try:
                    tx.rollback()
                except DriverError:
                    pass  # the connection is gone: the server rolls back by itself; keep the first error
    report.seconds = time.perf_counter() - started
    return report
