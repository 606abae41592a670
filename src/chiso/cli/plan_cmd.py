"""`chiso plan import | list | status`, `chiso campaign status`, `chiso report-value`: plans and campaigns."""

import getpass
from pathlib import Path

import typer

from chiso.cli import import_cmd
from chiso.cli.context import state
from chiso.cli.options import day as parse_day
from chiso.cli.output import Format, Row, emit
from chiso.domain.forecast import METHOD, OUTLOOK_VI
from chiso.domain.formatting import vn_number
from chiso.domain.targets import BAND_VI

app = typer.Typer(help="Plans and their targets. / Kế hoạch, chỉ tiêu.", no_args_is_help=True)
campaign_app = typer.Typer(help="Campaigns: plans with milestones per unit. / Chiến dịch.", no_args_is_help=True)
FORMAT = typer.Option(Format.TABLE, "--format", help="table | csv | json")
AT = typer.Option(None, "--at", help="Status at the end of this day (YYYY-MM-DD); default: the latest data")


@app.command("import")
def plan_import(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV (UTF-8) or XLSX: plan, target_code, name, unit_code, indicator, "
                                          "target_value, direction, deadline, baseline, actual, milestone"),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Write the valid rows, report the rest"),
    report: Path | None = typer.Option(None, help="Where to save rejected rows (default FILE.rejected.csv)"),
) -> None:
    """Import a plan's targets (same checks and atomicity as every import)."""
    import_cmd.command(ctx, import_cmd.Kind("plan"), file, skip_invalid, report, None, None, None, None, None)


@app.command("list")
def plan_list(ctx: typer.Context, fmt: Format = FORMAT) -> None:
    """Plans in the store with their number of targets."""
    with state(ctx).open(read_only=True) as store:
        rows = store.con.execute(
            "SELECT p.code, p.name, p.document, p.owner_unit, p.start_date, p.end_date, count(t.key), "
            "count(DISTINCT t.target_code), count(t.milestone) FROM plans p LEFT JOIN targets t ON t.plan = p.code "
            "GROUP BY ALL ORDER BY p.code").fetchall()
    keys = ["plan", "name", "document", "owner", "start", "end", "targets", "target_codes", "with_milestone"]
    emit([dict(zip(keys, r, strict=True)) for r in rows], fmt, "Kế hoạch / Plans")


def _number(value: float | None, fmt: Format, digits: int = 1) -> object:
    if value is None:
        return None
    return vn_number(value, digits) if fmt is Format.TABLE else round(value, 4)


@app.command("status")
def plan_status_command(
    ctx: typer.Context,
    plan: str = typer.Argument(..., help="Plan code (see `chiso plan list`)"),
    at: str | None = AT,
    unit: str | None = typer.Option(None, "--unit", help="Only this unit's targets"),
    fmt: Format = FORMAT,
) -> None:
    """Every target with actual, attainment, band, forecast and gap; and the counts by band."""
    from chiso.engine.plans import plan_status

    with state(ctx).open(read_only=True) as store:
        status = plan_status(store, plan, parse_day(at), unit)
        demo = store.meta("demo") is not None
    table = fmt is Format.TABLE
    rows: list[Row] = []
    for r in status.rows:
        t = r.target
        rows.append({
            "target_code": t.code, "target": t.name, "unit_code": t.unit,
            **({"milestone": t.milestone} if any(x.target.milestone for x in status.rows) else {}),
            "target_value": _number(t.value, fmt) if table else t.value,
            "actual": _number(r.actual, fmt),
            "attainment_percent": _number(r.assessed.attainment, fmt),
            "band": (BAND_VI[r.band] if table else r.band.value) if r.band else None,
            "forecast": (OUTLOOK_VI[r.forecast.outlook] if table else r.forecast.outlook.value)
            if r.forecast else None,
            "gap": r.gap, "source": r.source,
        })
    if fmt is Format.JSON:
        emit([{"plan": status.plan.code, "name": status.plan.name, "document": status.plan.document,
               "at": f"{status.at:%Y-%m-%d}", "summary": {"bands": status.counts, "text": status.sentence},
               "forecast_method": METHOD, "targets": rows}], fmt)
        return
    title = (f"{status.plan.code} — {status.plan.name} ({status.plan.document or '—'}), tại {status.at:%d/%m/%Y}: "
             f"{status.sentence}" + (" — DỮ LIỆU MÔ PHỎNG / SYNTHETIC DEMO DATA" if demo else ""))
    emit(rows, fmt, title)
    if table:
        typer.echo(f"dự báo / forecast: {METHOD}", err=True)


@campaign_app.command("status")
def campaign_status(
    ctx: typer.Context,
    plan: str = typer.Argument(..., help="Plan code of the campaign"),
    at: str | None = AT,
    fmt: Format = FORMAT,
) -> None:
    """Milestones by unit: reached, missed, at risk or on track, the units lagging most first."""
    from chiso.engine.plans import MILESTONE_VI, campaign_rows, milestone_state, plan_status

    with state(ctx).open(read_only=True) as store:
        status = plan_status(store, plan, parse_day(at))
        demo = store.meta("demo") is not None
    chosen = sorted(campaign_rows(status), key=lambda r: (r.assessed.attainment is None,
                                                          r.assessed.attainment or 0.0, r.target.unit))
    table = fmt is Format.TABLE
    rows: list[Row] = []
    for r in chosen:
        state_code = milestone_state(r)
        rows.append({
            "unit_code": r.target.unit, "unit_name": r.unit_name, "milestone": r.target.milestone,
            "deadline": f"{r.target.deadline:%d/%m/%Y}" if table else f"{r.target.deadline:%Y-%m-%d}",
            "target_code": r.target.code, "target_value": _number(r.target.value, fmt),
            "actual": _number(r.actual, fmt), "attainment_percent": _number(r.assessed.attainment, fmt),
            "state": MILESTONE_VI[state_code] if table else state_code, "gap": r.gap,
        })
    counts: dict[str, int] = {}
    for r in chosen:
        counts[milestone_state(r)] = counts.get(milestone_state(r), 0) + 1
    text = "; ".join(f"{vn_number(v)} {MILESTONE_VI[k]}" for k, v in sorted(counts.items()))
    if fmt is Format.JSON:
        emit([{"plan": status.plan.code, "at": f"{status.at:%Y-%m-%d}", "summary": counts, "milestones": rows}], fmt)
        return
    emit(rows, fmt, f"Chiến dịch {status.plan.code} ({status.plan.document or '—'}), tại {status.at:%d/%m/%Y}: {text}"
         + (" — DỮ LIỆU MÔ PHỎNG / SYNTHETIC DEMO DATA" if demo else ""))


def report_value(
    ctx: typer.Context,
    target: str = typer.Argument(..., help="Target code"),
    unit: str = typer.Option(..., "--unit", help="Unit code or name"),
    value: float = typer.Option(..., "--value", help="The value reached"),
    day: str = typer.Option(..., "--date", help="The date the value is reached on (YYYY-MM-DD)"),
    evidence: Path | None = typer.Option(None, "--evidence", help="A file proving it (kept in the store)"),
    comment: str | None = typer.Option(None, "--comment", help="Comment"),
    plan: str | None = typer.Option(None, "--plan", help="Plan code, if the target code is in several plans"),
    by: str | None = typer.Option(None, "--by", help="Who reports it (default: the system user)"),
) -> None:
    """Report the value of a reported target (append-only: earlier values are kept)."""
    from chiso.engine.units import Units
    from chiso.store.target_values import Evidence, record_value

    as_of = parse_day(day, "--date")
    assert as_of is not None
    proof = Evidence(evidence.name, evidence.read_bytes()) if evidence else None
    with state(ctx).open() as store:
        code = Units(store).get(unit).code
        chosen = record_value(store, target, code, value, as_of, by or getpass.getuser(), comment, proof, plan)
    typer.echo(f"đã ghi / recorded: {chosen} {target} {code} = {vn_number(value, 2)} tại {as_of:%d/%m/%Y}"
               + (f", minh chứng/evidence {proof.name} (sha256 {proof.sha256[:12]}…)" if proof else ""))
