"""The `chiso` command."""

import sys
from pathlib import Path

import duckdb
import typer

from chiso import __version__
from chiso.cli import (
    accountability_cmd,
    alerts_cmd,
    apology_cmd,
    calendar_cmd,
    import_cmd,
    index_cmd,
    indicator_cmd,
    late_cmd,
    listing_cmd,
    plan_cmd,
    rankings_cmd,
    report_cmd,
    scorecard_cmd,
    tasks_cmd,
    token_cmd,
    web_cmd,
)
from chiso.cli.context import State
from chiso.domain.errors import ChisoError

app = typer.Typer(
    help="chiso — chỉ số CCHC, CĐS, Đề án 06: trustworthy indicators from administrative-procedure dossiers.",
    no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
)
app.add_typer(calendar_cmd.app, name="calendar")
app.add_typer(listing_cmd.units_app, name="units")
app.add_typer(listing_cmd.procedures_app, name="procedures")
app.add_typer(index_cmd.app, name="index")
app.add_typer(indicator_cmd.app, name="indicator")
app.add_typer(late_cmd.app, name="late")
app.add_typer(plan_cmd.app, name="plan")
app.add_typer(plan_cmd.campaign_app, name="campaign")
app.add_typer(report_cmd.app, name="report")
app.add_typer(tasks_cmd.app, name="tasks")
app.add_typer(rankings_cmd.app, name="rankings")
app.add_typer(scorecard_cmd.app, name="scorecard")
app.add_typer(web_cmd.user_app, name="user")
app.add_typer(token_cmd.app, name="token")
app.add_typer(alerts_cmd.app, name="alerts")
app.add_typer(apology_cmd.app, name="apology")
app.command("serve")(web_cmd.serve)
app.command("accountability")(accountability_cmd.command)
app.command("report-value")(plan_cmd.report_value)
app.command("import")(import_cmd.command)
app.command("summary")(listing_cmd.summary)
app.command("settings")(listing_cmd.settings)
app.command("columns")(listing_cmd.columns)


@app.callback()
def root(
    ctx: typer.Context,
    db: str | None = typer.Option(None, "--db", envvar="CHISO_DB", help="Store: a DuckDB file, or a PostgreSQL database (postgresql://user@host/db)"),
) -> None:
    """Global options."""
    ctx.obj = State(db)


@app.command()
def demo(
    ctx: typer.Context,
    seed: int = typer.Option(2024, help="Random seed: the same seed builds the same province"),
    dossiers: int = typer.Option(1_500_000, help="Number of synthetic dossiers (2024-2025)"),
    force: bool = typer.Option(False, "--force", help="Rebuild even if the store already holds the demo"),
) -> None:
    """Build the demo province (Gia Lai; synthetic dossiers, clearly labelled)."""
    from chiso.cli.context import state
    from chiso.demo.build import SYNTHETIC_NOTE, build_demo
    from chiso.domain.formatting import vn_number

    st = state(ctx)
    ws = st.workspace()
    path = ws.label
    with st.open() as store:
        existing = store.meta("demo")
        if existing and not force:
            typer.echo(f"demo store already built at {path} ({existing}); use --force to rebuild")
            return
        if force and ws.url:
            from chiso.store.postgres import drop_everything

            drop_everything(store.con)
    if force and not ws.url and ws.db.exists():
        ws.db.unlink()
        ws.db.with_name(ws.db.name + ".wal").unlink(missing_ok=True)
    with st.open() as store:
        report = build_demo(store, seed, dossiers, progress=lambda m: typer.echo(m, err=True))
    for result in report.results:
        typer.echo(f"{result.source}: {vn_number(result.counts.inserted)}")
    typer.echo(f"{SYNTHETIC_NOTE}\nstore: {path} — built in {vn_number(report.seconds, 1)} s")


@app.command()
def init(
    ctx: typer.Context,
    province: str = typer.Option(..., "--province", help="Province name or code, e.g. 'Gia Lai', 'Thanh Hoá', 38"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be created; write nothing"),
    history: bool = typer.Option(True, "--history/--no-history",
                                 help="Also keep the districts and communes that ended on 30/06/2025"),
) -> None:
    """Set up a store for any of the 34 provinces: units, communes, departments (edit config/departments.csv)."""
    from chiso.cli.context import state
    from chiso.domain.formatting import vn_number
    from chiso.store.province_setup import existing, plan_province, set_up

    st = state(ctx)
    ws = st.workspace()
    plan = plan_province(province, ws.config, history, create=not dry_run)
    typer.echo(f"{plan.name} (mã/code {plan.code}); mã sở, ngành / department codes {plan.prefix}.xx "
               f"({plan.prefix_source})")
    typer.echo(f"  UBND tỉnh / province: 1; sở, ban, ngành / departments: {plan.count('department')} "
               f"(from {ws.config / 'departments.csv'}); xã, phường / communes: {vn_number(plan.count('commune'))}; "
               f"đơn vị đã kết thúc 30/06/2025 / ended units: {vn_number(plan.count('other', True))}")
    if dry_run:
        if not ws.has_store():
            typer.echo(f"dry run: a new store would be created at {ws.label} with {vn_number(len(plan.units))} units")
            return
        with st.open(read_only=True) as store:
            have = existing(store, plan)
        typer.echo(f"dry run: {vn_number(len(plan.units) - have)} unit(s) would be added, {vn_number(have)} "
                   f"already in {ws.label}; nothing written")
        return
    with st.open() as store:
        result = set_up(store, plan)
    c = result.counts
    typer.echo(f"{ws.label}: thêm/inserted {vn_number(c.inserted)}, cập nhật/updated {vn_number(c.updated)}, "
               f"không đổi/unchanged {vn_number(c.unchanged)}")
    typer.echo("next: chiso import procedures FILE (national list or the province's publication table), "
               "then chiso import dossiers FILE")


@app.command()
def backup(
    ctx: typer.Context,
    target: Path = typer.Argument(..., help="Backup file to write (or a folder: a dated file is made in it)"),
) -> None:
    """Write the whole store (every table, one consistent snapshot) to one file, on either engine."""
    from chiso.cli.context import state
    from chiso.domain.formatting import vn_number
    from chiso.store.backup import backup as write_backup

    with state(ctx).open(read_only=True) as store:
        done = write_backup(store, target)
    rows = sum(done.tables.values())
    typer.echo(f"{done.path}: {len(done.tables)} bảng/tables, {vn_number(rows)} dòng/rows "
               f"(schema {done.schema_version}, {done.engine})")


@app.command()
def restore(
    ctx: typer.Context,
    source: Path = typer.Argument(..., exists=True, dir_okay=False, help="A file written by chiso backup"),
    force: bool = typer.Option(False, "--force", help="Replace the rows of a store that already holds data"),
) -> None:
    """Load a backup into an empty store (a DuckDB file or a PostgreSQL database), then migrate it."""
    from chiso.cli.context import state
    from chiso.domain.formatting import vn_number
    from chiso.store.backup import restore as load_backup
    from chiso.store.store import Store

    ws = state(ctx).workspace()
    with Store.open(ws, upgrade=False) as store:
        done = load_backup(store, source, force)
    typer.echo(f"{ws.label}: {len(done.tables)} bảng/tables, {vn_number(sum(done.tables.values()))} dòng/rows "
               f"khôi phục/restored from {source.name} (schema {done.schema_version}, made on {done.engine})")


@app.command()
def version() -> None:
    """Print chiso's version."""
    typer.echo(__version__)


def main() -> None:
    try:
        app()
    except ChisoError as exc:
        typer.echo(f"lỗi / error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # a full disk, a folder that cannot be written: say so, never a traceback
        where = f" ({exc.filename})" if exc.filename else ""
        typer.echo(f"lỗi / error: {exc.strerror or exc}{where}; nothing more was written", err=True)
        sys.exit(1)
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        typer.echo(f"lỗi / error: the store could not be used: {first[:300]}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted; the store is unchanged by the interrupted step", err=True)
        sys.exit(130)
