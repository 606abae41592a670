"""Overdue dossiers and those falling due soon, at a moment, with the reason for each due moment."""

from dataclasses import dataclass
from datetime import datetime, time

from chiso.domain.due import Due, Stop, compute_due
from chiso.domain.errors import InvalidValue
from chiso.domain.formatting import vn_number
from chiso.domain.limits import LimitUnit, TimeLimit
from chiso.engine.status import status_relation
from chiso.engine.units import Units
from chiso.store.store import Store

OVERDUE, DUE_SOON = "open_overdue", "due_soon"


@dataclass(frozen=True)
class LateDossier:
    number: str
    procedure_code: str
    procedure_name: str
    sector: str
    unit: str
    received_at: datetime
    due: datetime
    state: str  # open_overdue | due_soon
    supplements: int


@dataclass(frozen=True)
class LateView:
    at: datetime
    soon_until: datetime
    rows: list[LateDossier]
    total: int  # before the limit
    overdue: int = 0  # of total: open and past due at ``at``
    due_soon: int = 0  # of total: open, within time, due by ``soon_until``


STATES = {"overdue": OVERDUE, "due_soon": DUE_SOON}  # the late monitor's state filter (machine names)
DEFINITION_VI = ("Quá hạn: hồ sơ chưa giải quyết xong mà đã quá thời hạn trả kết quả (tính theo ngày làm việc, "
                 "trừ thời gian tạm dừng) tại thời điểm nêu. Sắp đến hạn: hồ sơ chưa giải quyết xong, còn trong "
                 "hạn, đến hạn trả kết quả trước thời điểm nêu. Mỗi hồ sơ tính cho đơn vị giải quyết và các đơn vị "
                 "cấp trên của đơn vị đó.")
DEFINITION_EN = ("Overdue: not finished and past its due moment (working days, stops excluded) at the moment shown. "
                 "Due soon: not finished, within time, due by the moment shown. Each dossier counts for the unit "
                 "handling it and the units above it.")


def late_sentence(at: datetime, until: datetime, overdue: int, due_soon: int) -> str:
    """"Tại 16:59 31/12/2025: 493 hồ sơ quá hạn; 3.351 hồ sơ sắp đến hạn (đến hạn trước 23:59 06/01/2026)"."""
    return (f"Tại {at:%H:%M %d/%m/%Y}: {vn_number(overdue)} hồ sơ quá hạn; {vn_number(due_soon)} hồ sơ sắp đến hạn "
            f"(đến hạn trước {until:%H:%M %d/%m/%Y})")


def soon_limit(store: Store, at: datetime, working_days: int) -> datetime:
    """The end of the ``working_days``-th working day after ``at`` (0: the end of today)."""
    if working_days < 0:
        raise InvalidValue("within", working_days, "0 or more working days")
    day = store.calendar.add_workdays(store.calendar.on_or_after(at.date()), working_days)
    return datetime.combine(day, time(23, 59, 59))


def late_dossiers(store: Store, at: datetime, within: int = 3, unit: str | None = None,
                  procedure: str | None = None, limit: int = 500, state: str | None = None) -> LateView:
    """Open dossiers past due at ``at``, and those due within ``within`` working days, most urgent first;
    ``state`` (``overdue`` or ``due_soon``) keeps one of the two."""
    units = Units(store)
    column = store.settings.unit_column
    until = soon_limit(store, at, within)
    if state is not None and state not in STATES:
        raise InvalidValue("state", state, " or ".join(STATES))
    overdue, soon = f"s.status = '{OVERDUE}'", "(s.status = 'open_within' AND s.due <= ?)"
    chosen = {None: f"({overdue} OR {soon})", "overdue": overdue, "due_soon": soon}[state]
    where = [chosen]
    params: list[object] = [] if state == "overdue" else [until]
    if unit is not None:
        code = units.get(unit).code
        below = units.below(code)
        where.append(f"s.{column} IN ({', '.join('?' for _ in below)})")
        params += below
    if procedure:
        where.append("s.procedure_code = ?")
        params.append(procedure)
    base = (f"FROM ({status_relation(store.settings, at, open_only=True)}) s LEFT JOIN procedures p "
            f"ON p.code = s.procedure_code WHERE {' AND '.join(where)}")
    count = store.con.execute(f"SELECT count(*), count(*) FILTER (WHERE {overdue}) {base}", params).fetchone()
    rows = store.con.execute(
        f"SELECT s.number, s.procedure_code, coalesce(p.name, s.procedure_code), coalesce(p.sector, ''), s.{column}, "
        f"s.received_at, s.due, s.status, s.supplement_count {base} ORDER BY s.due, s.number LIMIT {int(limit)}",
        params).fetchall()
    out = [LateDossier(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), r[5], r[6],
                       OVERDUE if r[7] == OVERDUE else DUE_SOON, int(r[8] or 0)) for r in rows]
    total, past = (int(count[0]), int(count[1])) if count else (0, 0)
    return LateView(at, until, out, total, past, total - past)


def late_counts(store: Store, at: datetime, within: int = 3) -> dict[str, tuple[int, int]]:
    """(overdue, due soon) per unit, each unit counting its descendants' dossiers."""
    units = Units(store)
    column = store.settings.unit_column
    rows = store.con.execute(
        f"SELECT s.{column}, count(*) FILTER (WHERE s.status = '{OVERDUE}'), "
        f"count(*) FILTER (WHERE s.status = 'open_within' AND s.due <= ?) "
        f"FROM ({status_relation(store.settings, at, open_only=True)}) s "
        f"WHERE s.status IN ('{OVERDUE}', 'open_within') GROUP BY 1",
        [soon_limit(store, at, within)]).fetchall()
    out: dict[str, tuple[int, int]] = {}
    for code, overdue, soon in rows:
        for ancestor in units.ancestors(str(code)):
            o, s = out.get(ancestor, (0, 0))
            out[ancestor] = (o + int(overdue), s + int(soon))
    return out


@dataclass(frozen=True)
class LateUnit:
    """A unit's late dossiers at a moment (descendants included)."""

    code: str
    name: str
    kind: str
    overdue: int
    due_soon: int


def late_by_unit(units: Units, counts: dict[str, tuple[int, int]]) -> list[LateUnit]:
    """Every unit below the root with its counts (``late_counts``), by level (departments, then communes…), the
    most overdue first; units with none are listed too (a committee also asks who has none)."""
    from chiso.engine.units import LEVELS

    rows = [LateUnit(u.code, u.name, u.kind, *counts.get(u.code, (0, 0))) for u in units.by_code.values()
            if u.parent is not None]
    return sorted(rows, key=lambda r: (LEVELS.index(r.kind) if r.kind in LEVELS else len(LEVELS), -r.overdue,
                                       -r.due_soon, r.name))


@dataclass(frozen=True)
class DossierStatus:
    """One dossier at a moment: dates, due moment and status, and never anything about the applicant."""

    number: str
    procedure_code: str
    procedure_name: str
    unit: str
    received_at: datetime
    due: datetime | None
    status: str | None
    finished_at: datetime | None
    channel: str
    supplements: int


def dossier_status(store: Store, at: datetime, number: str) -> DossierStatus | None:
    row = store.con.execute(
        f"SELECT s.number, s.procedure_code, coalesce(p.name, s.procedure_code), s.{store.settings.unit_column}, "
        "s.received_at, s.due, s.status, s.finished_at, s.channel, s.supplement_count "
        f"FROM ({status_relation(store.settings, at)}) s LEFT JOIN procedures p ON p.code = s.procedure_code "
        "WHERE s.number = ?", [number]).fetchone()
    if row is None:
        return None
    return DossierStatus(str(row[0]), str(row[1]), str(row[2]), str(row[3]), row[4], row[5], row[6], row[7],
                         str(row[8]), int(row[9] or 0))


def explain_due(store: Store, number: str) -> Due:
    """Recompute one dossier's due moment step by step (days skipped and why), as the store computed it."""
    row = store.con.execute(
        "SELECT d.received_at, p.limit_value, p.limit_unit, p.cutoff FROM dossiers d JOIN procedures p "
        "ON p.code = d.procedure_code WHERE d.number = ?", [number]).fetchone()
    if row is None:
        raise InvalidValue("dossier", number, "a dossier number in the store")
    if row[1] is None or row[2] is None:
        return Due(row[0], ["Thủ tục không có thời hạn giải quyết / the procedure has no time limit"])
    stops = [Stop(s, e) for s, e in store.con.execute(
        "SELECT start_at, end_at FROM dossier_stops WHERE number = ? AND end_at IS NOT NULL ORDER BY start_at",
        [number]).fetchall()]
    return compute_due(row[0], TimeLimit(int(row[1]), LimitUnit(row[2])), store.calendar, store.due_rules,
                       row[3], stops)
