"""`chiso late units` and `chiso late list`: overdue and due-soon dossiers at a moment, per unit or one by one.

The same counts as the web app's overview, unit page and late monitor (``engine.late``), with the same definition.
"""

from datetime import datetime

import typer

from chiso.cli.context import state
from chiso.cli.options import moment
from chiso.cli.output import Format, Row, emit
from chiso.domain.errors import InvalidValue
from chiso.domain.formatting import vn_number
from chiso.engine.late import (
    DEFINITION_VI,
    OVERDUE,
    STATES,
    late_by_unit,
    late_counts,
    late_dossiers,
    late_sentence,
    soon_limit,
)
from chiso.engine.summary import latest_event
from chiso.engine.units import LEVEL_VI, LEVELS, Units
from chiso.store.store import Store

app = typer.Typer(help="Overdue and due-soon dossiers. / Hồ sơ quá hạn, sắp đến hạn.", no_args_is_help=True)
FORMAT = typer.Option(Format.TABLE, "--format", help="table | csv | json")
WITHIN = typer.Option(3, "--within", help="Due soon: due within this many working days (0: by the end of today)")
AT = typer.Option(None, "--at", help="Statuses at this moment (ISO 8601); default: the latest event in the store")


def _moment(store: Store, at: str | None) -> datetime:
    chosen = moment(at) or latest_event(store)
    if chosen is None:
        raise InvalidValue("--at", at or "", "a moment: the store holds no dossier yet")
    return chosen


def _title(at: datetime, until: datetime, overdue: int, soon: int, demo: bool) -> str:
    return late_sentence(at, until, overdue, soon) + (" — DỮ LIỆU MÔ PHỎNG / SYNTHETIC DEMO DATA" if demo else "")


@app.command("units")
def units_command(
    ctx: typer.Context,
    level: str | None = typer.Option(None, "--level", help="Only units of this level: " + " | ".join(LEVELS)),
    within: int = WITHIN,
    at: str | None = AT,
    fmt: Format = FORMAT,
) -> None:
    """Overdue and due-soon counts of every unit (its descendants included), the most overdue first."""
    if level is not None and level not in LEVELS:
        raise InvalidValue("--level", level, " | ".join(LEVELS))
    with state(ctx).open(read_only=True) as store:
        chosen = _moment(store, at)
        until = soon_limit(store, chosen, within)
        units = Units(store)
        counts = late_counts(store, chosen, within)
        root = units.root().code
        demo = store.meta("demo") is not None
    table = fmt is Format.TABLE
    rows: list[Row] = [{"level": LEVEL_VI.get(r.kind, r.kind) if table else r.kind, "unit_code": r.code,
                        "unit_name": r.name, "overdue": vn_number(r.overdue) if table else r.overdue,
                        "due_soon": vn_number(r.due_soon) if table else r.due_soon}
                       for r in late_by_unit(units, counts) if level is None or r.kind == level]
    emit(rows, fmt, _title(chosen, until, *counts.get(root, (0, 0)), demo))
    if table:
        typer.echo(DEFINITION_VI, err=True)


@app.command("list")
def list_command(
    ctx: typer.Context,
    unit: str | None = typer.Option(None, "--unit", help="One unit (its descendants included)"),
    only: str | None = typer.Option(None, "--state", help="overdue | due_soon (default: both)"),
    procedure: str | None = typer.Option(None, "--procedure", help="One procedure code"),
    within: int = WITHIN,
    limit: int = typer.Option(1000, "--limit", help="At most this many dossiers, the most urgent first"),
    at: str | None = AT,
    fmt: Format = FORMAT,
) -> None:
    """The overdue and due-soon dossiers, the most urgent first (no applicant data)."""
    if only is not None and only not in STATES:
        raise InvalidValue("--state", only, " | ".join(STATES))
    with state(ctx).open(read_only=True) as store:
        chosen = _moment(store, at)
        view = late_dossiers(store, chosen, within, unit, procedure, limit=limit, state=only)
        names = {c: u.name for c, u in Units(store).by_code.items()}
        demo = store.meta("demo") is not None
    table = fmt is Format.TABLE
    rows: list[Row] = [{
        "number": r.number, "procedure_code": r.procedure_code, "procedure_name": r.procedure_name,
        "unit_code": r.unit, "unit_name": names.get(r.unit, r.unit),
        "received_at": f"{r.received_at:%d/%m/%Y %H:%M}" if table else r.received_at.isoformat(),
        "due_at": f"{r.due:%d/%m/%Y %H:%M}" if table else r.due.isoformat(),
        "state": ("quá hạn" if r.state == OVERDUE else "sắp đến hạn") if table else
        ("overdue" if r.state == OVERDUE else "due_soon"),
        "supplements": r.supplements} for r in view.rows]
    emit(rows, fmt, _title(view.at, view.soon_until, view.overdue, view.due_soon, demo)
         + (f"; {vn_number(len(view.rows))}/{vn_number(view.total)} listed" if view.total > len(view.rows) else ""))
