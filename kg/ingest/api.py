"""The import API: the few functions other modules and the CLI call."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kg.graph.connection import Graph
from kg.ingest.model import ImportRejected, ImportReport, IngestError, Problem, Table

if TYPE_CHECKING:
    from kg.ingest.history import Journal


def read_file(path: str | Path) -> list[Table]:
    """Read one .xlsx (every template sheet) or .csv file into tables; raises IngestError."""
    from kg.ingest.readers import read_path

    return read_path(Path(path))


def validate(tables: Sequence[Table], graph: Graph | None = None) -> list[Problem]:
    """Every problem (errors and warnings) of these tables, checked together and against ``graph``."""
    from kg.ingest.plan import build_plan

    return build_plan(tables, graph).problems


def import_tables(
    graph: Graph,
    tables: Sequence[Table],
    *,
    dry_run: bool = False,
    who: str | None = None,
    journal: Journal | None = None,
) -> ImportReport:
    """Validate, then write everything in one transaction (rolled back when ``dry_run``).

    Raises :class:`ImportRejected` (nothing written) when any error is found, and
    :class:`kg.graph.writelock.WriterBusy` when another import or undo keeps on running (one
    writer at a time across the CLI and the page). A committed import
    is recorded in the history (kg.ingest.history) as done by ``who`` (default: the OS user);
    pass ``journal`` to read what a dry run would create and change.
    """
    from kg.analyses.store import after_import
    from kg.graph.writelock import writer
    from kg.ingest.history import Journal, file_list
    from kg.ingest.loader import write_plan
    from kg.ingest.plan import build_plan

    journal = journal or Journal(who)
    # the plan reads the graph (which firms exist), so it is made inside the writer's turn
    with writer("演练导入" if dry_run else "导入", journal.who):
        plan = build_plan(tables, graph)
        errors = [p for p in plan.problems if p.level == "error"]
        if errors:
            raise ImportRejected(plan.problems)
        journal.files = file_list(tables)
        report = write_plan(graph, plan, dry_run=dry_run, journal=journal)
    return after_import(graph, report)


def read_files(paths: Iterable[str | Path]) -> tuple[list[Table], list[Problem]]:
    """Read several files; an unreadable file becomes a problem so all are reported together."""
    tables: list[Table] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            tables.extend(read_file(path))
        except IngestError as exc:
            problems.append(Problem(Path(path).name, None, "", "", str(exc)))
    return tables, problems


def import_files(
    graph: Graph, paths: Iterable[str | Path], dry_run: bool = False, who: str | None = None
) -> ImportReport:
    """Read, validate and import files as one all-or-nothing import (recorded as done by ``who``)."""
    tables, problems = read_files(paths)
    if problems:
        problems += [p for p in validate(tables, graph) if p.level == "error"]
        raise ImportRejected(problems)
    return import_tables(graph, tables, dry_run=dry_run, who=who)
