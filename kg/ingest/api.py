"""The import API: the few functions other modules and the CLI call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kg.graph.connection import Graph
from kg.ingest.model import ImportRejected, ImportReport, IngestError, Problem, Table

if TYPE_CHECKING:
    from kg.ingest.history import Journal


def read_file(path: str | Path, columns: Mapping[str, str] | None = None) -> list[Table]:
    """Read one .xlsx (every template sheet) or .csv file into tables; raises IngestError.

    ``columns`` (from :func:`kg.ingest.proposal.parse_columns`) says which template column a
    header of the file is; a file still missing a required column raises ``ColumnsProposal``.
    """
    from kg.ingest.readers import read_path

    return read_path(Path(path), columns)


def describe_list(
    tables: Sequence[Table], values: Mapping[str, str], kind: str | None = None, year: int | None = None
) -> None:
    """Say what the lists are, for every row: ``values`` by template header (``--set 所在区=松江区``);
    ``kind`` a tier every row is certified to (``--list-kind 高新技术企业``), in ``year`` unless
    the row's own 认定日期 says another. Sets ``Table.fixed``; raises IngestError for a header or
    tier the tables cannot take."""
    from kg.graph.schema import load_schema
    from kg.ingest.resolve import closest
    from kg.ingest.templates import fold, template

    tiers = {fold(k): t.name for k, t in load_schema().tier_by_name().items()}
    if kind is not None and fold(kind) not in tiers:
        hint = closest(kind, sorted(set(tiers.values())))
        raise IngestError(
            f"--list-kind：未知的资质（梯度）“{kind}”" + (f"，是否为“{hint}”？" if hint else "")
        )
    for table in tables:
        tpl = template(table.template)
        for header, value in values.items():
            col = tpl.match_header(header)
            if col is None:
                raise IngestError(f"{table.file}：{tpl.zh}没有“{header}”列（--set）")
            table.fixed[col.key] = value
        if kind is None:
            continue
        tier_col = next((c for c, t in tpl.relationships if t.resolve == "tier"), None)
        if tier_col is None:
            raise IngestError(f"{table.file}：{tpl.zh}不能记录资质（--list-kind 只用于企业名单）")
        table.fixed[tier_col.key] = tiers[fold(kind)]
        if year is not None:
            rel = next(t.name for c, t in tpl.relationships if c is tier_col)
            year_col = next(
                (
                    tpl.column(k)
                    for k, t in tpl.rel_properties
                    if t.rel == rel and t.name == "year" and not t.part
                ),
                None,
            )
            if year_col is None:
                raise IngestError(f"{table.file}：{tpl.zh}没有认定年份列（--year）")
            table.fixed[year_col.key] = str(year)


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


def read_files(
    paths: Iterable[str | Path], columns: Mapping[str, str] | None = None
) -> tuple[list[Table], list[Problem]]:
    """Read several files; an unreadable file becomes a problem so all are reported together."""
    from kg.ingest.proposal import ColumnsProposal

    tables: list[Table] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            tables.extend(read_file(path, columns))
        except ColumnsProposal as exc:  # the proposal, and the command that applies it
            problems.append(Problem(Path(path).name, None, "", "", exc.reason, exc.command))
        except IngestError as exc:
            problems.append(Problem(Path(path).name, None, "", "", str(exc)))
    return tables, problems


def import_files(
    graph: Graph,
    paths: Iterable[str | Path],
    dry_run: bool = False,
    who: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> ImportReport:
    """Read, validate and import files as one all-or-nothing import (recorded as done by ``who``)."""
    tables, problems = read_files(paths, columns)
    if problems:
        problems += [p for p in validate(tables, graph) if p.level == "error"]
        raise ImportRejected(problems)
    return import_tables(graph, tables, dry_run=dry_run, who=who)
