"""``kg imports list|undo``: the import history and taking an import back."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.graph.connection import connect
from kg.ingest import history
from kg.output import render

imports_app = typer.Typer(help="The history of imports, and undo.", no_args_is_help=True)
COLUMNS = [
    "id",
    "status",
    "who",
    "at",
    "files",
    "rows",
    "nodes_created",
    "relationships_created",
    "nodes_changed",
    "relationships_changed",
    "undone_at",
]


@imports_app.command("list")
def list_cmd(fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table") -> None:
    """Every import: id, who, when, files with sha256, what it created and changed."""
    with connect() as graph:
        recs = history.records(graph=graph, light=True)
    if fmt == "json":
        rows = [{**r.summary(), "files": r.files, "counts": r.counts} for r in recs]
        typer.echo(render(rows, "json", [*COLUMNS, "import_id", "undone_by", "counts"]))
        return
    typer.echo(render([r.summary() for r in recs], "table", COLUMNS))


@imports_app.command("undo")
def undo_cmd(record_id: Annotated[str, typer.Argument(help="The id from kg imports list")]) -> None:
    """Take back exactly what that import did, in one transaction (refused if a later one depends on it)."""
    with connect() as graph:
        rec = history.undo(graph, record_id)
    typer.echo(
        f"undone import {rec.id}: {len(rec.created_nodes)} node(s) and {len(rec.created_rels)} "
        f"relationship(s) removed, {len(rec.changed_nodes) + len(rec.changed_rels)} changed item(s) restored"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(imports_app, name="imports")
