"""``kg ask "问题"``: answer a question in Chinese from the named-query library, or decline it."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from kg.graph.connection import connect
from kg.output import render

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json")]


def register(app: typer.Typer) -> None:
    @app.command("ask")
    def ask_command(
        question: Annotated[str, typer.Argument(help="问题，例如：6G有哪些断链环节")],
        fmt: FormatOpt = "table",
    ) -> None:
        """Answer a question in Chinese with a named query (read-only); exit 1 when it is declined."""
        from kg.ask import Declined, ask, load

        if fmt not in ("table", "json"):
            raise typer.BadParameter("choose one of table, json", param_hint="--format")
        with connect() as graph:
            vocab = load(graph)
            try:
                answer = ask(graph, vocab, question)
            except Declined as declined:
                if fmt == "json":
                    typer.echo(json.dumps(declined.as_dict(), ensure_ascii=False, indent=2))
                else:
                    typer.echo(declined.reason)
                    for example in declined.examples:
                        typer.echo(f"  · {example}")
                sys.exit(1)
        if fmt == "json":
            typer.echo(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2, default=str))
            return
        typer.echo(answer.answer)
        if answer.sample:
            typer.echo("（含示例数据：示例·… 为虚构的示例企业和关系，不是真实名单）")
        if answer.rows:
            typer.echo(render(answer.rows, "table", answer.columns).rstrip("\n"))
        found = "、".join(f"{e['name']}（{e['kind_zh']}）" for e in answer.entities) or "无"
        params = json.dumps(answer.params, ensure_ascii=False, default=str)
        typer.echo(f"识别：{found}｜查询：{answer.query}（{answer.title}）｜参数：{params}", err=True)
        if answer.note:
            typer.echo(answer.note, err=True)
