"""``kg import``, ``kg validate``, ``kg templates``: the planners' side of the importer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.graph.connection import connect
from kg.ingest.api import describe_list, import_tables, read_files, validate
from kg.ingest.model import ImportRejected, ImportReport, IngestError, Problem, Table, count
from kg.ingest.proposal import parse_columns
from kg.output import render

PROBLEM_COLUMNS = ["level", "file", "row", "column", "value", "reason", "suggestion"]
Files = Annotated[list[Path], typer.Argument(help=".xlsx or .csv files (UTF-8, UTF-8 BOM or GB18030)")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json")]
ColumnsOpt = Annotated[
    str | None,
    typer.Option(
        "--columns",
        help="Which template column a header of the file is: '单位名称=企业名称,信用代码=统一社会信用代码' "
        "(what the importer proposes when a required column is missing)",
    ),
]
ListKindOpt = Annotated[
    str | None,
    typer.Option(
        "--list-kind",
        help="The list is a 认定名单 of this tier (e.g. 高新技术企业): every row is certified to it, "
        "in the year of its 认定日期/发证日期, else --year",
    ),
]
YearOpt = Annotated[int | None, typer.Option("--year", help="The year of the --list-kind certification")]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="A value every row takes where the file has none: 所在区=松江区 (repeatable)"),
]


def read_lists(
    files: list[Path], columns: str | None, kind: str | None, year: int | None, values: list[str] | None
) -> tuple[list[Table], list[Problem]]:
    """The files' tables described as the options say, and the problems found reading them;
    a malformed option ends the command with its Chinese message (exit 2)."""
    try:
        tables, problems = read_files(files, parse_columns(columns))
        fixed: dict[str, str] = {}
        for item in values or []:
            header, sep, value = item.partition("=")
            if not sep or not header.strip():
                raise IngestError(f"--set：无法理解“{item}”，应写成 列=值")
            fixed[header.strip()] = value.strip()
        if year is not None and kind is None:
            raise IngestError("--year 只与 --list-kind 一起使用")
        describe_list(tables, fixed, kind, year)
    except IngestError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    return tables, problems


def print_problems(problems: list[Problem], fmt: str) -> None:
    rows = [p.as_row() for p in problems]
    typer.echo(render(rows, "json" if fmt == "json" else "table", PROBLEM_COLUMNS))


def _summary(report: ImportReport) -> str:
    head = "dry run (nothing written)" if report.dry_run else "imported"
    if report.offline:
        head += " by Neo4j's offline importer (initial load of the empty local database)"
    lines = [
        f"{head}: {report.rows} rows from {len(report.files)} file(s) in {report.seconds:.1f} s "
        f"(import {report.import_id})",
        f"nodes: {report.nodes_created} created, {report.nodes_matched} already there",
        f"relationships: {report.relationships_created} created, "
        f"{report.relationships_matched} already there",
        "by label: " + ", ".join(f"{k} {v}" for k, v in report.by_label.items()),
        "by type: " + ", ".join(f"{k} {v}" for k, v in report.by_type.items()),
    ]
    if report.warnings:
        lines.append(f"{len(report.warnings)} warning(s):")
    return "\n".join(lines)


def import_cmd(
    files: Files,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and run the import, then roll it back")
    ] = False,
    fmt: FormatOpt = "table",
    columns: ColumnsOpt = None,
    list_kind: ListKindOpt = None,
    year: YearOpt = None,
    set_values: SetOpt = None,
) -> None:
    """Import planners' lists as one all-or-nothing import; every problem listed on failure."""
    tables, problems = read_lists(files, columns, list_kind, year, set_values)
    with connect() as graph:
        try:
            if problems:  # an unreadable file: nothing is imported; the others' errors listed too
                raise ImportRejected(problems + [p for p in validate(tables, graph) if p.level == "error"])
            report = import_tables(graph, tables, dry_run=dry_run)
        except ImportRejected as exc:
            print_problems(exc.problems, fmt)
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
    typer.echo(_summary(report))
    if report.warnings:
        print_problems(report.warnings, fmt)


def validate_cmd(
    files: Files,
    fmt: FormatOpt = "table",
    columns: ColumnsOpt = None,
    list_kind: ListKindOpt = None,
    year: YearOpt = None,
    set_values: SetOpt = None,
) -> None:
    """Check files against the templates and the graph; writes nothing. Exit 1 on any error."""
    tables, problems = read_lists(files, columns, list_kind, year, set_values)
    with connect() as graph:
        problems += validate(tables, graph)
    errors = count(problems, "error")
    if problems:
        print_problems(problems, fmt)
    rows = sum(len(t.rows) for t in tables)
    typer.echo(
        f"{rows} rows in {len(tables)} table(s): {errors} error(s), {count(problems, 'warning')} warning(s)",
        err=bool(errors),
    )
    if errors:
        raise typer.Exit(1)


def templates_cmd(
    directory: Annotated[Path, typer.Argument(help="Where to write the .xlsx templates")],
    docs: Annotated[Path | None, typer.Option("--docs", help="Also write the Markdown reference")] = None,
) -> None:
    """Write one .xlsx per import template (exact Chinese headers, * = required, a 说明 sheet)."""
    from kg.ingest.template_files import render_markdown, write_templates

    for path in write_templates(directory):
        typer.echo(str(path))
    if docs is not None:
        docs.write_text(render_markdown(), encoding="utf-8")
        typer.echo(str(docs))


def register(app: typer.Typer) -> None:
    app.command("import")(import_cmd)
    app.command("validate")(validate_cmd)
    app.command("templates")(templates_cmd)
