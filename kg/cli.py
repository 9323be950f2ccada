"""``kg``: the command line for analysts and for set-up.

Library code raises :class:`kg.errors.KgError`; here it, and whatever the driver, the OS or a bad
value raises, becomes one line on stderr and an exit code, never a stack trace:
0 done · 1 error (server unreachable, lost mid-query, file problems) · 2 refused query or unusable
argument (usage) · 130 interrupted.
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Annotated

import typer
from neo4j.exceptions import DriverError, Neo4jError

from kg import querylib
from kg.config import load_settings
from kg.errors import GraphUnavailable, InvalidArgument, KgError, QueryRefused, QueryTimeout
from kg.graph import schema as schema_mod
from kg.graph import server as server_mod
from kg.graph.connection import connect
from kg.graph.readonly import DEFAULT_LIMIT, DEFAULT_TIMEOUT, run_read_only
from kg.output import FORMATS, parse_param, render

app = typer.Typer(
    help="松江科创知识图谱 command line: server, schema, imports, queries, analyses, snapshots.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
server_app = typer.Typer(help="The local Neo4j server (ignored when NEO4J_URI is set).", no_args_is_help=True)
schema_app = typer.Typer(help="Constraints and indexes from the declarative schema.", no_args_is_help=True)
app.add_typer(server_app, name="server")
app.add_typer(schema_app, name="schema")

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv")]
ParamOpt = Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value (repeatable)")]

# Modules that add their own commands to ``app`` (each defines ``register(app)``).
COMMAND_MODULES: list[str] = [
    "kg.ingest.commands",
    "kg.analyses.commands",
    "kg.dataset.commands",
    "kg.explorer.commands",
    "kg.ingest.history_commands",  # kg imports list|undo
    "kg.auth.commands",  # kg users add|list|remove
    "kg.analyses.link_commands",  # kg link suggest|accept|reject|unlinked (挂链)
    "kg.ask.commands",  # kg ask "问题"
]


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}")
    return fmt


def params_from(items: list[str] | None) -> dict[str, object]:
    try:
        return dict(parse_param(item) for item in items or [])
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


@server_app.command("start")
def server_start() -> None:
    """Start the local server (idempotent); returns when Bolt answers."""
    settings = load_settings()
    if settings.external:
        typer.echo(f"NEO4J_URI is set ({settings.uri}): using that server, no local one started")
        return
    typer.echo("\n".join(server_mod.start(settings).lines()))


@server_app.command("stop")
def server_stop() -> None:
    """Shut the local server down cleanly."""
    stopped = server_mod.stop(load_settings())
    typer.echo("stopped" if stopped else "not running")


@server_app.command("status")
def server_status() -> None:
    """Version, edition, Bolt URI, data directory and whether the server runs."""
    settings = load_settings()
    if settings.external:
        with connect(settings) as graph:
            rec = querylib.fetch(graph, "server_version")[0]
        lines = ["status:    external", f"version:   {rec['v']}", f"edition:   {rec['edition']}"]
        typer.echo("\n".join([*lines, f"bolt:      {settings.uri}"]))
        return
    typer.echo("\n".join(server_mod.status(settings).lines()))


@schema_app.command("apply")
def schema_apply() -> None:
    """Create constraints, indexes and the CJK full-text index (safe to re-run)."""
    with connect() as graph:
        count = schema_mod.apply(graph)
    typer.echo(f"schema applied: {count} constraints and indexes in place")


@schema_app.command("docs")
def schema_docs(
    out: Annotated[str, typer.Option(help="Where to write the Markdown")] = "docs/schema.md",
) -> None:
    """Write docs/schema.md (diagram and tables) from schema.yaml."""
    from pathlib import Path

    from kg.graph.schema_docs import render_markdown

    Path(out).write_text(render_markdown(), encoding="utf-8")
    typer.echo(f"wrote {out}")


@app.command("query")
def query(
    cypher: Annotated[str, typer.Argument(help="One read-only Cypher statement")],
    param: ParamOpt = None,
    fmt: FormatOpt = "table",
    limit: Annotated[int, typer.Option(help="Row limit")] = DEFAULT_LIMIT,
    timeout: Annotated[float, typer.Option(help="Time limit in seconds")] = DEFAULT_TIMEOUT,
) -> None:
    """Run one read-only query (writes, LOAD CSV and admin procedures are refused)."""
    check_format(fmt)
    with connect() as graph:
        result = run_read_only(graph, cypher, params_from(param), limit=limit, timeout=timeout)
    typer.echo(render(result.rows, fmt, result.columns))
    if result.note:
        typer.echo(result.note, err=True)


def one_line(exc: BaseException) -> str:
    """An exception's message on one line (driver and click messages can span several)."""
    if isinstance(exc, typer.TyperException):
        text = exc.format_message()
    elif isinstance(exc, GraphUnavailable):
        text = f"图数据库无法连接：{exc}"
    elif isinstance(exc, Neo4jError):
        text = f"{exc.message or exc} ({exc.code})" if exc.code else str(exc.message or exc)
    else:
        text = str(exc)
    return " ".join(text.split()) or type(exc).__name__


def exit_code_for(exc: BaseException) -> tuple[str, int]:
    """The prefix and exit code a failure ends the command with."""
    if isinstance(exc, (QueryRefused, QueryTimeout)):
        return "refused", 2
    if isinstance(exc, InvalidArgument):
        return "error", 2
    if isinstance(exc, typer.TyperException):  # click's usage errors: exit code 2
        return "error", int(getattr(exc, "exit_code", 2))
    return "error", 1


def main() -> None:
    """Console-script entry point: one-line errors, meaningful exit codes."""
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
    # The driver logs a lost connection on stderr itself; the one line below says it instead.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    logging.getLogger("neo4j").propagate = False
    try:
        code = app(standalone_mode=False)
    except KeyboardInterrupt:
        typer.echo("error: 已中断 (interrupted)", err=True)
        sys.exit(130)
    except typer.Abort:
        typer.echo("error: 已中断 (aborted)", err=True)
        sys.exit(130)
    except DriverError as exc:
        # The connection died mid-command (the server stopped, a network cut).
        lost = GraphUnavailable(f"连接在命令执行中断开（{one_line(exc)}）")
        typer.echo(f"error: {one_line(lost)}", err=True)
        sys.exit(1)
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `kg` alone, `kg server`: the help text
            typer.echo(exc.format_message())
            sys.exit(0)
        prefix, status = exit_code_for(exc)
        typer.echo(f"{prefix}: {one_line(exc)}", err=True)
        sys.exit(status)
    except (KgError, Neo4jError, OSError, ValueError, ArithmeticError) as exc:
        prefix, status = exit_code_for(exc)
        typer.echo(f"{prefix}: {one_line(exc)}", err=True)
        sys.exit(status)
    sys.exit(code if isinstance(code, int) else 0)
