"""`chiso indicator list | compute | sql | columns`: the indicator catalogue and any indicator for units × periods."""

from datetime import date

import typer

from chiso.cli.context import state
from chiso.cli.options import day as parse_day
from chiso.cli.options import moment
from chiso.cli.output import Format, Row, emit
from chiso.domain.formatting import vn_number, vn_percent
from chiso.engine.compile import BREAKDOWNS

app = typer.Typer(help="The indicator catalogue (data files) and computing any indicator. / Danh mục chỉ số.",
                  no_args_is_help=True)
FORMAT = typer.Option(Format.TABLE, "--format", help="table | csv | json")
DIALECTS = ("duckdb", "postgres", "pyspark")


@app.command("list")
def list_command(ctx: typer.Context, fmt: Format = FORMAT) -> None:
    """Every indicator of the catalogue (shipped files and <config>/catalogue/*.toml), latest version."""
    with state(ctx).open(read_only=True) as store:
        catalogue = store.catalogue()
    rows: list[Row] = [{"id": i.id, "version": i.version, "from": f"{i.valid_from:%Y-%m-%d}", "kind": i.kind,
                        "unit": i.unit, "direction": i.direction, "name": i.name_vi, "name_en": i.name_en,
                        "provisional": i.provisional, "file": i.origin}
                       for i in catalogue.latest()]
    emit(rows, fmt, "Danh mục chỉ số / Indicator catalogue")


@app.command("columns")
def columns() -> None:
    """The columns catalogue filters may use, for dossier and feedback indicators."""
    from chiso.engine.relations import DOSSIER_COLUMNS, FEEDBACK_COLUMNS

    typer.echo("dossiers: " + ", ".join(DOSSIER_COLUMNS))
    typer.echo("feedback: " + ", ".join(FEEDBACK_COLUMNS))
    typer.echo("status (dossiers): early, on_time, late, open_within, open_overdue; "
               "status (feedback): on_time, late, open_within, open_overdue")


UNKNOWN_CHANNEL = "CHANNEL_UNKNOWN"


@app.command("compute")
def compute(
    ctx: typer.Context,
    indicator: str = typer.Argument(..., help="Indicator id (see `chiso indicator list`)"),
    period: str = typer.Option(..., "--period", help="2024-06, 2024-Q2, 2024-H1, 2024-9M, 2024, 2024-YTD, "
                                                     "2024-03-22..2024-06-29"),
    unit: str | None = typer.Option(None, "--unit", help="One unit (descendants included)"),
    level: str | None = typer.Option(None, "--level", help="All units of a level: province | department | commune"),
    by: str | None = typer.Option(None, "--by", help="Breakdown: " + " | ".join(BREAKDOWNS)),
    monthly: bool = typer.Option(False, "--monthly", help="One row per month of the period"),
    at: str | None = typer.Option(None, "--at", help="Statuses at this moment (default: the latest event)"),
    fmt: Format = FORMAT,
) -> None:
    """An indicator for units × period: numerator, denominator and value, optionally broken down or by month."""
    from chiso.cli.index_cmd import _period
    from chiso.domain.periods import month
    from chiso.engine.compile import filter_columns
    from chiso.engine.compute import as_of, run
    from chiso.engine.units import Units

    with state(ctx).open(read_only=True) as store:
        p = _period(period, store)
        ind = store.catalogue().indicator(indicator, p.end)
        units = Units(store)
        if unit is not None:
            codes = [units.get(unit).code]
        else:
            roots = [u.code for u in units.by_code.values() if u.parent is None]
            codes = [u.code for u in units.of_level(level)] if level else roots
        periods = [p]
        if monthly:
            first = p.start.year * 12 + p.start.month - 1
            last = p.end.year * 12 + p.end.month - 1
            periods = [month(i // 12, i % 12 + 1) for i in range(first, last + 1)]
        if ind.kind == "reported":
            raise typer.BadParameter(f"{indicator} is reported, not computed; see `chiso import reported`")
        chosen = [ind]
        if ind.id != UNKNOWN_CHANNEL and "channel" in filter_columns(ind) and by != "channel":
            chosen.append(store.catalogue().indicator(UNKNOWN_CHANNEL, p.end))
        tallies = run(store, chosen, periods, as_of(store, moment(at)), by)
        demo = store.meta("demo") is not None
    rows: list[Row] = []
    table = fmt is Format.TABLE
    for key in sorted(k for k in tallies if k[0] in codes):
        code, pid, part = key
        tally = tallies[key][ind.id]
        value = tally.value
        shown: object = value
        if table and value is not None:
            shown = vn_percent(value) if ind.unit == "%" else vn_number(value, 0 if ind.kind == "count" else 2)
        row: Row = {"unit_code": code, "unit_name": units.get(code).name, "period": periods[pid].label}
        if by:
            row[by] = part
        numerator: int | None = None if ind.kind == "average" else tally.numerator  # an average has no numerator
        row.update({"numerator": vn_number(numerator) if table and numerator is not None else numerator,
                    "denominator": vn_number(tally.denominator) if table else tally.denominator, "value": shown})
        if len(chosen) > 1:  # the dossiers this indicator could not classify by channel
            unknown = tallies[key][UNKNOWN_CHANNEL].numerator
            row["channel_unknown"] = vn_number(unknown) if table else unknown
        rows.append(row)
    title = f"{ind.id} — {ind.name_vi} ({ind.unit}, version {ind.version})"
    emit(rows, fmt, title + (" — DỮ LIỆU MÔ PHỎNG / SYNTHETIC DEMO DATA" if demo else ""))


@app.command("sql")
def sql(
    ctx: typer.Context,
    indicator: list[str] = typer.Argument(..., help="Indicator ids"),
    dialect: str = typer.Option("duckdb", "--dialect", help=" | ".join(DIALECTS)),
    on: str | None = typer.Option(None, "--on", help="Definitions in force on this date (default: today)"),
) -> None:
    """The query chiso runs for these indicators, compiled for DuckDB, PostgreSQL or Spark."""
    from chiso.engine.compile import compile_indicators

    if dialect not in DIALECTS:
        raise typer.BadParameter(f"{dialect!r} is not valid; expected one of {', '.join(DIALECTS)}",
                                 param_hint="--dialect")
    with state(ctx).open(read_only=True) as store:
        day = parse_day(on, "--on") or date.today()
        chosen = [store.catalogue().indicator(i, day) for i in indicator]
        for compiled in compile_indicators(chosen, store.settings, None, store.settings.unit_column):
            typer.echo(f"-- {compiled.source}: {', '.join(i.id for i in compiled.indicators)}")
            typer.echo(compiled.script(dialect))
