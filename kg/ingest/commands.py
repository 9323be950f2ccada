"""``kg import``, ``kg validate``, ``kg templates``: the planners' side of the importer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.graph.connection import connect
from kg.ingest.api import import_files, read_files, validate
from kg.ingest.model import ImportRejected, ImportReport, Problem, count
from kg.output import render

PROBLEM_COLUMNS = ["level", "file", "row", "column", "value", "reason", "suggestion"]
Files = Annotated[list[Path], typer.Argument(help=".xlsx or .csv files (UTF-8, UTF-8 BOM or GB18030)")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json")]


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
) -> None:
    """Import planners' lists as one all-or-nothing import; every problem listed on failure."""
    with connect() as graph:
        try:
            report = import_files(graph, files, dry_run=dry_run)
        except ImportRejected as exc:
            print_problems(exc.problems, fmt)
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
    typer.echo(_summary(report))
    if report.warnings:
        print_problems(report.warnings, fmt)


def validate_cmd(files: Files, fmt: FormatOpt = "table") -> None:
    """Check files against the templates and the graph; writes nothing. Exit 1 on any error."""
    tables, problems = read_files(files)
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
