"""Due moments of dossiers (deadlines.md): the reference implementation, with an explanation.

The store computes the same rule for millions of dossiers at once in SQL (chiso.store.due_sql); tests
check that both agree.
"""

import calendar as _months
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from chiso.domain.calendar import WEEKDAY_VI, WorkCalendar
from chiso.domain.limits import LimitUnit, TimeLimit
from chiso.domain.office_hours import OfficeHours

END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class Stop:
    """A span during which the clock does not run: a supplement request (until the documents arrive)
    or a pause (tạm dừng)."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class DueRules:
    office: OfficeHours
    due_time: time | None = None  # None: end of the day

    @property
    def day_end(self) -> time:
        return self.due_time or END_OF_DAY


@dataclass
class Due:
    due_at: datetime
    notes: list[str] = field(default_factory=list)
    days_off: list[tuple[date, str]] = field(default_factory=list)


def fmt_day(day: date) -> str:
    return f"{WEEKDAY_VI[day.weekday()]} {day:%d/%m/%Y}"


def add_months(day: date, months: int) -> date:
    """Same day number ``months`` later, or the last day of that month (Bộ luật Dân sự Điều 148)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _months.monthrange(year, month)[1]))


def working_position(moment: datetime, cal: WorkCalendar, office: OfficeHours) -> float:
    """Office minutes elapsed since the calendar's start at ``moment``."""
    day = moment.date()
    before = cal.seq(day) - (1 if cal.is_workday(day) else 0)
    inside = office.elapsed(moment.time()) if cal.is_workday(day) else 0.0
    return before * office.minutes_per_day + inside


def moment_at_position(position: float, cal: WorkCalendar, office: OfficeHours) -> datetime:
    per_day = office.minutes_per_day
    whole = int(position // per_day)
    rest = position - whole * per_day
    if rest == 0:  # exactly at a day's close: that earlier day's closing time
        whole, rest = whole - 1, float(per_day)
    return datetime.combine(cal.workday(whole + 1), office.clock_at(rest))


def effective_receipt(received_at: datetime, cutoff: time | None, cal: WorkCalendar,
                      office: OfficeHours, notes: list[str]) -> datetime:
    """Apply a procedure's same-day cut-off: later receipts count from the next working day's opening."""
    if cutoff is None or received_at.time() <= cutoff:
        return received_at
    next_day = cal.add_workdays(received_at.date(), 1)
    notes.append(f"Tiếp nhận sau {cutoff:%H:%M}: tính như tiếp nhận {fmt_day(next_day)} {office.opening:%H:%M}")
    return datetime.combine(next_day, office.opening)


def compute_due(
    received_at: datetime,
    limit: TimeLimit,
    cal: WorkCalendar,
    rules: DueRules,
    cutoff: time | None = None,
    stops: Sequence[Stop] = (),
) -> Due:
    """The due moment of a dossier received at ``received_at`` with ``limit``."""
    notes = [f"Tiếp nhận {fmt_day(received_at.date())} {received_at:%H:%M}; thời hạn {limit}"]
    start = effective_receipt(received_at, cutoff, cal, rules.office, notes)
    unit, n = limit.unit, limit.value
    if unit is LimitUnit.HOURS:
        shift = sum((s.end - s.start for s in stops), timedelta())
        due_at = start + timedelta(hours=n) + shift
        notes.append(f"Tính liên tục {n} giờ từ thời điểm tiếp nhận")
    elif unit is LimitUnit.WORKING_HOURS:
        office = rules.office
        shift_min = sum(
            working_position(s.end, cal, office) - working_position(s.start, cal, office) for s in stops
        )
        position = working_position(start, cal, office) + n * 60 + shift_min
        due_at = moment_at_position(position, cal, office) if position > 0 else start
        notes.append(f"Chỉ tính trong giờ hành chính ({office.describe()})")
    elif unit is LimitUnit.WORKING_DAYS:
        shift_days = sum(cal.workdays_between(s.start.date(), s.end.date()) for s in stops)
        base = cal.add_workdays(start.date(), n)
        due_day = cal.workday(cal.seq(base) + shift_days)
        notes.append("Bắt đầu tính từ ngày làm việc tiếp theo" if n else "Trả trong ngày làm việc")
        due_at = datetime.combine(due_day, rules.day_end)
    else:
        shift_cal = sum((s.end.date() - s.start.date()).days for s in stops)
        if unit is LimitUnit.DAYS:
            raw = start.date() + timedelta(days=n + shift_cal)
        else:
            raw = add_months(start.date(), n) + timedelta(days=shift_cal)
        due_day = cal.on_or_after(raw)
        if due_day != raw:
            notes.append(f"Ngày cuối thời hạn {fmt_day(raw)} là ngày nghỉ: chuyển sang {fmt_day(due_day)}")
        due_at = datetime.combine(due_day, rules.day_end)
    for stop in stops:
        notes.append(f"Không tính thời gian dừng {stop.start:%d/%m/%Y %H:%M} – {stop.end:%d/%m/%Y %H:%M}")
    skipped = cal.days_off(start.date(), due_at.date()) if due_at.date() > start.date() else []
    end_text = "hết ngày" if unit.is_day_based and rules.due_time is None else f"{due_at:%H:%M}"
    notes.append(f"Hạn: {end_text} {fmt_day(due_at.date())}")
    return Due(due_at, notes, skipped)
