"""``kg snapshot``: the explorer's briefing export from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.explorer.export import FORMATS
from kg.explorer.snapshot import VIEWS, snapshot
from kg.graph.connection import connect


def register(app: typer.Typer) -> None:
    @app.command("snapshot")
    def snapshot_cmd(
        out: Annotated[Path, typer.Option("--out", "-o", help="File to write")],
        view: Annotated[str, typer.Option(help="chain or network")] = "chain",
        chain: Annotated[
            str | None,
            typer.Option(help="Chain name (default: the graph's first chain; the network view: all chains)"),
        ] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="png, html or pdf")] = "pdf",
    ) -> None:
        """A one-page leadership briefing of a chain map or the network (PNG, HTML or PDF), offline."""
        if view not in VIEWS:
            raise typer.BadParameter(f"choose one of {', '.join(VIEWS)}", param_hint="--view")
        if fmt not in FORMATS:
            raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
        with connect() as graph:
            body = snapshot(graph, view, chain, fmt)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(body)
        typer.echo(f"wrote {out} ({len(body):,} bytes, {fmt})")
