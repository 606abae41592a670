"""`chiso token add | list | revoke`: tokens with which other systems use the API (push dossiers, read figures)."""

import getpass

import typer

from chiso.cli.context import state
from chiso.cli.output import Format, Row, emit

app = typer.Typer(help="API tokens for other systems. / Mã truy cập API cho hệ thống khác.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The system's name, e.g. motcua-tinh or ioc"),
    units: list[str] = typer.Option([], "--units", help="Unit codes it may push or read (each with its units "
                                                        "below; repeat the option); none: every unit"),
    push: bool = typer.Option(False, "--push", help="May push dossiers (POST /api/v1/dossiers)"),
    read: bool = typer.Option(False, "--read", help="May read figures (GET /api/v1/…)"),
) -> None:
    """Make a token and print it once (only its hash is kept). Without --push or --read: --push."""
    from chiso.store.tokens import add_token

    codes = [c for u in units for c in u.replace(",", " ").split()]
    with state(ctx).open() as store:
        secret = add_token(store, name, codes, push or not read, read, getpass.getuser())
    typer.echo(f"đã cấp / created: {name} — giữ mã này, sẽ không hiện lại / keep it, it is not shown again:")
    typer.echo(secret)


@app.command("list")
def list_all(ctx: typer.Context, fmt: Format = typer.Option(Format.TABLE, "--format", help="table | csv | json")
             ) -> None:
    """List tokens: name, rights, units, who made it and when, whether revoked (never the token itself)."""
    from chiso.store.tokens import list_tokens

    with state(ctx).open(read_only=True) as store:
        rows: list[Row] = [{"name": t.name, "push": t.may_push, "read": t.may_read,
                            "units": " ".join(t.units) or "*", "created_by": t.created_by,
                            "created": t.created_at.isoformat(timespec="seconds"),
                            "revoked": t.revoked_at.isoformat(timespec="seconds") if t.revoked_at else None}
                           for t in list_tokens(store)]
    emit(rows, fmt, "Mã truy cập API / API tokens")


@app.command("revoke")
def revoke(ctx: typer.Context, name: str = typer.Argument(..., help="The token's name")) -> None:
    """Revoke a token: it stops working at once (a server looks tokens up on every request)."""
    from chiso.store.tokens import revoke_token

    with state(ctx).open() as store:
        revoke_token(store, name, getpass.getuser())
    typer.echo(f"đã thu hồi / revoked: {name}")
