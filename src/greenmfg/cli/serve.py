"""``greenmfg serve`` and ``greenmfg user …``: the REST API and its users.

Registered on the main app by :func:`register`. The workspace path comes from the global
``--workspace`` option through the root context, so this module never imports ``cli.app``.
FastAPI and uvicorn are imported only when the server starts.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from greenmfg.access import Access, DemoAccount, Role, write_demo_accounts
from greenmfg.cli import render
from greenmfg.demo import DemoPark
from greenmfg.i18n import label
from greenmfg.workspace import DEFAULT_WORKSPACE, Workspace

user_app = typer.Typer(help="Users of the API and their keys / API 用户与密钥", no_args_is_help=True)


class _Format(StrEnum):
    TABLE = "table"
    JSON = "json"


def _workspace_path(ctx: typer.Context) -> Path:
    value = ctx.find_root().params.get("workspace")
    return Path(value) if value is not None else Path(DEFAULT_WORKSPACE)


def _database_url(ctx: typer.Context) -> str | None:
    value = ctx.find_root().params.get("database_url")
    return str(value) if value else None


def _lang(ctx: typer.Context) -> str:
    """The global ``--lang`` (zh-CN unless given)."""
    value = ctx.find_root().params.get("lang")
    return str(getattr(value, "value", value) or "zh-CN")


def _say(ctx: typer.Context, key: str, **values: str) -> str:
    """A message in the chosen language, with its values escaped for rich."""
    return label(key, _lang(ctx)).format(**{k: escape(v) for k, v in values.items()})


def _open(ctx: typer.Context) -> Workspace:
    return Workspace(_workspace_path(ctx), database_url=_database_url(ctx))


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on / 监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port / 端口", min=1, max=65535)] = 8000,
    dev: Annotated[bool, typer.Option(
        "--dev", help="Development: a random token secret for this process instead of "
                      "GREENMFG_SECRET_KEY (tokens end with the process)")] = False,
    database_url: Annotated[str | None, typer.Option(
        "--database-url", envvar="GREENMFG_DATABASE_URL",
        help="Serve a PostgreSQL workspace (postgresql://user@host/db) instead of the file / "
             "使用 PostgreSQL 工作区")] = None,
) -> None:
    """Serve the REST API (/api/v1, docs at /api/v1/docs) and the dashboard (/) over the
    workspace / 启动 REST API 和网页看板.

    Needs GREENMFG_SECRET_KEY (32+ random characters) unless --dev is given.
    """
    from greenmfg.api import load_settings  # heavy; only when serving
    from greenmfg.web import create_site

    settings = load_settings(dev=dev)
    import uvicorn

    err = Console(stderr=True)
    if dev:
        err.print("[yellow]dev mode[/]: a random token secret for this process; tokens end "
                  "with it. Set GREENMFG_SECRET_KEY for anything else.")
    path = _workspace_path(ctx)
    url = database_url or _database_url(ctx)
    where = url.split("@")[-1] if url else path  # never print a password
    err.print(f"greenmfg API over {where} at http://{host}:{port}/api/v1 "
              f"(docs: http://{host}:{port}/api/v1/docs), dashboard at http://{host}:{port}/")
    uvicorn.run(create_site(path, settings, database_url=url), host=host, port=port,
                log_level="info")


_PasswordStdin = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from the first line of standard input / "
                             "从标准输入的第一行读取密码")]


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password / 密码", hide_input=True, confirmation_prompt=True)
    return password


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="User name / 用户名")],
    role: Annotated[Role, typer.Option(help="Role / 角色")],
    org: Annotated[str | None, typer.Option(
        help="Organisation code (none for admin) / 所属组织代码")] = None,
    password_stdin: _PasswordStdin = False,
) -> None:
    """Add a user (the password is prompted for, and stored only as an argon2id hash) /
    添加用户."""
    password = _read_password(password_stdin)
    with _open(ctx) as ws:
        user = Access(ws).add_user(username, password, role=role, org_code=org)
    Console().print(_say(ctx, "user_added", username=user.username, role=user.role.value,
                         org=f", {user.org_code}" if user.org_code else ""))


@user_app.command("list")
def user_list(ctx: typer.Context,
              fmt: Annotated[_Format, typer.Option("--format")] = _Format.TABLE) -> None:
    """List users (never their passwords or hashes) / 列出用户."""
    with _open(ctx) as ws:
        users = Access(ws).users()
    rows = [{"username": u.username, "role": u.role.value, "org": u.org_code,
             "created_at": u.created_at.isoformat(),
             "disabled_at": u.disabled_at.isoformat() if u.disabled_at else None} for u in users]
    if fmt is _Format.JSON:
        typer.echo(render.to_json(rows))
        return
    table = Table(title=label("users", _lang(ctx)))
    for col in ("username", "role", "org", "created_at", "disabled_at"):
        table.add_column(label(col, _lang(ctx)))
    for r in rows:
        table.add_row(*(str(v or "") for v in r.values()))
    Console().print(table)


@user_app.command("disable")
def user_disable(ctx: typer.Context, username: Annotated[str, typer.Argument()]) -> None:
    """Disable a user: sign-in refused, its tokens and API keys revoked / 停用用户."""
    with _open(ctx) as ws:
        Access(ws).disable_user(username)
    Console().print(_say(ctx, "user_disabled", username=username))


@user_app.command("password")
def user_password(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="User name / 用户名")],
    password_stdin: _PasswordStdin = False,
) -> None:
    """Give a user a new password (its bearer tokens are revoked) / 重设用户密码."""
    password = _read_password(password_stdin)
    with _open(ctx) as ws:
        Access(ws).set_password(username, password)
    Console().print(_say(ctx, "user_new_password", username=username))


@user_app.command("api-key")
def user_api_key(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The user the key acts as")],
    name: Annotated[str, typer.Option(help="What the key is for")] = "machine client",
) -> None:
    """Create an API key for a machine client (header X-API-Key); it is shown once only /
    为机器客户端创建 API 密钥（只显示一次）."""
    with _open(ctx) as ws:
        info, key = Access(ws).add_api_key(username, name)
    Console(stderr=True).print(_say(ctx, "api_key_created", key_id=info.key_id,
                                    username=username, name=name))
    typer.echo(key)


@user_app.command("revoke-key")
def user_revoke_key(ctx: typer.Context,
                    key_id: Annotated[str, typer.Argument(help="The key's id")]) -> None:
    """Revoke an API key / 吊销 API 密钥."""
    with _open(ctx) as ws:
        Access(ws).revoke_api_key(key_id)
    Console().print(_say(ctx, "api_key_revoked", key_id=key_id))


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``user`` to the main command."""
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")


def demo_accounts(ws: Workspace, park: DemoPark) -> tuple[list[DemoAccount], Path]:
    """One demo user per role with new passwords, also written to ``demo-accounts.json``
    beside the workspace (readable by its owner only)."""
    accounts = Access(ws).create_demo_accounts(park)
    return accounts, write_demo_accounts(ws.path.resolve().parent / "demo-accounts.json",
                                         accounts)


def print_demo_accounts(con: Console, accounts: list[DemoAccount], path: Path,
                        lang: str = "zh-CN") -> None:
    for account in accounts:
        org = f", {account.org}" if account.org else ""
        con.print(f"[bold green]{label('demo_user', lang)}[/] {account.username} "
                  f"({account.role.value}{org}): {label('password', lang)} "
                  f"{escape(account.password)}")
    con.print(f"[bold green]{label('demo_accounts', lang)}[/]: {escape(str(path))}  "
              "(greenmfg serve --dev)")
