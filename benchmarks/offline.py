"""Neo4j's own offline bulk importer (``neo4j-admin database import full``) on the same entities.

To compare like with like, the graph that ``kg import`` built is dumped — every property — to the
bulk importer's CSV format (one node file per label, one relationship file per type and label pair,
written as kg.ingest.bulk writes them) and imported into a fresh, separate server home. The time
includes the importer's JVM start, as a user would pay it.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from kg.config import Settings
from kg.graph.connection import Graph
from kg.ingest import bulk

# What the import wrote: not the analyses `kg analyse` stored afterwards (CollabAnalysis,
# StoredResult: computed, not imported, and one JSON field can exceed the importer's read buffer).
_NODES = (
    "MATCH (n) WHERE NOT n:CollabAnalysis AND NOT n:StoredResult "
    "RETURN labels(n)[0] AS label, properties(n) AS p"
)
_RELS = (
    "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a)[0] AS a_label, a.uid AS a, "
    "labels(b)[0] AS b_label, b.uid AS b, properties(r) AS p"
)


def dump(graph: Graph, out: Path) -> tuple[list[str], int, int]:
    """Write bulk-import CSVs of every node and relationship with ALL their properties (the same
    work the import did); return (importer args, nodes, rels)."""
    out.mkdir(parents=True, exist_ok=True)
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    with graph.driver.session(database=graph.database) as session:
        for rec in session.run(_NODES):
            nodes[rec["label"]].append(dict(rec["p"]))
        for rec in session.run(_RELS):
            key = (rec["type"], rec["a_label"], rec["b_label"])
            rels[key].append({"a": rec["a"], "b": rec["b"], "props": dict(rec["p"])})
    written = [bulk.node_file(out, label, maps) for label, maps in nodes.items()]
    for group, rows in rels.items():
        keys = sorted({k for r in rows for k in r["props"]})
        props = {k: [r["props"].get(k) for r in rows] for k in keys}
        written.append(bulk.rel_file(out, group, ([r["a"] for r in rows], [r["b"] for r in rows]), props))
    args = [*(w.arg for w in written), bulk.multiline_arg(written)]
    return args, sum(map(len, nodes.values())), sum(map(len, rels.values()))


def bulk_import(settings: Settings, home: Path, importer_args: list[str]) -> float:
    """Run the offline importer into a fresh home, as kg.ingest.bulk runs it; return its wall time."""
    home.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    bulk.admin_import(settings, home, importer_args)
    return time.perf_counter() - start
