"""Task figures: each task's (or recurring occurrence's) status at a moment, and per unit and period the counts
provinces report ("giao 124 nhiệm vụ; đã hoàn thành 98 (đúng hạn 90, quá hạn 8); đang thực hiện 26 (trong hạn
20, quá hạn 6)") with the rate of tasks due in the period that were done on time.

Which tasks a period counts: every occurrence assigned by the period's end (its document's date, if known) and
not completed before the period began; a recurring task's occurrence once its month or quarter has begun. Their
status is taken at the period's end, or at ``now`` while the period runs. Tasks count for their lead unit and
each of its ancestors (the province counts every task); coordinating units are listed, not counted. Withdrawn and
continuous ("thường xuyên") tasks are not counted.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chiso.domain.errors import InvalidValue
from chiso.domain.formatting import vn_number
from chiso.domain.periods import Period
from chiso.domain.tasks import STATUSES, Deadline, Extension, deadline_at, occurrences, status_at
from chiso.engine.units import Units
from chiso.store.store import Store
from chiso.store.tasks import ReportRow, TaskRow, load

_STEP = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


@dataclass(frozen=True)
class Occurrence:
    """One deadline of a task: the task itself, or one month's or quarter's report of a recurring task."""

    task: TaskRow
    occurrence: date | None  # None: a one-off task
    original: date
    begins: date  # when it is on the table: the assigning day, or the first day of its month or quarter
    extensions: tuple[Extension, ...]
    done_on: date | None
    reports: tuple[ReportRow, ...]

    def status(self, at: date, extension_counts_on_time: bool) -> str:
        reported = any(r.reported_at.date() <= at for r in self.reports) or (
            self.occurrence is None and bool(self.task.progress))
        return status_at(self.original, self.extensions, self.done_on, reported, at, extension_counts_on_time)

    def deadline(self, at: date) -> date:
        return deadline_at(self.original, self.extensions, at)


def _done(reports: tuple[ReportRow, ...]) -> date | None:
    accepted = [r.reported_at.date() for r in reports if r.done and r.review == "accepted"]
    return min(accepted) if accepted else None


def occurrences_of(task: TaskRow) -> list[Occurrence]:
    """The deadlines a task is judged by (none for a withdrawn or continuous task)."""
    if task.withdrawn or task.recurrence == "continuous":
        return []
    assigned = task.document_date or date.min
    if task.recurrence is None:
        assert task.deadline is not None
        reports = tuple(r for r in task.reports if r.occurrence is None)
        extensions = tuple(Extension(e.new_deadline, e.approved_on) for e in task.extensions if e.occurrence is None)
        done = task.done_on or _done(reports)
        return [Occurrence(task, None, task.deadline, assigned, extensions, done, reports)]
    assert task.recurs_from is not None and task.recurs_to is not None
    step = _STEP[task.recurrence]
    out = []
    for due in occurrences(Deadline(recurrence=task.recurrence, due_day=task.due_day), task.recurs_from,
                           task.recurs_to):
        first_month = (due.month - 1) // step * step + 1
        begins = max(date(due.year, first_month, 1), task.recurs_from)
        reports = tuple(r for r in task.reports if r.occurrence == due)
        extensions = tuple(Extension(e.new_deadline, e.approved_on) for e in task.extensions if e.occurrence == due)
        out.append(Occurrence(task, due, due, begins, extensions, _done(reports), reports))
    return out


@dataclass(frozen=True)
class TaskState:
    occurrence: Occurrence
    status: str
    deadline: date  # the deadline in force at the moment


def task_states(task: TaskRow, at: date, extension_counts_on_time: bool,
                since: date | None = None) -> list[TaskState]:
    """A task's occurrences on the table at ``at`` and not completed before ``since``, with their status."""
    return [TaskState(occ, occ.status(at, extension_counts_on_time), occ.deadline(at)) for occ in occurrences_of(task)
            if occ.begins <= at and (since is None or occ.done_on is None or occ.done_on >= since)]


def states(store: Store, at: date, units: list[str] | None = None, since: date | None = None) -> list[TaskState]:
    """Each occurrence on the table at ``at`` (of the lead units ``units`` and their descendants, or all), not
    completed before ``since``, with its status at ``at``."""
    tree = Units(store) if units is not None else None
    inside = None if tree is None or units is None else {c for u in units for c in tree.below(u)}
    rule = store.settings.extension_counts_on_time
    out = [s for task in load(store) if inside is None or task.lead_unit in inside
           for s in task_states(task, at, rule, since)]
    return sorted(out, key=lambda s: (s.deadline, s.occurrence.task.code))


@dataclass(frozen=True)
class TaskCounts:
    """A unit's tasks in a period (descendants included)."""

    assigned: int  # assigned during the period (by their document's date)
    by_status: dict[str, int]
    due: int  # due within the period
    due_on_time: int  # of those, done on time

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def done(self) -> int:
        return self.by_status["done_on_time"] + self.by_status["done_late"]

    @property
    def open(self) -> int:
        return self.by_status["not_due"] + self.by_status["in_progress"] + self.by_status["overdue"]

    def measure(self, name: str) -> int:
        """One of ``TASK_MEASURES``: what a task indicator's numerator or denominator counts."""
        values = {"assigned": self.assigned, "tracked": self.total, "due": self.due, "due_on_time": self.due_on_time,
                  "done": self.done, "open": self.open, "within_time": self.by_status["not_due"]
                  + self.by_status["in_progress"], **self.by_status}
        return values[name]

    @property
    def on_time_rate(self) -> float | None:
        """Tasks due in the period done on time, in percent (TASK_ON_TIME)."""
        return 100.0 * self.due_on_time / self.due if self.due else None


def period_states(store: Store, period: Period, now: datetime | None = None) -> list[TaskState]:
    """The occurrences a period counts, with their status and deadline at its end (or at ``now`` while it runs)."""
    at = min(period.end, (now or datetime.now()).date())
    rule = store.settings.extension_counts_on_time
    return [TaskState(s.occurrence, s.occurrence.status(at, rule), s.occurrence.deadline(at))
            for s in states(store, period.end, since=period.start)]


def period_counts(store: Store, period: Period, now: datetime | None = None,
                  found: list[TaskState] | None = None) -> dict[str, TaskCounts]:
    """Per unit (every ancestor of a lead unit), the period's task counts (``period_states``, or ``found``)."""
    tree = Units(store)
    assigned: Counter[str] = Counter()
    by_status: dict[str, Counter[str]] = {}
    due: Counter[str] = Counter()
    due_on_time: Counter[str] = Counter()
    seen: set[str] = set()
    for state in period_states(store, period, now) if found is None else found:
        occ = state.occurrence
        lead = occ.task.lead_unit
        chain = tree.ancestors(lead) if lead in tree.by_code else [lead]
        first = occ.task.code not in seen
        seen.add(occ.task.code)
        for unit in chain:
            by_status.setdefault(unit, Counter())[state.status] += 1
            if first and occ.task.document_date is not None and period.start <= occ.task.document_date <= period.end:
                assigned[unit] += 1
            if period.start <= state.deadline <= period.end:
                due[unit] += 1
                due_on_time[unit] += state.status == "done_on_time"
    return {u: TaskCounts(assigned[u], {s: c.get(s, 0) for s in STATUSES}, due[u], due_on_time[u])
            for u, c in by_status.items()}


def due_soon(store: Store, at: date, units: list[str] | None = None, within: int | None = None) -> list[TaskState]:
    """Open occurrences overdue at ``at`` or due by the end of the ``within``-th working day from ``at``
    (setting ``tasks.due_soon_working_days``; calendar days outside the years the calendar covers)."""
    days = store.settings.tasks_due_soon_working_days if within is None else within
    try:
        limit = store.calendar.add_workdays(store.calendar.on_or_after(at), days)
    except InvalidValue:
        limit = at + timedelta(days=days)
    return [s for s in states(store, at, units) if s.status == "overdue"
            or (s.status in ("not_due", "in_progress") and s.deadline <= limit)]


def sentence_vi(counts: TaskCounts, who: str = "UBND tỉnh") -> str:
    """The sentence reports use: "… giao 124 nhiệm vụ; đã hoàn thành 98 nhiệm vụ (đúng hạn 90, quá hạn 8); …"."""
    s = counts.by_status
    if counts.assigned == counts.total:
        head = f"{who} giao {vn_number(counts.total)} nhiệm vụ"
    elif counts.assigned == 0:
        head = f"{who} theo dõi {vn_number(counts.total)} nhiệm vụ"
    else:
        head = (f"{who} theo dõi {vn_number(counts.total)} nhiệm vụ ({vn_number(counts.assigned)} nhiệm vụ giao "
                "trong kỳ)")
    text = (f"{head}: đã hoàn thành {vn_number(counts.done)} nhiệm vụ (đúng hạn {vn_number(s['done_on_time'])}, "
            f"quá hạn {vn_number(s['done_late'])}); đang thực hiện {vn_number(counts.open)} nhiệm vụ (trong hạn "
            f"{vn_number(s['not_due'] + s['in_progress'])}, quá hạn {vn_number(s['overdue'])})")
    rate = counts.on_time_rate
    if rate is not None:
        text += (f"; {vn_number(counts.due_on_time)}/{vn_number(counts.due)} nhiệm vụ đến hạn trong kỳ hoàn thành "
                 f"đúng hạn ({vn_number(rate, 1)}%)")
    return text + "."
