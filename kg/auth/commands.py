"""``kg users add|list|remove``: editor accounts for the 数据导入 page."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kg.auth import accounts
from kg.output import render

users_app = typer.Typer(help="Editor accounts for the explorer's 数据导入 page.", no_args_is_help=True)


@users_app.command("add")
def add_cmd(
    name: str,
    role: Annotated[str, typer.Option("--role", help="editor")] = "editor",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
) -> None:
    """Add an account (or set a new password); the password is asked for, never an argument."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    accounts.add(name, password, role)
    typer.echo(f"account {name} ({role}) saved in {accounts.accounts_path()}")


@users_app.command("list")
def list_cmd(fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table") -> None:
    """Accounts, roles, failed sign-ins in the last 15 minutes and where they are locked.

    ``locked`` is "everywhere" (the ceiling across all sources was reached), "N source(s)" (locked
    from those clients only; it signs in from any other) or "no". No password material is shown.
    """
    rows = [
        {"name": a.name, "role": a.role, "created": a.created, "failures": a.failures, "locked": _locked(a)}
        for a in accounts.list_accounts()
    ]
    columns = ["name", "role", "created", "failures", "locked"]
    typer.echo(render(rows, "json" if fmt == "json" else "table", columns))


def _locked(account: accounts.Account) -> str:
    if account.locked_until:
        return "everywhere"
    if account.locked_sources:
        return f"{account.locked_sources} source" + ("s" if account.locked_sources > 1 else "")
    return "no"


@users_app.command("remove")
def remove_cmd(name: str) -> None:
    """Remove an account; its open sessions end at their next page run."""
    if not accounts.remove(name):
        typer.echo(f"error: no account named {name}", err=True)
        raise typer.Exit(1)
    typer.echo(f"account {name} removed")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
