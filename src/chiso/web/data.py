"""The figures pages show, computed by the engine once per period and kept until the data change."""

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial

from chiso.domain.periods import Period, month, parse_period
from chiso.domain.roles import Account
from chiso.engine.accountability import UnitCard, cards
from chiso.engine.compute import Tally, as_of, run
from chiso.engine.index import IndexRun, Ranked, compute_index, ranking
from chiso.engine.late import LateUnit, late_by_unit, late_counts
from chiso.engine.plans import PlanStatus, plan_status
from chiso.engine.rankings import Place, places
from chiso.engine.reconcile import Line, beside, portal_due_store, portal_total, published
from chiso.engine.tasks import TaskCounts, TaskState, due_soon, period_counts, period_states
from chiso.web.core import Web


def index_run(web: Web, period: Period) -> IndexRun:
    """The index of every unit for the period, the previous one and the same one last year."""
    return web.memo.get(("index", period), lambda: compute_index(
        web.store(), [period, period.previous(), period.same_last_year()]), until=period.end_before)


def months_run(web: Web, period: Period) -> tuple[list[Period], IndexRun]:
    """The index of every unit for each month of the period's year up to its end.

    Each month is computed once and kept on its own, dated by its end, so that a change reaching only the last
    months (an import of recent dossiers) recomputes those months alone; the year's run is put together from
    them (month ``m`` has pid ``m - 1``) and shared by every period ending in that year.
    """
    year = period.end.year
    months = [month(year, m) for m in range(1, 13)]

    def merged() -> IndexRun:
        missing = [m for m in months if not web.memo.holds(("month", m))]
        together = compute_index(web.store(), missing) if len(missing) > 1 else None  # one engine run, not many

        def month_of(m: Period) -> IndexRun:
            if together is not None and m in missing:
                return _one(together, missing.index(m))
            return compute_index(web.store(), [m])

        runs = [web.memo.get(("month", m), partial(month_of, m), until=m.end_before) for m in months]
        return IndexRun(tuple(r.definitions[0] for r in runs), tuple(months), runs[-1].moment,
                        {(unit, pid): score for pid, r in enumerate(runs) for (unit, _), score in r.scores.items()},
                        {(unit, pid): t for pid, r in enumerate(runs) for (unit, _), t in r.tallies.items()},
                        runs[-1].units)

    run = web.memo.get(("months", year), merged, until=months[-1].end_before)
    return months[:period.end.month], run


def _one(run: IndexRun, pid: int) -> IndexRun:
    """Period ``pid`` of ``run`` as a run of its own."""
    return IndexRun((run.definitions[pid],), (run.periods[pid],), run.moment,
                    {(unit, 0): score for (unit, p), score in run.scores.items() if p == pid},
                    {(unit, 0): t for (unit, p), t in run.tallies.items() if p == pid}, run.units)


def ranked(web: Web, period: Period, codes: list[str]) -> list[Ranked]:
    run = index_run(web, period)
    return web.memo.get(("ranked", period, tuple(codes)), lambda: ranking(run, codes, web.store()),
                        until=period.end_before)


def level_ranking(web: Web, period: Period, kind: str) -> list[Ranked]:
    return ranked(web, period, [u.code for u in web.units().of_level(kind)])


def peers_rank(web: Web, period: Period, code: str) -> tuple[Ranked, int]:
    peers = [u.code for u in web.units().siblings(code)]
    rows = ranked(web, period, peers)
    return next(r for r in rows if r.code == code), len(peers)


@dataclass(frozen=True)
class Portal:
    """The portal's published figures of a unit beside chiso's (`chiso import published`)."""

    total: Decimal | None
    lines: list[Line]


def portal(web: Web, period: Period, code: str) -> Portal | None:
    """The unit's published figures beside the period's index already computed for the pages."""
    def load() -> Portal | None:
        figures = published(web.store(), period, code)
        if not figures:
            return None
        by_due = web.memo.get(("index_portal_due", period),
                              lambda: compute_index(portal_due_store(web.store()), [period]), until=period.end_before)
        lines = beside(figures, index_run(web, period), by_due)
        return Portal(portal_total(web.store(), period, lines), lines)
    return web.memo.get(("portal", period, code), load, until=period.end_before)


def late(web: Web, within: int = 3) -> dict[str, tuple[int, int]]:
    """(overdue, due within ``within`` working days) per unit at the latest data: the one count of late
    dossiers that the overview, the unit page, the late monitor and its per-unit summary all show."""
    at = web.latest()
    return web.memo.get(("late_counts", within), lambda: late_counts(web.store(), at, within) if at else {})


def late_units(web: Web, account: Account, within: int = 3) -> dict[str, list[LateUnit]]:
    """Per level (department, commune, …), the units the account may read with their late counts, the most
    overdue first."""
    units = web.units()
    out: dict[str, list[LateUnit]] = {}
    for row in late_by_unit(units, late(web, within)):
        if account.may_read(units.ancestors(row.code)):
            out.setdefault(row.kind, []).append(row)
    return out


@dataclass(frozen=True)
class PlanRow:
    code: str
    name: str
    document: str | None
    start: date
    end: date
    campaign: bool


def plans(web: Web) -> list[PlanRow]:
    def load() -> list[PlanRow]:
        rows = web.store().con.execute(
            "SELECT p.code, p.name, p.document, p.start_date, p.end_date, bool_or(t.milestone IS NOT NULL) "
            "FROM plans p LEFT JOIN targets t ON t.plan = p.code GROUP BY ALL ORDER BY p.start_date, p.code").fetchall()
        return [PlanRow(str(r[0]), str(r[1]), r[2], r[3], r[4], bool(r[5])) for r in rows]
    return web.memo.get(("plans",), load)


def plan(web: Web, code: str, at: date, unit: str | None = None) -> PlanStatus:
    """The plan's status at ``at``; for one unit, its targets' rows of the whole plan's status (computed once)."""
    whole = web.memo.get(("plan", code, at, None), lambda: plan_status(web.store(), code, at),
                         until=datetime.combine(at + timedelta(days=1), time()))
    if unit is None:
        return whole
    keep = web.units().get(unit).code
    return PlanStatus(whole.plan, whole.at, [r for r in whole.rows if r.target.unit == keep])


def plan_day(row: PlanRow, period: Period, latest: datetime | None) -> date:
    """The day a plan is shown at: the period's end, within the plan and the data."""
    day = min(period.end, row.end)
    if latest is not None:
        day = min(day, latest.date())
    return max(day, row.start)


def plans_in(web: Web, period: Period) -> list[tuple[PlanRow, date]]:
    """The plans running during the period, each with the day it is shown at."""
    latest = web.latest()
    return [(row, plan_day(row, period, latest)) for row in plans(web)
            if row.start <= period.end and row.end >= period.start]


def task_states(web: Web, period: Period) -> list[TaskState]:
    """The tasks a period counts, with their status at its end (or today while it runs)."""
    return web.memo.get(("tasks", period, date.today()), lambda: period_states(web.store(), period))


def task_counts(web: Web, period: Period) -> dict[str, TaskCounts]:
    """Per unit, the period's task counts (the overview's and a unit page's card)."""
    found = task_states(web, period)
    return web.memo.get(("task_counts", period, date.today()), lambda: period_counts(web.store(), period, found=found))


def tasks_due(web: Web, unit: str | None) -> list[TaskState]:
    """Tasks overdue or due within ``tasks.due_soon_working_days`` days at the day of the latest data (as the late
    monitor's dossiers), of ``unit`` and the units below it (or all)."""
    latest = web.latest()
    day = latest.date() if latest else date.today()
    return web.memo.get(("tasks_due", unit, day), lambda: due_soon(web.store(), day, [unit] if unit else None))


def national_places(web: Web) -> list[Place]:
    """The province in every national table imported, oldest first (the rankings page)."""
    return web.memo.get(("national_places",), lambda: places(web.store()))


def apology_rate(web: Web, unit: str | None) -> tuple[Period, Tally | None]:
    """The share of late dossiers with an apology letter (APOLOGY_SENT) in the quarter of the latest data."""
    period = web.parse_period(web.default_period())
    ind = web.store().catalogue().indicator("APOLOGY_SENT", period.end)
    counted = web.memo.get(("indicator_alone", ind, period), lambda: run(web.store(), [ind], [period],
                                                                          as_of(web.store())), until=period.end_before)
    return period, counted.get((unit or web.units().root().code, 0, None), {}).get(ind.id)


def unit_cards(web: Web, period: Period, level: str) -> list[UnitCard]:
    """Each unit's scorecard for its head (the accountability page), from the period's index run the pages keep."""
    return web.memo.get(("accountability", period, level),
                        lambda: cards(web.store(), period, level, index=index_run(web, period)))


def standard_periods(year: int, today: date) -> list[Period]:
    """The periods people pick for a year: months, quarters, halves, nine months, the year."""
    labels = ([f"{year}-{m:02d}" for m in range(1, 13)] + [f"{year}-Q{q}" for q in range(1, 5)]
              + [f"{year}-H1", f"{year}-H2", f"{year}-9M", f"{year}"])
    return [parse_period(label, today) for label in labels]


def warm(web: Web) -> None:
    """Compute what the overview of the default period shows, so the first visitor does not wait; then the
    index of every standard period of the years with data (each with the periods it is compared with): saved
    in the store's tally cache for every worker, and kept in this process's memo with the rankings of each
    level, so that any page for any unit and period is read rather than computed."""
    period = web.parse_period(web.default_period())
    index_run(web, period)
    months_run(web, period)
    for kind in RANKED:
        level_ranking(web, period, kind)
    late(web)
    apology_rate(web, None)  # the late monitor's: compiled once here rather than by its first visitor
    unit_cards(web, period, RANKED[0])  # also compiles the scorecard's own indicators once
    latest = web.latest()
    if latest is None:
        return
    stamp = web.store(live=True).data_stamp()

    def still() -> bool:  # the data changed meanwhile: the next warm-up starts over
        return web.store(live=True).data_stamp() == stamp

    for asked in reversed(list(web.asked)):  # the periods people were looking at, the latest first
        if not still():
            return
        index_run(web, asked)
    standard = {year: standard_periods(year, latest.date()) for year in (latest.year, latest.year - 1)}
    chunks = []
    for periods in standard.values():
        # a period whose index run is kept (a change that left it as it was) has its tallies saved: only the
        # others are computed, so that after an import of recent dossiers the warm-up redoes only those
        wanted = [p for p in periods if not web.memo.holds(("index", p))]
        every = list(dict.fromkeys([*wanted, *(p.previous() for p in wanted), *(p.same_last_year() for p in wanted)]))
        chunks += [every[start:start + WARM_CHUNK] for start in range(0, len(every), WARM_CHUNK)]
    # Server workers start at different chunks (by process id), so that on a shared store they split the work
    # and each then reads what the others saved, rather than all computing the same periods at once.
    offset = os.getpid() % max(len(chunks), 1)
    for chunk in chunks[offset:] + chunks[:offset]:
        if not still():
            return
        compute_index(web.store(), chunk)
    for year, periods in standard.items():  # now from the saved tallies: index runs, rankings, monthly series
        for chosen in periods:
            if not still():
                return
            index_run(web, chosen)
            for kind in RANKED:
                level_ranking(web, chosen, kind)
        months_run(web, month(year, 12))
    for periods in standard.values():  # last, the slowest: each plan's status at each day a period shows it at
        for chosen in periods:
            for row, day in plans_in(web, chosen):
                if not still():
                    return
                plan(web, row.code, day)


RANKED = ("department", "commune")  # the levels the overview ranks
WARM_CHUNK = 8  # periods per engine run: bounded memory on a large store
