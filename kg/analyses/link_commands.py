"""``kg link suggest|accept|reject|unlinked``: 挂链 suggestions and their review from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.graph.connection import connect
from kg.output import FORMATS, render, to_json

link_app = typer.Typer(
    help="挂链: suggested chain segments of enterprises (待确认), and their review.", no_args_is_help=True
)
ROW_COLUMNS = ["credit_code", "uid", "name", "chain", "segment", "score", "evidence"]
FirmOpt = Annotated[str | None, typer.Option("--firm", help="企业标识 uid 或统一社会信用代码")]
SegmentOpt = Annotated[str | None, typer.Option("--segment", help="环节，写作 '产业链/环节'")]
FileArg = Annotated[Path | None, typer.Argument(help="审核过的 JSON 或 CSV 文件（kg link suggest 的输出）")]
WhoOpt = Annotated[str | None, typer.Option("--who", help="审核人（默认：当前系统用户）")]


def _links(file: Path | None, firm: str | None, segment: str | None):
    from kg.analyses.linkreview import Link, read_links

    if file is not None and (firm or segment):
        raise typer.BadParameter("give a file, or --firm and --segment, not both")
    if file is not None:
        return read_links(file)
    if not (firm and segment):
        raise typer.BadParameter("give a reviewed file, or --firm UID --segment '产业链/环节'")
    return [Link(firm, segment)]


@link_app.command("suggest")
def suggest_cmd(
    chain: Annotated[str | None, typer.Option("--chain", "-c", help="产业链 (default: all)")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv")] = "table",
    min_score: Annotated[float, typer.Option(help="lowest score suggested (0–1)")] = 0.4,
    top_k: Annotated[int, typer.Option(help="suggestions per firm at most")] = 3,
) -> None:
    """Each firm's likely segments with score and evidence, computed now; nothing is written."""
    from kg.analyses.linkreview import suggestions

    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    with connect() as graph:
        result = suggestions(graph, chain, min_score=min_score, top_k=top_k)
    if fmt == "json":
        typer.echo(
            to_json(
                {
                    "status": "待确认",
                    "method": result.method,
                    "settings": result.settings,
                    "firms_with_text": result.firms_with_text,
                    "firms_suggested": result.firms_suggested,
                    "rows": [s.as_row() for s in result.suggestions],
                }
            )
        )
        return
    rows = [{**s.as_row(), "evidence": s.evidence_text()} for s in result.suggestions]
    typer.echo(render(rows, fmt, [*ROW_COLUMNS, "segment_uid", "status"]).rstrip("\n"))
    typer.echo(
        f"{result.firms_suggested} of {result.firms_with_text} firms with text have suggestions "
        "(待确认: not segment members until accepted)",
        err=True,
    )


@link_app.command("accept")
def accept_cmd(
    file: FileArg = None, firm: FirmOpt = None, segment: SegmentOpt = None, who: WhoOpt = None
) -> None:
    """Write accepted links as an import (history, undo; provenance link-review:<who>)."""
    from kg.analyses.linkreview import accept

    links = _links(file, firm, segment)
    with connect() as graph:
        reports = accept(graph, links, who)
    if not reports:
        typer.echo("nothing to write: every link is already confirmed")
    for report in reports:
        typer.echo(
            f"accepted: {report.rows} firm row(s), {report.relationships_created} relationship(s) created "
            f"(import {report.import_id}; undo with kg imports undo)"
        )


@link_app.command("reject")
def reject_cmd(
    file: FileArg = None, firm: FirmOpt = None, segment: SegmentOpt = None, who: WhoOpt = None
) -> None:
    """Record rejected suggestions (kept in $KG_HOME/link/, not in the graph): never suggested again."""
    from kg.analyses.linkreview import reject, rejections_file

    links = _links(file, firm, segment)
    with connect() as graph:
        new = reject(graph, links, who)
    typer.echo(f"rejected: {len(new)} new, {len(links) - len(new)} already rejected ({rejections_file()})")


@link_app.command("unlinked")
def unlinked_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv")] = "table",
) -> None:
    """本地企业 and how many are 未挂链 (no confirmed segment): the district, then each chain."""
    from kg import querylib
    from kg.graph.schema import load_schema

    with connect() as graph:
        rows = querylib.fetch(graph, "unlinked_counts", local_district=load_schema().local_district)
    rows = [{**r, "chain": r["chain"] or "全区"} for r in rows]
    typer.echo(render(rows, fmt, ["chain", "local_enterprises", "unlinked"]).rstrip("\n"))


def register(app: typer.Typer) -> None:
    app.add_typer(link_app, name="link")
