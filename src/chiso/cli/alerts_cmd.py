"""`chiso alerts run | list`: alerts before and after deadlines, to the inbox, by e-mail and to the webhook."""

import typer

from chiso.cli.context import state
from chiso.cli.output import Format, Row, emit

app = typer.Typer(help="Alerts. / Cảnh báo.", no_args_is_help=True)


@app.command("run")
def run(
    ctx: typer.Context,
    dry_run: bool = typer.Option(False, "--dry-run", help="Only say what would be detected; record and send nothing"),
) -> None:
    """Detect with every rule, record what is new (each alert once) and deliver it (for cron; the web server
    does the same every alerts.every_minutes). Exits with status 1 if a rule or a channel failed."""
    from chiso.notify.run import run_alerts

    with state(ctx).open(read_only=dry_run) as store:
        result = run_alerts(store, dry_run=dry_run)
    when = f"{result.at:%H:%M %d/%m/%Y}" if result.at else "—"
    typer.echo(f"dữ liệu tại / data at {when}" + (" — thử, không ghi / dry run, nothing written" if dry_run else ""))
    for rule, count in result.found.items():
        typer.echo(f"  {rule}: {count} đang có / found, {result.new.get(rule, 0)} mới / new")
    for channel in sorted(set(result.sent) | set(result.failed)):
        typer.echo(f"  {channel}: {result.sent.get(channel, 0)} đã gửi / sent, "
                   f"{result.failed.get(channel, 0)} lỗi / failed (gửi lại lần sau / retried next run)")
    for error in result.errors:
        typer.echo(f"lỗi / error: {error}", err=True)
    if result.errors:
        raise typer.Exit(1)


@app.command("list")
def list_all(ctx: typer.Context, fmt: Format = typer.Option(Format.TABLE, "--format", help="table | csv | json")
             ) -> None:
    """Deliveries per rule, channel and status (pending, sent, failed)."""
    from chiso.store.alerts import summary

    with state(ctx).open(read_only=True) as store:
        rows: list[Row] = [{"rule": r, "channel": c, "status": s, "deliveries": n} for r, c, s, n in summary(store)]
    emit(rows, fmt, "Cảnh báo / Alerts")
