"""`chiso units list`, `chiso procedures list`, `chiso summary`, `chiso settings`, `chiso columns`."""

from datetime import datetime

import typer

from chiso.cli.context import state
from chiso.cli.options import moment as parse_moment
from chiso.cli.output import Format, emit
from chiso.domain.formatting import vn_number, vn_percent
from chiso.domain.settings import setting_table
from chiso.domain.status import STATUS_VI, Status
from chiso.engine.summary import CHANNELS, latest_event, monthly_summary
from chiso.store.spec import KINDS, entity

units_app = typer.Typer(help="Units: the province, departments, communes. / Đơn vị.", no_args_is_help=True)
procedures_app = typer.Typer(help="The procedure catalogue. / Thủ tục hành chính.", no_args_is_help=True)
FORMAT = typer.Option(Format.TABLE, "--format", help="table | csv | json")


@units_app.command("list")
def units_list(ctx: typer.Context, fmt: Format = FORMAT) -> None:
    """Units in the store, the province first, then by depth and kind."""
    with state(ctx).open(read_only=True) as store:
        rows = store.con.execute(
            "SELECT code, name, kind, parent_code, depth, valid_from, valid_to, successor_code FROM units "
            "ORDER BY depth, CASE kind WHEN 'province' THEN 0 WHEN 'department' THEN 1 WHEN 'commune' THEN 2 "
            "ELSE 3 END, code").fetchall()
    keys = ["code", "name", "kind", "parent_code", "depth", "valid_from", "valid_to", "successor_code"]
    emit([dict(zip(keys, r, strict=True)) for r in rows], fmt, "Đơn vị / Units")


@procedures_app.command("list")
def procedures_list(
    ctx: typer.Context,
    fmt: Format = FORMAT,
    missing_limit: bool = typer.Option(False, "--missing-limit", help="Only the procedures flagged without a limit"),
) -> None:
    """Procedures in the store with their legal time limits."""
    from chiso.domain.limits import LimitUnit

    where = "WHERE limit_value IS NULL " if missing_limit else ""
    with state(ctx).open(read_only=True) as store:
        rows = store.con.execute(
            "SELECT code, name, sector, level, limit_value, limit_unit, cutoff, fee, online_level FROM procedures "
            f"{where}ORDER BY code").fetchall()
    out = []
    for code, name, sector, level, value, unit, cutoff, fee, online in rows:
        limit = f"{value} {LimitUnit(unit).vietnamese}" if unit else None
        out.append({"code": code, "name": name, "sector": sector, "level": level, "time_limit": limit,
                    "cutoff": cutoff, "fee": fee, "online_level": online})
    emit(out, fmt, "Thủ tục hành chính / Procedures")


CHANNEL_VI = {"direct": "trực tiếp", "online": "trực tuyến", "postal": "bưu chính", "unknown": "kênh không rõ"}


def summary(
    ctx: typer.Context,
    year: int | None = typer.Option(None, help="Only dossiers received in this year"),
    at: str | None = typer.Option(None, help="Status at this moment (ISO 8601); default: the latest event"),
    fmt: Format = FORMAT,
) -> None:
    """Dossiers by month of receipt: channel and status at a moment, and the on-time rate."""
    with state(ctx).open(read_only=True) as store:
        moment = parse_moment(at) or latest_event(store) or datetime.now()
        rows = monthly_summary(store, moment, year)
        demo = store.meta("demo")
    out: list[dict[str, object]] = []
    for r in rows:
        row: dict[str, object] = {"tháng": r.month, "tiếp nhận": vn_number(r.received)}
        row.update({CHANNEL_VI[c]: vn_number(r.by_channel[c]) for c in CHANNELS})
        row.update({STATUS_VI[Status(s)]: vn_number(v) for s, v in r.by_status.items()})
        rate = r.on_time_rate
        row["tỷ lệ đúng hạn"] = vn_percent(rate) if rate is not None else ""
        out.append(row if fmt is Format.TABLE else {
            "month": r.month, "received": r.received, **r.by_channel, **r.by_status, "on_time_rate": rate})
    title = f"Hồ sơ theo tháng, trạng thái tại {moment:%d/%m/%Y %H:%M}"
    if demo:
        title += " — DỮ LIỆU MÔ PHỎNG / SYNTHETIC DEMO DATA"
    emit(out, fmt, title)


def settings(ctx: typer.Context, fmt: Format = FORMAT) -> None:
    """Every setting, its effective value and meaning (override in <config>/settings.toml)."""
    ws = state(ctx).workspace()
    effective = ws.settings().values
    emit([{"key": s.key, "value": effective[s.key], "default": s.default, "meaning": s.en} for s in setting_table()],
         fmt, f"Settings ({ws.settings_file})")


def columns(kind: str = typer.Argument(..., help=" | ".join(KINDS)), fmt: Format = FORMAT) -> None:
    """The import columns of KIND, their types and the headers accepted for them."""
    spec = entity(kind)
    emit([{"column": c.name, "type": c.type, "required": c.required, "headers": "; ".join(c.aliases),
           "meaning": c.en} for c in spec.columns], fmt, f"Import columns: {kind}")
