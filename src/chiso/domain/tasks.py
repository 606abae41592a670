"""Tasks (nhiệm vụ) that plans, directives, meeting conclusions and official letters assign to units: their
deadlines as registers write them, and their status at a moment, as provinces report it.

A task's status at a moment (``status_at``):

- **not_due** (chưa đến hạn): the deadline has not passed, it is not done, and no progress has been reported;
- **in_progress** (đang thực hiện trong hạn): the deadline has not passed, it is not done, progress reported;
- **overdue** (đang thực hiện quá hạn): the deadline has passed and it is not done;
- **done_on_time** (hoàn thành đúng hạn): done on or before its deadline;
- **done_late** (hoàn thành quá hạn): done after its deadline.

An approved extension (gia hạn) moves the deadline: a task is overdue only after the extended deadline. Whether
a task done after its original deadline but before the extended one counts as done on time is the province's
rule (setting ``tasks.extension_counts_on_time``). A withdrawn task is not counted. A recurring task (a monthly
or quarterly report) is one occurrence per month or quarter of its window, each with its own deadline and
status; a continuous task ("thường xuyên") has no deadline and is never due.
"""

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from chiso.domain.errors import InvalidValue
from chiso.domain.periods import parse_period
from chiso.domain.text import ascii_key

STATUSES = ("not_due", "in_progress", "overdue", "done_on_time", "done_late")
STATUS_VI = {"not_due": "chưa đến hạn", "in_progress": "đang thực hiện trong hạn",
             "overdue": "đang thực hiện quá hạn", "done_on_time": "hoàn thành đúng hạn",
             "done_late": "hoàn thành quá hạn", "continuous": "thường xuyên"}
RECURRENCES = ("monthly", "quarterly", "half_yearly", "yearly")
RECURRENCE_VI = {"monthly": "hằng tháng", "quarterly": "hằng quý", "half_yearly": "6 tháng một lần",
                 "yearly": "hằng năm", "continuous": "thường xuyên"}
# What a task indicator (kind task_ratio) counts, per unit and period (engine.tasks.TaskCounts.measure)
TASK_MEASURES = ("assigned", "tracked", "due", "due_on_time", "done", "done_on_time", "done_late", "open",
                 "within_time", "overdue")
MEASURE_VI = {"assigned": "nhiệm vụ giao trong kỳ", "tracked": "nhiệm vụ theo dõi trong kỳ",
              "due": "nhiệm vụ đến hạn trong kỳ", "due_on_time": "nhiệm vụ đến hạn trong kỳ, hoàn thành đúng hạn",
              "done": "nhiệm vụ đã hoàn thành", "done_on_time": "nhiệm vụ hoàn thành đúng hạn",
              "done_late": "nhiệm vụ hoàn thành quá hạn", "open": "nhiệm vụ đang thực hiện",
              "within_time": "nhiệm vụ đang thực hiện trong hạn", "overdue": "nhiệm vụ đang thực hiện quá hạn"}
_MONTHS_OF = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
EXPECTED = ("a deadline such as 30/6/2024, Quý II/2024, Tháng 7/2024, trong năm 2024, hằng tháng, hằng quý "
            "or thường xuyên")


@dataclass(frozen=True)
class Deadline:
    """A deadline as a register gives it: one day; or a recurrence (``RECURRENCES``) with the day of the month
    its occurrences fall on (None: the last day of each month, quarter, half or year) and the year it is given
    for (None: the year the task was assigned); or continuous (no deadline)."""

    day: date | None = None
    recurrence: str | None = None
    due_day: int | None = None
    year: int | None = None

    @property
    def continuous(self) -> bool:
        return self.recurrence == "continuous"


_DATE = re.compile(r"^(?:(?:truoc|den|cham nhat|han|trong|hoan thanh truoc) )*(?:ngay )?(\d{1,2})[/.-](\d{1,2})[/.-]"
                   r"(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PREFIX = re.compile(r"^(?:(?:trong|truoc|den|het|cuoi|cham nhat|hoan thanh trong|hoan thanh truoc) )+")
_RECURRING = {"thang": "monthly", "quy": "quarterly", "nam": "yearly", "6 thang": "half_yearly"}
_EVERY = re.compile(r"^(?:(?:truoc|vao) )?(?:ngay (\d{1,2}) )?(?:(?:bao cao|dinh ky) )*(?:hang|hằng|moi) "
                    r"(thang|quy|nam|6 thang)(?: (?:nam )?(\d{4}))?(?: \(?(?:truoc )?ngay (\d{1,2})\)?)?$")
_CONTINUOUS = ("thuong xuyen", "thuong xuyen, lien tuc", "lien tuc", "hang ngay", "thuong xuyen hang nam")


def parse_deadline(text: str) -> Deadline:
    """A register's "Thời hạn hoàn thành" as a ``Deadline``: a date (30/6/2024, trước ngày 30/6/2024), a period
    whose last day it is (Quý II/2024, Tháng 7/2024, 6 tháng đầu năm 2024, trong năm 2024), a recurrence
    (hằng tháng, định kỳ hằng quý, ngày 20 hằng tháng, hằng quý năm 2024) or continuous (thường xuyên)."""
    value = ascii_key(text).strip(" .;,")
    if not value:
        raise InvalidValue("deadline", text, EXPECTED)
    if value in _CONTINUOUS:
        return Deadline(recurrence="continuous")
    if m := _ISO.match(value):
        return Deadline(day=_day(int(m.group(1)), int(m.group(2)), int(m.group(3)), text))
    if m := _DATE.match(value):
        return Deadline(day=_day(int(m.group(3)), int(m.group(2)), int(m.group(1)), text))
    spoken = value.replace("dinh ky hang", "hang").replace("dinh ky ", "hang ").replace(" mot lan", "")
    every = _EVERY.match(spoken)
    if every:
        due_day = every.group(1) or every.group(4)
        if due_day is not None and not 1 <= int(due_day) <= 31:
            raise InvalidValue("deadline", text, EXPECTED)
        year = int(every.group(3)) if every.group(3) else None
        if year is not None:
            _day(year, 1, 1, text)
        return Deadline(recurrence=_RECURRING[every.group(2)], due_day=int(due_day) if due_day else None, year=year)
    try:
        period = parse_period(_PREFIX.sub("", value))
    except InvalidValue:
        raise InvalidValue("deadline", text, EXPECTED) from None
    return Deadline(day=period.end)


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        found = date(year, month, day)
    except ValueError:
        raise InvalidValue("deadline", text, EXPECTED) from None
    if not 1900 <= year <= 2100:
        raise InvalidValue("deadline", text, "a date within the years 1900-2100")
    return found


def occurrences(deadline: Deadline, start: date, end: date) -> list[date]:
    """The deadlines of a recurring task's occurrences from ``start`` to ``end`` (the window it runs in): one per
    month, quarter, half or year of the calendar, on its ``due_day`` (or its last day), within the window."""
    if deadline.recurrence not in _MONTHS_OF:
        return [] if deadline.day is None else [deadline.day]
    step = _MONTHS_OF[deadline.recurrence]
    out: list[date] = []
    year, first = start.year, (start.month - 1) // step * step + 1
    while date(year, first, 1) <= end:
        last_month = first + step - 1
        days = calendar.monthrange(year, last_month)[1]
        due = date(year, last_month, min(deadline.due_day or days, days))
        if start <= due <= end or (due > end >= date(year, first, 1) and due.year == end.year and step == 12):
            out.append(due)
        first += step
        if first > 12:
            year, first = year + 1, 1
    return out


@dataclass(frozen=True)
class Extension:
    """An approved extension: the new deadline and the day it was approved."""

    new_deadline: date
    approved_on: date


def deadline_at(original: date, extensions: Sequence[Extension], at: date) -> date:
    """The deadline in force at ``at``: the last extension approved by then, else the original."""
    approved = [e for e in extensions if e.approved_on <= at]
    return max(approved, key=lambda e: (e.approved_on, e.new_deadline)).new_deadline if approved else original


def status_at(original: date, extensions: Sequence[Extension], done_on: date | None, reported: bool, at: date,
              extension_counts_on_time: bool) -> str:
    """The status (``STATUSES``) at the end of day ``at`` of a task (or one occurrence) due on ``original``.

    ``done_on``: the day it was completed (None: not yet); ``reported``: progress was reported by ``at``. A done
    task is judged against the deadline in force when it was done, or against the original deadline if the
    province does not count extensions as on time (``extension_counts_on_time``)."""
    if done_on is not None and done_on <= at:
        judged = deadline_at(original, extensions, done_on) if extension_counts_on_time else original
        return "done_on_time" if done_on <= judged else "done_late"
    if at > deadline_at(original, extensions, at):
        return "overdue"
    return "in_progress" if reported else "not_due"


def parse_percent(text: str) -> int:
    """A progress percentage 0-100 ("60", "60%", "60 %")."""
    value = text.strip().rstrip("%").strip()
    if not value.isdigit() or not 0 <= int(value) <= 100:
        raise InvalidValue("percent", text, "a whole number from 0 to 100")
    return int(value)
