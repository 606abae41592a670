"""Office hours: the intervals of a working day during which working-hour limits run."""

from dataclasses import dataclass
from datetime import time

from chiso.domain.errors import InvalidValue


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def parse_clock(text: str) -> time:
    """Parse 'HH:MM' (or 'HHhMM', 'HH:MM:SS')."""
    cleaned = text.strip().lower().replace("h", ":")
    parts = cleaned.split(":")
    try:
        hour = int(parts[0])
        minute = int(parts[1]) if len(parts) > 1 and parts[1] else 0
        return time(hour, minute)
    except (ValueError, IndexError):
        raise InvalidValue("time of day", text, "HH:MM, e.g. 15:00") from None


@dataclass(frozen=True)
class OfficeHours:
    """Ordered, non-overlapping intervals, e.g. 07:30–11:30 and 13:30–17:00."""

    intervals: tuple[tuple[time, time], ...]

    def __post_init__(self) -> None:
        if not self.intervals:
            raise InvalidValue("office hours", self.intervals, "at least one interval")
        previous = -1
        for start, end in self.intervals:
            if not previous <= _minutes(start) < _minutes(end):
                raise InvalidValue("office hours", self.describe(), "ordered intervals like 07:30-11:30")
            previous = _minutes(end)

    @classmethod
    def parse(cls, text: str) -> "OfficeHours":
        """Parse '07:30-11:30, 13:30-17:00'."""
        intervals: list[tuple[time, time]] = []
        for part in text.split(","):
            if "-" not in part:
                raise InvalidValue("office hours", text, "intervals like '07:30-11:30, 13:30-17:00'")
            start, end = part.split("-", 1)
            intervals.append((parse_clock(start), parse_clock(end)))
        return cls(tuple(intervals))

    def describe(self) -> str:
        return ", ".join(f"{s:%H:%M}-{e:%H:%M}" for s, e in self.intervals)

    @property
    def opening(self) -> time:
        return self.intervals[0][0]

    @property
    def minutes_per_day(self) -> int:
        return sum(_minutes(e) - _minutes(s) for s, e in self.intervals)

    def elapsed(self, moment: time) -> float:
        """Office minutes of a working day that have passed at ``moment``."""
        at = moment.hour * 60 + moment.minute + moment.second / 60
        return sum(min(max(at - _minutes(s), 0), _minutes(e) - _minutes(s)) for s, e in self.intervals)

    def clock_at(self, minutes: float) -> time:
        """The time of day at which ``minutes`` office minutes (0 < minutes <= per day) have passed."""
        remaining = minutes
        for start, end in self.intervals:
            length = _minutes(end) - _minutes(start)
            if remaining <= length:
                total_seconds = round((_minutes(start) + remaining) * 60)
                return time(total_seconds // 3600, total_seconds // 60 % 60, total_seconds % 60)
            remaining -= length
        return self.intervals[-1][1]
