"""Neo4j's own offline bulk importer (``neo4j-admin database import full``) on the same entities.

To compare like with like, the graph that ``kg import`` built is dumped to the bulk importer's CSV
format (one node file per label, one relationship file per type and label pair) and imported into a
fresh, separate server home. The time includes the importer's JVM start, as a user would pay it.
"""

from __future__ import annotations

import csv
import os
import subprocess
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from kg.config import Settings
from kg.graph import server
from kg.graph.connection import Graph

_NODES = (
    "MATCH (n) RETURN labels(n)[0] AS label, n.uid AS uid, n.name AS name, n.source AS source, "
    "coalesce(n.sample, false) AS sample"
)
_RELS = (
    "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a)[0] AS a_label, a.uid AS a, "
    "labels(b)[0] AS b_label, b.uid AS b, r.source AS source, coalesce(r.sample, false) AS sample, "
    "r.year AS year"
)


def dump(graph: Graph, out: Path) -> tuple[list[str], int, int]:
    """Write bulk-import CSVs of every node and relationship; return (importer args, nodes, rels)."""
    out.mkdir(parents=True, exist_ok=True)
    args: list[str] = []
    nodes: dict[str, list[list[Any]]] = defaultdict(list)
    rels: dict[tuple[str, str, str], list[list[Any]]] = defaultdict(list)
    with graph.driver.session(database=graph.database) as session:
        for rec in session.run(_NODES):
            nodes[rec["label"]].append([rec["uid"], rec["name"], rec["source"], str(rec["sample"]).lower()])
        for rec in session.run(_RELS):
            key = (rec["type"], rec["a_label"], rec["b_label"])
            year = "" if rec["year"] is None else rec["year"]
            rels[key].append([rec["a"], rec["b"], rec["source"], str(rec["sample"]).lower(), year])
    for label, rows in nodes.items():
        path = out / f"nodes_{label}.csv"
        _write(path, [f"uid:ID({label})", "name", "source", "sample:boolean"], rows)
        args.append(f"--nodes={label}={path}")
    for (rtype, a_label, b_label), rows in rels.items():
        path = out / f"rels_{rtype}_{a_label}_{b_label}.csv"
        _write(
            path,
            [f":START_ID({a_label})", f":END_ID({b_label})", "source", "sample:boolean", "year:int"],
            rows,
        )
        args.append(f"--relationships={rtype}={path}")
    return args, sum(map(len, nodes.values())), sum(map(len, rels.values()))


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def bulk_import(settings: Settings, home: Path, importer_args: list[str]) -> float:
    """Run the offline importer into a fresh home; return its wall time in seconds."""
    lib = server.ensure_jars(settings)
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").write_text(
        f"server.directories.data={home / 'data'}\nserver.directories.logs={home / 'logs'}\n"
        "server.memory.heap.max_size=2g\n",
        encoding="utf-8",
    )
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(conf))
    cmd = [
        "java",
        "-Xmx2g",
        "-cp",
        f"{lib}/*",
        "org.neo4j.cli.AdminTool",
        "database",
        "import",
        "full",
        "neo4j",
        "--overwrite-destination=true",
        f"--report-file={home / 'import.report'}",
        *importer_args,
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError("offline import failed: " + (proc.stdout + proc.stderr).strip()[-1500:])
    return seconds
