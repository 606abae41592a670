"""`chiso serve` and `chiso user add | list`: the web application and its accounts."""

import getpass
import sys

import typer

from chiso.cli.context import state
from chiso.cli.output import Format, Row, emit
from chiso.domain.errors import ChisoError

user_app = typer.Typer(help="Web accounts and their roles. / Tài khoản và vai trò.", no_args_is_help=True)


# Seconds a worker may take to answer the supervisor's ping before it is killed and restarted. uvicorn's default
# (5 s) killed busy but healthy workers while a warm-up and an import held the CPU (seen in bench/web.py
# --postgres: connections reset, then a minute of cold pages while the new worker warmed up).
WORKER_HEALTHCHECK = 120
# Seconds an idle connection is kept open. People read a page for several seconds before the next; uvicorn's default
# (5 s) closed their connections meanwhile, and a request sent as the server closed one was reset (seen in
# bench/web.py's reading phase). A reverse proxy in front keeps its own connections to chiso open longer still.
KEEP_ALIVE = 75


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)"),
    port: int = typer.Option(8000, "--port", help="TCP port"),
    secure: bool = typer.Option(False, "--secure", help="Mark cookies Secure (when served over HTTPS, e.g. "
                                                        "behind a reverse proxy)"),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="Server processes (more than one needs a PostgreSQL store)"),
    trusted_proxies: str = typer.Option("127.0.0.1,::1", "--trusted-proxies",
                                        help="Comma-separated addresses of reverse proxies whose X-Forwarded-For "
                                             "names the client (login throttling counts per client address); "
                                             "'' trusts none"),
) -> None:
    """Start the web application on the store (pages, data entry, administration, public pages)."""
    import os

    import uvicorn

    workspace = state(ctx).workspace()
    typer.echo(f"chiso: http://{host}:{port}/  ({workspace.label}; Ctrl+C to stop)", err=True)
    if workers == 1:
        from chiso.web.app import create_app

        uvicorn.run(create_app(workspace, secure), host=host, port=port, log_level="warning", access_log=False,
                    proxy_headers=bool(trusted_proxies), forwarded_allow_ips=trusted_proxies or None,
                    timeout_keep_alive=KEEP_ALIVE)
        return
    if not workspace.url:
        raise ChisoError("several workers need a PostgreSQL store (CHISO_DB=postgresql://…): a DuckDB file is "
                         "opened by one process at a time; use --workers 1")
    os.environ["CHISO_DB"] = workspace.url  # the worker processes open the same store
    os.environ["CHISO_SECURE_COOKIES"] = "1" if secure else "0"
    uvicorn.run("chiso.web.app:from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning", access_log=False, proxy_headers=bool(trusted_proxies),
                forwarded_allow_ips=trusted_proxies or None, timeout_worker_healthcheck=WORKER_HEALTHCHECK,
                timeout_keep_alive=KEEP_ALIVE)


@user_app.command("add")
def add(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="Login name"),
    role: str = typer.Option(..., "--role", help="admin | steering | unit_officer | viewer"),
    unit: str | None = typer.Option(None, "--unit", help="The unit a unit officer works for (with its descendants)"),
    name: str = typer.Option("", "--name", help="Full name"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input "
                                                                        "(first line) instead of asking"),
) -> None:
    """Create a web account (password hashed with argon2id; at least 10 characters)."""
    from chiso.store.accounts import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("mật khẩu / password: ")
        if getpass.getpass("nhập lại / again: ") != password:
            raise ChisoError("the two passwords differ")
    with state(ctx).open() as store:
        account = add_user(store, username, role, unit, password, getpass.getuser(), name)
    typer.echo(f"đã tạo / created: {account.username} ({account.role.value}"
               + (f", {account.unit}" if account.unit else "") + ")")


@user_app.command("contact")
def contact(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="Login name"),
    email: str | None = typer.Option(None, "--email", help="Where the account's alert e-mails go (\"\" to stop)"),
    head: bool | None = typer.Option(None, "--head/--no-head", help="The account heads its unit (receives the "
                                                                     "alerts rules send to heads)"),
) -> None:
    """Set where an account's alert e-mails go, and whether it heads its unit."""
    from chiso.store.alerts import set_contact

    with state(ctx).open() as store:
        set_contact(store, username, email, head, getpass.getuser())
    typer.echo(f"đã lưu / saved: {username}")


@user_app.command("list")
def list_accounts(ctx: typer.Context, fmt: Format = typer.Option(Format.TABLE, "--format", help="table | csv | json")
                  ) -> None:
    """List web accounts with their role and unit (never their password)."""
    from chiso.store.accounts import list_users

    with state(ctx).open(read_only=True) as store:
        rows: list[Row] = [{"username": a.username, "name": a.full_name, "role": a.role.value, "unit": a.unit,
                            "active": active, "created": created.isoformat(timespec="seconds")}
                           for a, active, created in list_users(store)]
    emit(rows, fmt, "Tài khoản / Accounts")


DEMO_ACCOUNTS = (  # demo store only: printed by `make run`
    ("admin", "admin", None, "demo-admin-2024"),
    ("bcd", "steering", None, "demo-bcd-2024"),
    ("sotuphap", "unit_officer", "H21.03", "demo-sotuphap-2024"),
    ("xem", "viewer", None, "demo-xem-2024"),
)


@user_app.command("demo")
def demo_accounts(ctx: typer.Context) -> None:
    """On the demo store only: create the demo accounts (if missing) and print them with their passwords."""
    from chiso.store.accounts import add_user, list_users

    with state(ctx).open() as store:
        if not store.meta("demo"):
            raise ChisoError("`chiso user demo` works on the demo store only; use `chiso user add`")
        existing = {a.username for a, _, _ in list_users(store)}
        for username, role, unit, password in DEMO_ACCOUNTS:
            if username not in existing:
                add_user(store, username, role, unit, password, "demo")
    typer.echo("Tài khoản mẫu / demo accounts (DỮ LIỆU MÔ PHỎNG):")
    for username, role, unit, password in DEMO_ACCOUNTS:
        typer.echo(f"  {username:<10} {password:<20} {role}" + (f" ({unit})" if unit else ""))
