"""The working-day calendar: weekdays minus days off plus make-up working days, each with its source."""

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from chiso.domain.errors import InvalidValue


class DayKind(StrEnum):
    OFF = "off"  # a weekday that is not worked (holiday, official swap, local day)
    WORK = "work"  # a weekend day that is worked (make-up Saturday)


@dataclass(frozen=True)
class CalendarEntry:
    """One exception to the Monday-to-Friday rule, with the text that decided it."""

    day: date
    kind: DayKind
    name: str
    source: str


WEEKDAY_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


class WorkCalendar:
    """Working days of a span of years; later entries override earlier ones."""

    def __init__(self, first_year: int, last_year: int, entries: Iterable[CalendarEntry]) -> None:
        if first_year > last_year:
            raise InvalidValue("calendar years", (first_year, last_year), "first year <= last year")
        self.first = date(first_year, 1, 1)
        self.last = date(last_year, 12, 31)
        self.entries: dict[date, CalendarEntry] = {}
        for entry in entries:
            if self.first <= entry.day <= self.last:
                self.entries[entry.day] = entry
        self._workdays: list[date] = [d for d in self.days() if self._computed_is_workday(d)]
        self._ordinal_first = self.first.toordinal()

    def days(self) -> Iterator[date]:
        day = self.first
        while day <= self.last:
            yield day
            day += timedelta(days=1)

    def _computed_is_workday(self, day: date) -> bool:
        entry = self.entries.get(day)
        if entry is not None:
            return entry.kind is DayKind.WORK
        return day.weekday() < 5

    def check(self, day: date) -> None:
        if not self.first <= day <= self.last:
            raise InvalidValue(
                "date", day.isoformat(), f"a date the calendar covers ({self.first.year}-{self.last.year})"
            )

    def is_workday(self, day: date) -> bool:
        self.check(day)
        return self._computed_is_workday(day)

    def reason_off(self, day: date) -> str | None:
        """Why ``day`` is not a working day (None if it is one)."""
        if self.is_workday(day):
            return None
        entry = self.entries.get(day)
        if entry is not None:
            return entry.name
        return "Thứ Bảy" if day.weekday() == 5 else "Chủ nhật"

    def seq(self, day: date) -> int:
        """Number of working days from the calendar's first day up to and including ``day``."""
        self.check(day)
        return bisect.bisect_right(self._workdays, day)

    def workday(self, seq: int) -> date:
        """The working day whose ``seq`` is ``seq`` (1-based)."""
        if not 1 <= seq <= len(self._workdays):
            raise InvalidValue("working-day count", seq, f"a result within {self.first.year}-{self.last.year}")
        return self._workdays[seq - 1]

    def on_or_after(self, day: date) -> date:
        """The first working day on or after ``day``."""
        return self.workday(self.seq(day) + (0 if self.is_workday(day) else 1))

    def add_workdays(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (counting starts the next day); n = 0 gives on_or_after."""
        if n == 0:
            return self.on_or_after(day)
        return self.workday(self.seq(day) + n)

    def workdays_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (negative if end < start)."""
        return self.seq(end) - self.seq(start)

    def days_off(self, after: date, through: date) -> list[tuple[date, str]]:
        """Non-working days in (after, through], each with its reason."""
        out: list[tuple[date, str]] = []
        day = after + timedelta(days=1)
        while day <= through:
            reason = self.reason_off(day)
            if reason is not None:
                out.append((day, reason))
            day += timedelta(days=1)
        return out
