"""Plan and campaign status: every target's actual value, attainment, band, forecast and gap at a date."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from chiso.domain.catalogue import Indicator
from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.forecast import Forecast, Outlook, forecast_level, forecast_rate
from chiso.domain.formatting import vn_number
from chiso.domain.periods import Period
from chiso.domain.targets import Assessed, BandRules, TargetBand, assess, band_counts, summary_sentence
from chiso.engine.compute import Tally, as_of, run
from chiso.engine.units import Units
from chiso.store.store import Store

CHECKPOINTS = 6  # points of the trend a forecast is fitted on


@dataclass(frozen=True)
class Target:
    plan: str
    code: str
    name: str
    unit: str
    indicator: str | None
    value: float
    direction: str
    deadline: date
    baseline: float | None
    milestone: str | None


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    document: str | None
    start: date
    end: date


@dataclass(frozen=True)
class TargetStatus:
    target: Target
    unit_name: str
    source: str  # computed | reported | no_data
    actual: float | None
    numerator: int | None
    denominator: int | None
    assessed: Assessed
    final: bool  # the deadline has passed
    forecast: Forecast | None
    items_needed: int | None
    gap: str

    @property
    def band(self) -> TargetBand | None:
        return self.assessed.band


@dataclass(frozen=True)
class PlanStatus:
    plan: Plan
    at: date
    rows: list[TargetStatus]

    @property
    def counts(self) -> dict[str, int]:
        return band_counts(r.assessed for r in self.rows)

    @property
    def sentence(self) -> str:
        return summary_sentence(self.counts)


def load_plan(store: Store, code: str) -> tuple[Plan, list[Target]]:
    row = store.con.execute("SELECT code, name, document, start_date, end_date FROM plans WHERE code = ?",
                            [code]).fetchone()
    if row is None:
        known = [str(r[0]) for r in store.con.execute("SELECT code FROM plans ORDER BY code").fetchall()]
        raise InvalidValue("plan", code, "one of " + (", ".join(known) or "(none: run `chiso plan import`)"))
    plan = Plan(str(row[0]), str(row[1]), row[2], row[3], row[4])
    targets = [Target(*r) for r in store.con.execute(
        "SELECT plan, target_code, name, unit_code, indicator, target_value, direction, deadline, baseline, "
        "milestone FROM targets WHERE plan = ? ORDER BY target_code, unit_code, milestone", [code]).fetchall()]
    return plan, targets


def _checkpoints(start: date, end: date) -> list[date]:
    """Up to CHECKPOINTS evenly spaced days from a week after ``start`` to ``end`` (the last one is ``end``)."""
    first = min(start + timedelta(days=6), end)
    span = (end - first).days
    if span <= 0:
        return [end]
    steps = min(CHECKPOINTS - 1, span)
    return sorted({first + timedelta(days=round(span * k / steps)) for k in range(steps + 1)})


def _reported(store: Store, plan: str, at: date) -> dict[tuple[str, str], list[tuple[date, float]]]:
    out: dict[tuple[str, str], list[tuple[date, float]]] = {}
    for code, unit, day, value in store.con.execute(
            "SELECT target_code, unit_code, as_of, value FROM target_values WHERE plan = ? AND as_of <= ? "
            "ORDER BY as_of, id", [plan, at]).fetchall():
        out.setdefault((str(code), str(unit)), []).append((day, float(value)))
    return out


def plan_status(store: Store, code: str, at: date | None = None, unit: str | None = None,
                rules: BandRules | None = None) -> PlanStatus:
    """Status of every target of plan ``code`` at the end of day ``at`` (default: the latest data)."""
    rules = rules or store.settings.target_bands
    plan, targets = load_plan(store, code)
    moment = as_of(store)
    day = at or (moment.date() if moment else date.today())
    units = Units(store)
    if unit is not None:
        keep = units.get(unit).code
        targets = [t for t in targets if t.unit == keep]
    catalogue = store.catalogue()
    indicators = {t.indicator: catalogue.indicator(t.indicator, t.deadline) for t in targets if t.indicator}
    periods: list[Period] = []
    slots: dict[tuple[date, date], int] = {}

    def slot(start: date, end: date) -> int:
        if (start, end) not in slots:
            slots[(start, end)] = len(periods)
            periods.append(Period(f"{start:%Y-%m-%d}..{end:%Y-%m-%d}", start, end))
        return slots[(start, end)]

    plans_for: dict[int, list[int]] = {}
    for i, t in enumerate(targets):
        if t.indicator:
            end = min(day, t.deadline)
            if end >= plan.start:
                plans_for[i] = [slot(plan.start, c) for c in _checkpoints(plan.start, end)]
    status_at = datetime.combine(day, time(23, 59, 59))
    tallies = run(store, list(dict.fromkeys(indicators.values())), periods,
                  min(status_at, moment) if moment else status_at) if periods else {}
    reported = _reported(store, plan.code, day)
    rows = []
    for i, t in enumerate(targets):
        name = units.get(t.unit).name if t.unit in units.by_code else t.unit
        if t.indicator:
            series = [tallies.get((t.unit, pid, None), {}).get(t.indicator) for pid in plans_for.get(i, [])]
            rows.append(_computed(store, t, indicators[t.indicator], series, periods, plans_for.get(i, []),
                                  day, name, rules))
        else:
            rows.append(_reported_status(store, t, reported.get((t.code, t.unit), []), day, name, rules))
    return PlanStatus(plan, day, rows)


def _computed(store: Store, t: Target, ind: Indicator, series: Sequence[Tally | None], periods: Sequence[Period],
              pids: Sequence[int], day: date, unit_name: str, rules: BandRules | None) -> TargetStatus:
    final = day >= t.deadline
    acceleration = store.settings.acceleration
    last = series[-1] if series else None
    actual = last.value if last is not None else None
    assessed = assess(t.code, t.name, actual, t.value, t.direction, t.baseline, rules)
    forecast: Forecast | None = None
    needed: int | None = None
    points = [(periods[p].end, s) for p, s in zip(pids, series, strict=True) if s is not None and s.denominator]
    if not final and points:
        seq = store.calendar.seq
        days = [float(seq(d)) for d, _ in points]
        goal_day = float(seq(t.deadline))
        if ind.is_ratio and t.direction == "higher":
            rate = forecast_rate(days, [float(s.numerator) for _, s in points],
                                 [float(s.denominator) for _, s in points], goal_day, t.value, acceleration)
            forecast, needed = rate.rate, rate.items_needed
        elif ind.kind == "average":
            # A cumulative average has no meaningful straight-line trend: it is forecast to stay where it is.
            now = points[-1][1].value or 0.0
            forecast = forecast_level([days[-1]], [now], goal_day, t.value, t.direction == "higher", acceleration)
        else:
            values = [s.value for _, s in points]
            forecast = forecast_level(days, [v or 0.0 for v in values], goal_day, t.value, t.direction == "higher",
                                      acceleration)
    source = "computed" if last is not None and last.denominator else "no_data"
    if source == "no_data":
        assessed = assess(t.code, t.name, None, t.value, t.direction, t.baseline, rules)
    return TargetStatus(t, unit_name, source, actual if source == "computed" else None,
                        last.numerator if last else None, last.denominator if last else None, assessed, final,
                        forecast, needed, _gap(t, ind.unit if ind else "", actual, forecast, needed, final))


def _reported_status(store: Store, t: Target, history: list[tuple[date, float]], day: date, unit_name: str,
                     rules: BandRules | None) -> TargetStatus:
    final = day >= t.deadline
    actual = history[-1][1] if history else None
    assessed = assess(t.code, t.name, actual, t.value, t.direction, t.baseline, rules)
    forecast = None
    if not final and len(history) >= 2:
        seq = store.calendar.seq
        forecast = forecast_level([float(seq(d)) for d, _ in history], [v for _, v in history],
                                  float(seq(t.deadline)), t.value, t.direction == "higher",
                                  store.settings.acceleration)
    source = "reported" if history else "no_data"
    return TargetStatus(t, unit_name, source, actual, None, None, assessed, final, forecast, None,
                        _gap(t, "", actual, forecast, None, final))


def _gap(t: Target, unit: str, actual: float | None, forecast: Forecast | None, needed: int | None,
         final: bool) -> str:
    if actual is None:
        return "chưa có số liệu / no data yet"
    higher = t.direction == "higher"
    short = (t.value - actual) if higher else (actual - t.value)
    digits = 0 if abs(t.value) >= 100 and float(t.value).is_integer() and unit != "%" else 1
    points = " điểm phần trăm" if unit == "%" else ""
    by = f"{t.deadline:%d/%m/%Y}"
    if final:
        if short <= 0:
            return "đã đạt / reached"
        return f"thiếu {vn_number(short, digits)}{points} so với chỉ tiêu (hạn {by})"
    if forecast is None:
        return "" if short <= 0 else f"còn thiếu {vn_number(short, digits)}{points}"
    if forecast.outlook is Outlook.ON_TRACK:
        return f"dự báo đạt {vn_number(forecast.projected, digits)} vào {by}"
    if needed:
        return f"cần thêm {vn_number(needed)} hồ sơ trước {by}"
    return f"dự báo thiếu {vn_number(forecast.gap, digits)}{points} vào {by}"


MILESTONE_VI = {"reached": "đã đạt", "missed": "không đạt", "at_risk": "có nguy cơ không đạt",
                "on_track": "đúng tiến độ", "no_data": "chưa có số liệu"}


def milestone_state(row: TargetStatus) -> str:
    if row.actual is None:
        return "no_data"
    if row.final:
        return "reached" if row.band in (TargetBand.MET, TargetBand.EXCEEDED) else "missed"
    if row.band in (TargetBand.MET, TargetBand.EXCEEDED) and (row.forecast is None or
                                                             row.forecast.outlook is Outlook.ON_TRACK):
        return "on_track"
    return "on_track" if row.forecast is not None and row.forecast.outlook is Outlook.ON_TRACK else "at_risk"


def campaign_rows(status: PlanStatus) -> list[TargetStatus]:
    rows = [r for r in status.rows if r.target.milestone]
    if not rows:
        raise ChisoError(f"plan {status.plan.code} has no milestones (column 'milestone'); use `chiso plan status`")
    return rows


MILESTONE_STATES = ("missed", "at_risk", "no_data", "on_track", "reached")  # the worst first


@dataclass(frozen=True)
class UnitMilestones:
    """A unit's milestones in a campaign: how many are in each state, and the rows behind them."""

    unit: str
    unit_name: str
    counts: dict[str, int]
    rows: tuple[TargetStatus, ...]

    @property
    def worst(self) -> str:
        return next(s for s in MILESTONE_STATES if self.counts.get(s))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def campaign_by_unit(rows: Sequence[TargetStatus], target: str | None = None) -> list[UnitMilestones]:
    """Milestone rows rolled up per unit (optionally one target code), the units in the worst state first."""
    grouped: dict[str, list[TargetStatus]] = {}
    for row in rows:
        if row.target.milestone and (target is None or row.target.code == target):
            grouped.setdefault(row.target.unit, []).append(row)
    out = []
    for unit, items in grouped.items():
        states = [milestone_state(r) for r in items]
        out.append(UnitMilestones(unit, items[0].unit_name, {s: states.count(s) for s in MILESTONE_STATES},
                                  tuple(items)))
    return sorted(out, key=lambda u: (MILESTONE_STATES.index(u.worst), -u.counts["missed"], -u.counts["at_risk"],
                                      u.unit_name))


@dataclass(frozen=True)
class Entry:
    """A reported target a unit enters values for, with the last value entered."""

    plan: str
    plan_name: str
    code: str
    name: str
    unit: str
    unit_name: str
    value: float
    direction: str
    deadline: date
    last_value: float | None
    last_day: date | None


def entries_for(store: Store, units: Sequence[str] | None) -> list[Entry]:
    """The reported targets (no indicator: values are entered) of ``units`` (None: every unit), the latest
    deadline first, with the last value entered for each."""
    rows = store.con.execute(
        "SELECT t.plan, p.name, t.target_code, t.name, t.unit_code, u.name, t.target_value, t.direction, "
        "max(t.deadline), (SELECT v.value FROM target_values v WHERE v.plan = t.plan AND v.target_code = "
        "t.target_code AND v.unit_code = t.unit_code ORDER BY v.as_of DESC, v.id DESC LIMIT 1), "
        "(SELECT max(v.as_of) FROM target_values v WHERE v.plan = t.plan AND v.target_code = t.target_code AND "
        "v.unit_code = t.unit_code) "
        "FROM targets t JOIN plans p ON p.code = t.plan JOIN units u ON u.code = t.unit_code "
        "WHERE t.indicator IS NULL GROUP BY ALL ORDER BY max(t.deadline) DESC, t.plan, t.target_code, t.unit_code"
    ).fetchall()
    wanted = None if units is None else set(units)
    return [Entry(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), float(r[6]), str(r[7]), r[8],
                  None if r[9] is None else float(r[9]), r[10]) for r in rows if wanted is None or str(r[4]) in wanted]


def computed_target_count(store: Store, units: Sequence[str]) -> int:
    """How many targets of ``units`` are computed from dossiers (nothing to enter for them)."""
    if not units:
        return 0
    row = store.con.execute(
        f"SELECT count(DISTINCT (plan, target_code, unit_code)) FROM targets WHERE indicator IS NOT NULL AND "
        f"unit_code IN ({', '.join('?' for _ in units)})", list(units)).fetchone()
    return int(row[0]) if row else 0
