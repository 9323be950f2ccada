"""``kg load-default``: the default Songjiang dataset, imported like any planner's files.

One import (all-or-nothing, idempotent) of the chain definitions, the public layer and the
sample layer through the ingestion API, then the policy document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.analyses.store import after_import
from kg.dataset import CHAINS_FILE, PUBLIC_DIR, SAMPLE_DIR
from kg.dataset.policy import PolicyReport, load_policy
from kg.graph.connection import Graph
from kg.graph.writelock import writer
from kg.ingest import ImportRejected, ImportReport, Table, import_tables, read_file
from kg.ingest.history import base_dataset_who

# The reference files a synthetic set also needs (what its rows point at).
REFERENCE_FILES = (CHAINS_FILE, PUBLIC_DIR / "园区.csv", PUBLIC_DIR / "高校院所.csv")


def default_files() -> list[Path]:
    """Chains first, then the public layer, then the sample layer (order does not matter to
    the importer, but keeps reports readable)."""
    return [CHAINS_FILE, *sorted(PUBLIC_DIR.glob("*.csv")), *sorted(SAMPLE_DIR.glob("*.csv"))]


def read_default(files: list[Path] | None = None) -> list[Table]:
    """The default files as tables; everything under ``sample/`` is flagged sample."""
    tables: list[Table] = []
    for path in files or default_files():
        for table in read_file(path):
            table.sample = path.parent == SAMPLE_DIR
            tables.append(table)
    return tables


@dataclass
class DefaultReport:
    data: ImportReport
    policy: PolicyReport


def load_default(graph: Graph) -> DefaultReport:
    """Import the default dataset and the policy (safe to re-run: nothing changes the second time).

    Raises :class:`kg.ingest.ImportRejected` if the shipped files do not validate (a bug).
    """
    tables = read_default()
    who = base_dataset_who()
    with writer("默认数据集导入", who):  # the lists and the policy in one turn
        report = import_tables(graph, tables, who=who)
        policy = load_policy(graph)
    return DefaultReport(data=report, policy=after_import(graph, policy))


__all__ = ["DefaultReport", "ImportRejected", "default_files", "load_default", "read_default"]
