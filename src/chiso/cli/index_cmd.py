"""`chiso index compute | score | explain | whatif`: the national service index (766) and its explanations."""

import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from chiso.cli.context import state
from chiso.cli.options import day as parse_day
from chiso.cli.options import moment
from chiso.cli.output import Format, Row, emit
from chiso.domain.formatting import vn_number, vn_percent
from chiso.domain.periods import Period, parse_period
from chiso.domain.spreadsheet import csv_writer
from chiso.engine.summary import latest_event
from chiso.store.store import Store

if TYPE_CHECKING:
    from chiso.engine.index import Ranked

app = typer.Typer(help="The service index of Quyết định 766 (and other composite indices). / Bộ chỉ số 766.",
                  no_args_is_help=True)
FORMAT = typer.Option(Format.TABLE, "--format", help="table | csv | json")
PERIOD = typer.Option(..., "--period", help="2024-06, 2024-Q2, 2024-H1, 2024-9M, 2024, 2024-YTD or "
                                            "2024-03-22..2024-06-29")
INDEX = typer.Option("766", "--index", help="Composite index id from the catalogue")
AT = typer.Option(None, "--at", help="Take statuses at this moment (ISO 8601); default: the latest event")
SYNTHETIC = " — DỮ LIỆU MÔ PHỎNG / SYNTHETIC DEMO DATA"


def _period(text: str, store: Store) -> Period:
    latest = latest_event(store)
    return parse_period(text, latest.date() if latest else date.today())


def _num(value: Decimal | None, fmt: Format) -> object:
    if value is None:
        return None
    return vn_number(float(value), 2) if fmt is Format.TABLE else float(value)


def _signed(value: Decimal | None, fmt: Format) -> object:
    if value is None:
        return None
    if fmt is not Format.TABLE:
        return float(value)
    return ("+" if value > 0 else "") + vn_number(float(value), 2)


def _title(text: str, store: Store) -> str:
    return text + (SYNTHETIC if store.meta("demo") else "")


@app.command("compute")
def compute(
    ctx: typer.Context,
    period: str = PERIOD,
    unit: str | None = typer.Option(None, "--unit", help="One unit: its metrics and groups"),
    level: str = typer.Option("department", "--level", help="Rank the units of this level: department | commune"),
    index: str = INDEX,
    at: str | None = AT,
    fmt: Format = FORMAT,
) -> None:
    """The index per unit: total, groups, rank among peers, band, change against the previous period and last year."""
    from chiso.engine.index import compute_index, ranking

    with state(ctx).open(read_only=True) as store:
        p = _period(period, store)
        result = compute_index(store, [p, p.previous(), p.same_last_year()], index,
                               moment(at))
        definition = result.definitions[0]
        if unit is not None:
            code = result.units.get(unit).code
            peers = [u.code for u in result.units.siblings(code)]
            ranked = {r.code: r for r in ranking(result, peers, store)}[code]
            _unit_detail(ranked, len(peers), p, fmt, store)
            return
        codes = [u.code for u in result.units.of_level(level)]
        rows: list[Row] = []
        for r in ranking(result, codes, store):
            row: Row = {"rank": r.rank, "unit_code": r.code, "unit_name": r.name,
                        "total": _num(r.total, fmt)}
            for g in r.score.groups:
                mark = "*" if g.source == "provisional" and fmt is Format.TABLE else ""
                row[g.code] = f"{_num(g.score, fmt)}{mark}" if mark else _num(g.score, fmt)
            row["band"] = r.band
            row["change_previous"] = _signed(r.change_previous, fmt)
            row["change_last_year"] = _signed(r.change_last_year, fmt)
            if fmt is not Format.TABLE:
                row["provisional"] = r.score.provisional
                row["complete"] = r.score.complete
            rows.append(row)
        title = _title(f"Chỉ số {definition.id} ({definition.version}), {p.label}, {level}; "
                       "* = tạm tính/provisional; nhóm theo cấu hình, không chính thức / bands are configured, "
                       "not official", store)
    emit(rows, fmt, title)


def _unit_detail(r: "Ranked", peers: int, p: Period, fmt: Format, store: Store) -> None:
    score = r.score
    if fmt is Format.JSON:
        emit([{
            "unit": r.code, "name": r.name, "period": p.label, "total": float(r.total), "rank": r.rank,
            "of": peers, "band": r.band, "change_previous": _signed(r.change_previous, fmt),
            "change_last_year": _signed(r.change_last_year, fmt), "provisional": score.provisional,
            "complete": score.complete,
            "groups": [{"code": g.code, "score": _num(g.score, fmt), "max": float(g.maximum), "source": g.source,
                        "note": g.note} for g in score.groups],
            "metrics": [{"code": m.code, "group": m.group, "numerator": m.numerator, "denominator": m.denominator,
                         "score": _num(m.score, fmt), "max": float(m.maximum), "source": m.source}
                        for m in score.metrics],
        }], fmt)
        return
    rows: list[Row] = []
    for g in score.groups:
        for m in score.metrics:
            if m.group != g.code:
                continue
            rows.append({"group": g.code, "metric": m.code,
                         "numerator": vn_number(m.numerator) if fmt is Format.TABLE and m.numerator is not None
                         else m.numerator,
                         "denominator": vn_number(m.denominator) if fmt is Format.TABLE and m.denominator is not None
                         else m.denominator,
                         "score": _num(m.score, fmt), "maximum": _num(m.maximum, fmt),
                         "lost": _num(m.lost, fmt), "source": m.source})
            if not m.maximum:  # display-only sub-rate: show the rate, not a score
                ratio = m.ratio
                rows[-1].update({"score": (vn_percent(100 * ratio) if fmt is Format.TABLE else 100 * ratio)
                                 if ratio is not None else None, "maximum": None, "lost": None,
                                 "source": f"{m.source}, tỷ lệ/rate only"})
        rows.append({"group": g.code, "metric": "= " + g.code, "numerator": None, "denominator": None,
                     "score": _num(g.score, fmt), "maximum": _num(g.maximum, fmt),
                     "lost": _num(None if g.score is None else g.maximum - g.score, fmt),
                     "source": g.source + (f" ({g.note})" if g.note and fmt is not Format.TABLE else "")})
    rows.append({"group": "TOTAL", "metric": "", "numerator": None, "denominator": None,
                 "score": _num(r.total, fmt), "maximum": None, "lost": None,
                 "source": "provisional" if score.provisional else ("complete" if score.complete
                                                                           else "incomplete")})
    emit(rows, fmt, _title(f"{r.code} {r.name}, {p.label}: {vn_number(float(r.total), 2)} điểm, hạng/rank {r.rank}/"
                           f"{peers}, so kỳ trước {_signed(r.change_previous, Format.TABLE) or '—'}, so cùng kỳ "
                           f"{_signed(r.change_last_year, Format.TABLE) or '—'}", store))
    notes = [f"{g.code}: {g.note}" for g in score.groups if g.source == "provisional" and g.note]
    for note in notes:
        typer.echo(note, err=True)


@app.command("score")
def score(
    input: Path = typer.Option(..., "--input", help="CSV: unit_code, metric_code, numerator, denominator, score"),
    output: Path | None = typer.Option(None, "--output", help="Write the scores here (default: standard output)"),
    index: str = INDEX,
    on: str | None = typer.Option(None, "--on", help="Use the definition in force on this date (default: today)"),
) -> None:
    """Score already aggregated figures (no store needed): one row per metric, per group, and TOTAL with rank."""
    from chiso.domain.catalogue import load_catalogue
    from chiso.engine.score_input import read_portal_rows, score_rows, write_rows
    from chiso.store.workspace import Workspace

    ws = Workspace.resolve()
    definition = load_catalogue([ws.config / "catalogue"]).index(index, parse_day(on, "--on") or date.today())
    portal = read_portal_rows(input, definition)
    rows = score_rows(definition, portal.units, portal.display)
    shown = sum(len(v) for v in portal.display.values())
    if shown or portal.skipped:
        typer.echo(f"display-only items echoed with 0 points: {shown}; group and total rows read past "
                   f"(chiso computes them): {portal.skipped}", err=True)
    if output is None:
        write_rows(rows, csv_writer(sys.stdout))
        return
    with output.open("w", newline="", encoding="utf-8") as handle:
        write_rows(rows, csv_writer(handle))
    units = sum(1 for r in rows if r.metric_code == "TOTAL")
    typer.echo(f"{units} unit(s) scored with {definition.id} version {definition.version}: {output}", err=True)


@app.command("explain")
def explain_command(
    ctx: typer.Context,
    unit: str = typer.Option(..., "--unit"),
    period: str = PERIOD,
    metric: str = typer.Option(..., "--metric", help="Metric code, e.g. ON_TIME"),
    index: str = INDEX,
    at: str | None = AT,
    output: Path | None = typer.Option(None, "--output", help="Save every item that cost points to this CSV"),
    show: int = typer.Option(20, "--show", help="How many of those items to print"),
    sql: bool = typer.Option(False, "--sql", help="Also print the query that selects them"),
) -> None:
    """How a metric was computed, and the dossiers (or feedback) in its denominator that are not in its numerator."""
    from chiso.engine.explain import explain

    with state(ctx).open(read_only=True) as store:
        p = _period(period, store)
        result = explain(store, unit, p, metric, index, moment(at))
    for label, value in result.lines():
        typer.echo(f"{label}: {value}")
    if result.indicator.kind == "reported":
        return
    typer.echo(f"mất điểm / costing points: {vn_number(len(result.items))} item(s)")
    if sql:
        typer.echo(result.sql)
    shown = [{k: _cell(v) for k, v in item.items()} for item in result.items[:show]]
    if shown:
        emit(shown, Format.TABLE)
    if output is not None:
        with output.open("w", newline="", encoding="utf-8") as handle:
            writer = csv_writer(handle)
            writer.writerow(result.columns)
            for item in result.items:
                writer.writerow([_cell(item[c]) for c in result.columns])
        typer.echo(f"saved {vn_number(len(result.items))} row(s) to {output}", err=True)


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    return "" if value is None else value


@app.command("whatif")
def whatif(
    ctx: typer.Context,
    unit: str = typer.Option(..., "--unit"),
    period: str = PERIOD,
    dossiers: int = typer.Option(100, "--dossiers", "-n", help="How many more dossiers the unit could fix"),
    index: str = INDEX,
    at: str | None = AT,
    fmt: Format = FORMAT,
) -> None:
    """Points gained per metric if the unit fixed N more dossiers, and the actions that gain the most."""
    from chiso.engine.whatif import what_if

    if dossiers < 1:
        raise typer.BadParameter(f"{dossiers} is not valid; expected at least 1", param_hint="--dossiers")
    with state(ctx).open(read_only=True) as store:
        p = _period(period, store)
        w = what_if(store, unit, p, dossiers, index, moment(at))
        demo = store.meta("demo") is not None
    table = fmt is Format.TABLE
    levers: list[Row] = [{
        "metric": lv.metric, "score": _num(lv.score, fmt), "maximum": _num(lv.maximum, fmt),
        "fixable": vn_number(lv.fixable) if table else lv.fixable,
        "points_per_item": f"{float(lv.per_item):.3g}".replace(".", ",") if table
        else float(lv.per_item),
        "gain_if_n": _num(lv.gain_if_n, fmt),
    } for lv in w.levers]
    plan: list[Row] = [{"step": i + 1, "action": f"{s.action_vi} ({s.metric})",
                        "items": vn_number(s.items) if table else s.items,
                        "points": _signed(s.points, fmt)} for i, s in enumerate(w.plan)]
    pushes: list[Row] = [{"metric": u.metric, "unit_code": u.unit, "unit_name": u.name,
                          "fixable": vn_number(u.fixable) if table else u.fixable,
                          "points_for_parent": _signed(u.points_for_parent, fmt)}
                         for u in w.pushes]
    if fmt is Format.JSON:
        emit([{"unit": w.unit, "period": p.label, "total": float(w.total), "dossiers": dossiers, "levers": levers,
               "plan": plan, "units_to_push": pushes}], fmt)
        return
    suffix = SYNTHETIC if demo else ""
    emit(levers, fmt, f"{w.unit} {w.name}, {p.label}: {vn_number(float(w.total), 2)} điểm{suffix}")
    gained = sum((s.points for s in w.plan), Decimal(0))
    emit(plan, fmt, f"Kế hoạch: xử lý thêm {vn_number(sum(s.items for s in w.plan))} hồ sơ → "
                    f"+{vn_number(float(gained), 2)} điểm / plan for {dossiers} items")
    if pushes:
        emit(pushes, fmt, "Đơn vị cần đôn đốc / units to push")


@app.command("reconcile")
def reconcile_command(
    ctx: typer.Context,
    period: str = PERIOD,
    unit: str | None = typer.Option(None, "--unit", help="One unit (default: every unit the portal published)"),
    index: str = INDEX,
    at: str | None = AT,
    fmt: Format = FORMAT,
    dossiers: Path | None = typer.Option(None, "--dossiers", help="With --unit: save the dossiers behind the "
                                                                   "differences to this CSV (number, metric, reason)"),
) -> None:
    """The portal's published figures (`chiso import published`) beside chiso's, with what explains a difference."""
    from chiso.domain.errors import ChisoError
    from chiso.engine.reconcile import causes, reconcile

    with state(ctx).open(read_only=True) as store:
        p = _period(period, store)
        code = None
        if unit is not None:
            from chiso.engine.units import Units

            code = Units(store).get(unit).code
        lines = reconcile(store, p, code, index, moment(at))
        if not lines:
            raise ChisoError(f"no published figures for {p.label}"
                             + (f" and unit {code}" if code else "") + "; import them with `chiso import published`")
        rows: list[Row] = []
        for line in lines:
            row: Row = {
                "unit_code": line.unit, "unit_name": line.unit_name, "metric": line.metric,
                "portal_numerator": line.portal_numerator, "portal_denominator": line.portal_denominator,
                "portal_score": _num(line.portal_score, fmt), "chiso_numerator": line.chiso_numerator,
                "chiso_denominator": line.chiso_denominator, "chiso_score": _num(line.chiso_score, fmt),
                "difference": _signed(line.difference, fmt), "why": line.why,
            }
            if fmt is Format.TABLE:
                for key in ("portal_numerator", "portal_denominator", "chiso_numerator", "chiso_denominator"):
                    value = row[key]
                    row[key] = vn_number(value) if isinstance(value, int) else value
                row = {k: v for k, v in row.items() if k != "unit_name"}
            rows.append(row)
        emit(rows, fmt, _title(f"Cổng quốc gia và chiso, {p.label}", store))
        if dossiers is not None:
            if code is None:
                raise ChisoError("--dossiers needs --unit: the dossiers behind one unit's differences")
            found = causes(store, p, code, [line.metric for line in lines], moment(at))
            with dossiers.open("w", newline="", encoding="utf-8") as handle:
                writer = csv_writer(handle)
                writer.writerow(["number", "metric", "reason"])
                writer.writerows([c.number, c.metric, c.reason] for c in found)
            typer.echo(f"{len(found)} dossier(s) behind the differences: {dossiers}", err=True)
