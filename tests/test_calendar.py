"""The working-day calendar and due dates: worked examples of deadlines.md and properties."""

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.domain.calendar import CalendarEntry, DayKind, WorkCalendar
from chiso.domain.due import DueRules, Stop, add_months, compute_due
from chiso.domain.errors import InvalidValue
from chiso.domain.limits import LimitUnit, TimeLimit
from chiso.domain.office_hours import OfficeHours
from tests.conftest import calendar

RULES = DueRules(OfficeHours.parse("07:30-11:30, 13:30-17:00"))


def due(received: str, limit: str, cutoff: time | None = None) -> datetime:
    return compute_due(datetime.fromisoformat(received), TimeLimit.parse(limit), calendar(), RULES, cutoff).due_at


def test_worked_example_tet_2025() -> None:
    result = compute_due(datetime(2025, 1, 24, 10), TimeLimit.parse("3 ngày làm việc"), calendar(), RULES)
    assert result.due_at == datetime(2025, 2, 5, 23, 59, 59)
    skipped = [d for d, _ in result.days_off]
    assert skipped == [date(2025, 1, 25) + timedelta(days=i) for i in range(9)]
    assert "Tết" in dict(result.days_off)[date(2025, 1, 29)]


def test_worked_example_make_up_saturday_2025() -> None:
    assert due("2025-04-25T09:00", "2 ngày làm việc") == datetime(2025, 4, 28, 23, 59, 59)


@pytest.mark.parametrize(("day", "workday"), [
    (date(2024, 4, 29), False), (date(2024, 5, 4), True), (date(2025, 5, 2), False), (date(2025, 4, 26), True),
    (date(2023, 9, 1), False), (date(2023, 9, 4), False), (date(2024, 2, 8), False), (date(2024, 2, 15), True),
    (date(2026, 2, 16), False), (date(2026, 8, 22), True), (date(2025, 9, 1), False), (date(2025, 9, 3), True),
])
def test_official_swaps(day: date, workday: bool) -> None:
    assert calendar().is_workday(day) is workday


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("3 ngày làm việc", 3, LimitUnit.WORKING_DAYS), ("3 ngay lam viec", 3, LimitUnit.WORKING_DAYS),
    ("3 working days", 3, LimitUnit.WORKING_DAYS), ("8 giờ làm việc", 8, LimitUnit.WORKING_HOURS),
    ("15 ngày", 15, LimitUnit.DAYS), ("1 tháng", 1, LimitUnit.MONTHS), ("24 giờ", 24, LimitUnit.HOURS),
    ("Không quá 02 (hai) ngày làm việc", 2, LimitUnit.WORKING_DAYS), ("2 months", 2, LimitUnit.MONTHS),
])
def test_parse_limits(text: str, value: int, unit: LimitUnit) -> None:
    assert TimeLimit.parse(text) == TimeLimit(value, unit)


@pytest.mark.parametrize("text", ["3 bananas", "ngày làm việc", "-1 ngày", "1,5 ngày"])
def test_bad_limits_name_the_value(text: str) -> None:
    with pytest.raises(InvalidValue, match="time limit"):
        TimeLimit.parse(text)


def test_calendar_days_end_on_next_working_day() -> None:
    # 15 days from Mon 15/01/2024 is Tue 30/01; 14 days from Wed 17/04/2024 is Wed 01/05 (holiday) -> Thu 02/05.
    assert due("2024-01-15T10:00", "15 ngày").date() == date(2024, 1, 30)
    assert due("2024-04-17T10:00", "14 ngày").date() == date(2024, 5, 2)


def test_months_clamp_to_month_end() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert due("2025-01-31T10:00", "1 tháng").date() == date(2025, 2, 28)


def test_cutoff_moves_late_receipts_to_next_working_day() -> None:
    assert due("2025-03-07T14:00", "0 ngày làm việc", time(15)).date() == date(2025, 3, 7)
    assert due("2025-03-07T16:00", "0 ngày làm việc", time(15)).date() == date(2025, 3, 10)


def test_working_hours_run_inside_office_hours_only() -> None:
    assert due("2025-03-07T16:00", "8 giờ làm việc") == datetime(2025, 3, 10, 16, 30)
    assert due("2025-03-07T18:00", "1 giờ làm việc") == datetime(2025, 3, 10, 8, 30)
    assert due("2025-03-10T11:00", "1 giờ làm việc") == datetime(2025, 3, 10, 14, 0)


def test_supplement_moves_due_by_citizen_time() -> None:
    base = due("2025-03-03T09:00", "3 ngày làm việc")
    stop = Stop(datetime(2025, 3, 4, 9), datetime(2025, 3, 6, 9))  # Tue -> Thu: 2 working days
    moved = compute_due(datetime(2025, 3, 3, 9), TimeLimit.parse("3 ngày làm việc"), calendar(), RULES,
                        stops=[stop]).due_at
    assert calendar().workdays_between(base.date(), moved.date()) == 2


def test_local_day_off_overrides() -> None:
    local = CalendarEntry(date(2025, 3, 10), DayKind.OFF, "Ngày lễ địa phương", "QĐ tỉnh")
    cal = WorkCalendar(2025, 2025, [*calendar().entries.values(), local])
    assert not cal.is_workday(date(2025, 3, 10))
    assert cal.reason_off(date(2025, 3, 10)) == "Ngày lễ địa phương"


def test_dates_outside_the_calendar_are_refused() -> None:
    with pytest.raises(InvalidValue, match="calendar covers"):
        calendar().is_workday(date(2040, 1, 1))


moments = st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2026, 10, 1)).map(
    lambda d: d.replace(second=0, microsecond=0))
limits = st.builds(TimeLimit, st.integers(0, 60), st.sampled_from(list(LimitUnit)))


@settings(max_examples=300, deadline=None)
@given(moments, moments, limits)
def test_due_is_monotonic_in_receipt(a: datetime, b: datetime, limit: TimeLimit) -> None:
    early, late = sorted((a, b))
    assert compute_due(early, limit, calendar(), RULES).due_at <= compute_due(late, limit, calendar(), RULES).due_at


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(0, 60), st.integers(0, 60), st.sampled_from(list(LimitUnit)))
def test_due_is_monotonic_in_limit(received: datetime, n: int, m: int, unit: LimitUnit) -> None:
    small, big = sorted((n, m))
    assert (compute_due(received, TimeLimit(small, unit), calendar(), RULES).due_at
            <= compute_due(received, TimeLimit(big, unit), calendar(), RULES).due_at)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 6, 1)), st.integers(0, 80), st.integers(0, 80))
def test_adding_working_days_composes(day: date, n: int, m: int) -> None:
    cal = calendar()
    once = cal.add_workdays(day, n + m)
    if n == 0 or m == 0:
        assert once == cal.add_workdays(cal.add_workdays(day, n), m) or not cal.is_workday(day)
    else:
        assert once == cal.add_workdays(cal.add_workdays(day, n), m)


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(0, 60), st.sampled_from([LimitUnit.WORKING_DAYS, LimitUnit.DAYS, LimitUnit.MONTHS,
                                                      LimitUnit.WORKING_HOURS]))
def test_due_never_falls_on_a_day_off(received: datetime, n: int, unit: LimitUnit) -> None:
    result = compute_due(received, TimeLimit(n, unit), calendar(), RULES)
    assert calendar().is_workday(result.due_at.date())
