"""Import throughput on a generated set (N enterprises + 2N collaborations), against a private server.

Compares: this importer (one transaction, UNWIND batches), a naive importer (one auto-commit MERGE
per row, on a slice) and neo4j-admin offline import of the same nodes and relationships.
Usage: .venv/bin/python scripts/bench_ingest.py [N]
"""

from __future__ import annotations

import csv
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(n: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    os.environ.update(
        KG_HOME=str(work / "home"),
        KG_BOLT_PORT=str(free_port()),
        KG_HEAP=os.environ.get("KG_HEAP", "2g"),
        KG_PAGECACHE="512m",
    )
    os.environ.pop("NEO4J_URI", None)
    from kg.config import load_settings
    from kg.graph import schema, server
    from kg.graph.connection import connect
    from kg.ingest import import_files, read_file, validate
    from tests.ingest_helpers import big_files

    settings = load_settings()
    server.start(settings)
    try:
        graph = connect(settings, start_local=False)
        schema.apply(graph)
        warm = work / "warm"
        warm.mkdir()
        cold = import_files(graph, big_files(warm, 2000))
        print(f"cold server, first import of 2000 enterprises + 4000 collaborations: {cold.seconds:.2f}s")
        with graph.driver.session(database=graph.database) as s:
            s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        files = big_files(work, n)
        t0 = time.perf_counter()
        tables = [t for f in files for t in read_file(f)]
        t1 = time.perf_counter()
        assert not [p for p in validate(tables, graph) if p.level == "error"]
        t2 = time.perf_counter()
        report = import_files(graph, files)
        t3 = time.perf_counter()
        rows = report.rows
        items = sum(report.by_label.values()) + sum(report.by_type.values())
        print(f"rows: {rows} ({n} enterprises, {2 * n} collaborations); items written: {items}")
        print(
            f"read {t1 - t0:.2f}s, validate {t2 - t1:.2f}s, kg import (read+validate+write) {t3 - t2:.2f}s"
            f" of which write {report.seconds:.2f}s"
        )
        print(
            f"kg import: {rows / (t3 - t2):.0f} rows/s end to end; write {items / report.seconds:.0f} items/s"
        )
        again = import_files(graph, files)
        print(
            f"re-import: {again.nodes_created} nodes, {again.relationships_created} rels created; "
            f"write {again.seconds:.2f}s"
        )

        # naive: one auto-commit MERGE per row, enterprises only, on a slice
        sample = [r for t in tables if t.template == "enterprise" for r in t.rows][:500]
        graph.driver.execute_query("MATCH (n:Enterprise) DETACH DELETE n")
        t4 = time.perf_counter()
        with graph.driver.session(database=graph.database) as s:
            for row in sample:
                s.run(
                    "MERGE (e:Enterprise {uid: $code}) SET e.name = $name, e.district = $d "
                    "WITH e MATCH (seg:ChainSegment {uid: $seg}) MERGE (e)-[:IN_SEGMENT]->(seg)",
                    code=row["统一社会信用代码"],
                    name=row["企业名称"],
                    d=row["所在区"],
                    seg=f"{row['产业链']}/{row['环节']}",
                ).consume()
        naive = len(sample) / (time.perf_counter() - t4)
        print(
            f"naive one-MERGE-per-row: {naive:.0f} rows/s (500 enterprise rows) -> "
            f"kg import is {rows / (t3 - t2) / naive:.0f}x end to end"
        )
        graph.close()
    finally:
        server.stop(settings)
    admin(work, settings, tables)


def admin(work: Path, settings, tables) -> None:  # type: ignore[no-untyped-def]
    """neo4j-admin database import full of the same enterprises, segments and collaborations."""
    from dataclasses import replace

    from kg.graph import server

    ents = [r for t in tables if t.template == "enterprise" for r in t.rows]
    collabs = [r for t in tables if t.template == "collaboration" for r in t.rows]
    segs = sorted({f"{r['产业链']}/{r['环节']}" for r in ents})
    d = work / "admin"
    d.mkdir()
    with open(d / "e.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["uid:ID(E)", "name", "district", "founded_year:int", ":LABEL"])
        w.writerows(
            [r["统一社会信用代码"], r["企业名称"], r["所在区"], r["成立年份"], "Enterprise"] for r in ents
        )
    with open(d / "s.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["uid:ID(S)", ":LABEL"])
        w.writerows([s, "ChainSegment"] for s in segs)
    with open(d / "in.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([":START_ID(E)", ":END_ID(S)", ":TYPE"])
        w.writerows([r["统一社会信用代码"], f"{r['产业链']}/{r['环节']}", "IN_SEGMENT"] for r in ents)
    with open(d / "c.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([":START_ID(E)", ":END_ID(E)", "type", "year:int", "project", ":TYPE"])
        w.writerows(
            [r["甲方"], r["乙方"], r["合作类型"], r["年份"], r["项目名称"], "COLLABORATES_WITH"]
            for r in collabs
        )
    home = work / "admin-home"
    s2 = replace(settings, home=home)
    server.write_config(s2)
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    cmd = [
        "java",
        "-cp",
        f"{settings.lib_dir}/*",
        "org.neo4j.cli.AdminTool",
        "database",
        "import",
        "full",
        f"--nodes={d / 'e.csv'}",
        f"--nodes={d / 's.csv'}",
        f"--relationships={d / 'in.csv'}",
        f"--relationships={d / 'c.csv'}",
        "--overwrite-destination=true",
        "neo4j",
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    items = len(ents) + len(segs) + len(ents) + len(collabs)
    if proc.returncode != 0:
        print("neo4j-admin import failed:", proc.stdout[-800:], proc.stderr[-800:])
        return
    done = re.search(r"IMPORT DONE in (?:(\d+)m )?(?:(\d+)s )?(\d+)ms", proc.stdout)
    if done:
        own = int(done[1] or 0) * 60 + int(done[2] or 0) + int(done[3]) / 1000
        print(f"neo4j-admin import, its own timer: {own:.2f}s = {items / own:.0f} items/s")
    print(
        f"neo4j-admin import: {items} items in {secs:.2f}s wall (JVM start included) "
        f"= {items / secs:.0f} items/s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
