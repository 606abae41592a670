"""Everything a review report states, gathered from the engine once, with the trace of every figure."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from chiso.domain.catalogue import Indicator
from chiso.domain.errors import ChisoError
from chiso.domain.index_definition import IndexDefinition
from chiso.domain.index_scoring import MetricScore
from chiso.domain.periods import Period, label_vi, month
from chiso.engine.accountability import UnitCard, cards
from chiso.engine.achievements import Results, results
from chiso.engine.compute import Tally, as_of, run
from chiso.engine.index import DEFAULT_INDEX, IndexRun, Ranked, compute_index, indicators_of, ranking
from chiso.engine.plans import PlanStatus, TargetStatus, load_plan, plan_status
from chiso.engine.rankings import Place, latest_places
from chiso.engine.tasks import TaskCounts, TaskState, period_counts, period_states
from chiso.engine.units import Unit
from chiso.store.store import Store

RATES = ("ON_TIME", "ONLINE_RATE", "DIGITISATION_RATE", "PAYMENT_DOSSIER_ONLINE", "ELECTRONIC_RESULT_RATE")
COUNTS = ("OVERDUE_OPEN", "LATE_FINISHED")
DE_AN_06 = ("CITIZEN_DATA_CONNECTED_DOSSIER", "REUSED_DIGITIZED_DATA", "SYNCED_WITH_DVCQG_PERSONAL_STORAGE")


@dataclass(frozen=True)
class Trace:
    """Where one figure of the report comes from."""

    ref: str
    label: str
    value: str
    period: str
    definition: str
    version: str
    origin: str
    filters: str
    numerator: int | None = None
    denominator: int | None = None
    source: str = "computed"


@dataclass(frozen=True)
class UnitLoad:
    """Dossiers of one unit: handled in the period, finished late, still open past due at its end."""

    unit: Unit
    handled: int
    late: int
    overdue: int


@dataclass
class Review:
    subject: Unit
    province: Unit
    period: Period
    previous: Period
    last_year: Period
    moment: datetime | None
    made: date
    definition: IndexDefinition
    index: IndexRun
    headline: Ranked
    peers: int
    departments: list[Ranked]
    communes: list[Ranked]
    trend: list[tuple[Period, Decimal | None]]
    rates: dict[str, tuple[Tally | None, Tally | None, Tally | None]]
    loads: list[UnitLoad]
    plans: list[PlanStatus]
    bottlenecks: list[tuple[str, str, int, int]]  # procedure code, name, late, overdue
    top: int
    demo: bool = False
    index_indicators: dict[str, Indicator] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)  # handled dossiers by status at the period's end
    de_an_06: dict[str, Tally | None] = field(default_factory=dict)  # population-data use, in the period
    framing: str = "achieved"
    de_an_06_keywords: str = ""
    without_data: list[PlanStatus] = field(default_factory=list)  # plans of the period with no figure yet
    tasks: TaskCounts | None = None  # the subject's tasks in the period (None: no task)
    open_tasks: list[TaskState] = field(default_factory=list)  # not done at the period's end, overdue first
    task_units: list[tuple[Unit, TaskCounts]] = field(default_factory=list)  # units below, by lead unit
    national: list[Place] = field(default_factory=list)  # the province in the latest national tables by then
    achievements: Results | None = None  # models, initiatives, dialogues and awards of the period
    scorecards: list[tuple[str, int, list[str]]] = field(default_factory=list)  # name, year, a sentence per level
    cards: list[UnitCard] = field(default_factory=list)  # the departments' results (Holding units to their results)

    def target_for(self, indicator: str) -> tuple[PlanStatus, TargetStatus] | None:
        """The subject's own target on ``indicator`` in a plan of the report (not a campaign milestone)."""
        for status in self.plans:
            for row in status.rows:
                if (row.target.indicator == indicator and row.target.unit == self.subject.code
                        and not row.target.milestone):
                    return status, row
        return None

    @property
    def period_vi(self) -> str:
        return label_vi(self.period)

    @property
    def is_province(self) -> bool:
        return self.subject.code == self.province.code

    def lost_most(self) -> list[MetricScore]:
        """The subject's metrics that lose points, most first."""
        lost = [m for m in self.headline.score.metrics if m.lost and m.lost > 0 and m.source != "missing"]
        return sorted(lost, key=lambda m: (-(m.lost or 0), m.code))[: self.top]

    def metric_name(self, code: str) -> str:
        indicator = self.definition.metric(code).indicator
        return self.index_indicators[indicator].name_vi if indicator in self.index_indicators else code

    def indicator(self, code: str) -> Indicator:
        return self.index_indicators[code]


def _plans_overlapping(store: Store, period: Period) -> list[str]:
    rows = store.con.execute("SELECT code FROM plans WHERE start_date <= ? AND end_date >= ? ORDER BY start_date, code",
                             [period.end, period.start]).fetchall()
    return [str(r[0]) for r in rows]


def build_review(store: Store, period: Period, unit: str | None = None, plans: Sequence[str] | None = None,
                 made: date | None = None, at: datetime | None = None) -> Review:
    """Compute every figure of the review of ``unit`` (default: the province) for ``period``."""
    moment = as_of(store, at)
    if moment is None:
        raise ChisoError("the store holds no dossiers; import some or run `chiso demo` first")
    months = [month(period.end.year, m) for m in range(1, period.end.month + 1)]  # the year so far
    periods = [period, period.previous(), period.same_last_year(), *months]
    result = compute_index(store, periods, DEFAULT_INDEX, at)
    units = result.units
    roots = [u for u in units.by_code.values() if u.parent is None]
    if not roots:
        raise ChisoError("the store holds no units; import them first (`chiso import units FILE`)")
    province = roots[0]
    subject = units.get(unit) if unit else province
    peers = [u.code for u in units.siblings(subject.code)]
    headline = {r.code: r for r in ranking(result, peers, store)}[subject.code]
    below = set(units.below(subject.code))

    def level(kind: str) -> list[Ranked]:
        codes = [u.code for u in units.of_level(kind) if u.code in below and u.code != subject.code]
        if not codes and subject.kind == kind:
            codes = peers
        return ranking(result, codes, store)

    catalogue = store.catalogue()
    wanted = [catalogue.indicator(code, period.end) for code in (*RATES, *COUNTS)]
    tallies = run(store, wanted, periods[:3], moment)
    population = [catalogue.indicator(code, period.end) for code in DE_AN_06]
    population_tallies = run(store, population, [period], moment)
    statuses_of = run(store, [wanted[0]], [period], moment, by="status")  # ON_TIME's handled dossiers

    def tally(code: str, indicator: str, pid: int) -> Tally | None:
        return tallies.get((code, pid, None), {}).get(indicator)

    rates = {code: (tally(subject.code, code, 0), tally(subject.code, code, 1), tally(subject.code, code, 2))
             for code in RATES}
    loads = []
    for u in units.by_code.values():
        if u.code in below and u.code != subject.code and u.kind in ("department", "commune"):
            handled, late, overdue = (tally(u.code, "ON_TIME", 0), tally(u.code, "LATE_FINISHED", 0),
                                      tally(u.code, "OVERDUE_OPEN", 0))
            loads.append(UnitLoad(u, handled.denominator if handled else 0, late.numerator if late else 0,
                                  overdue.numerator if overdue else 0))
    loads.sort(key=lambda r: (-r.overdue, -r.late, r.unit.code))
    bottlenecks = _bottlenecks(store, [wanted[-2], wanted[-1]], period, moment, subject.code)
    codes = list(plans) if plans else _plans_overlapping(store, period)
    statuses = [plan_status(store, code, at=min(period.end, load_plan(store, code)[0].end),
                            unit=None if subject.code == province.code else subject.code) for code in codes]
    definition = result.definitions[0]
    review = Review(subject, province, period, periods[1], periods[2], moment, made or date.today(), definition,
                    result, headline, len(peers), level("department"), level("commune"),
                    [(p, result.total(subject.code, 3 + i)) for i, p in enumerate(months)],
                    rates, loads, [s for s in statuses if s.rows], bottlenecks, store.settings.report_top,
                    bool(store.meta("demo")))
    review.index_indicators = {i.id: i for i in indicators_of(store, definition, period)}
    review.index_indicators.update({i.id: i for i in wanted})
    review.by_status = {str(status): t[wanted[0].id].denominator for (code, pid, status), t in statuses_of.items()
                        if code == subject.code and pid == 0 and status is not None and wanted[0].id in t}
    review.de_an_06 = {i.id: population_tallies.get((subject.code, 0, None), {}).get(i.id) for i in population}
    review.framing = store.settings.plan_framing
    review.de_an_06_keywords = str(store.settings.values.get("report.de_an_06_keywords", ""))
    review.without_data = [s for s in review.plans if all(r.actual is None for r in s.rows)]
    review.plans = [s for s in review.plans if s not in review.without_data]
    _add_tasks(review, store, below, at)
    if review.is_province:
        review.national = latest_places(store, period.end)
    found = results(store, period, subject.code)
    review.achievements = found if found.rows else None
    if review.is_province:
        review.scorecards = _scorecards(store, period)
        review.cards = cards(store, period, "department", at)
    return review


def _scorecards(store: Store, period: Period) -> list[tuple[str, int, list[str]]]:
    """Each scorecard's latest round by the period's year (this year's, else last year's): the distribution of
    units by group or level at each unit level."""
    from chiso.domain.scorecards import distribution_vi
    from chiso.engine.scorecards import placed, unit_results
    from chiso.engine.units import LEVEL_VI
    from chiso.store.scorecards import definition, versions

    out = []
    for ident in versions(store.config):
        for year in (period.end.year, period.end.year - 1):
            card = definition(store, ident, year)
            if card.rule == "none":
                continue
            lines = []
            for level in card.unit_levels:
                found = unit_results(store, card, year, level)
                if any(r.place is not None for r in found):
                    lines.append(distribution_vi(LEVEL_VI.get(level, level), placed(card, found),
                                                 sum(1 for r in found if r.place is None)))
            if lines:
                out.append((card.name_vi, year, lines))
                break
    return out


def _add_tasks(review: Review, store: Store, below: set[str], at: datetime | None) -> None:
    """The subject's tasks of the period: counts, the open ones, and the counts of each unit below it."""
    found = [s for s in period_states(store, review.period, at) if s.occurrence.task.lead_unit in below]
    if not found:
        return
    counts = period_counts(store, review.period, found=found)
    review.tasks = counts.get(review.subject.code)
    review.open_tasks = sorted((s for s in found if s.status in ("overdue", "in_progress", "not_due")),
                               key=lambda s: (s.status != "overdue", s.deadline, s.occurrence.task.code))
    units = review.index.units
    review.task_units = sorted(((units.get(c), n) for c, n in counts.items() if c != review.subject.code
                                and c in units.by_code and units.get(c).kind in ("department", "commune")),
                               key=lambda p: (-p[1].by_status["overdue"], p[0].code))


def _bottlenecks(store: Store, counts: list[Indicator], period: Period, moment: datetime,
                 unit: str) -> list[tuple[str, str, int, int]]:
    """Procedures with the most late or overdue dossiers of ``unit`` in ``period``."""
    by_procedure = run(store, counts, [period], moment, by="procedure_code")
    names = dict(store.con.execute("SELECT code, name FROM procedures").fetchall())
    rows = []
    for (code, pid, procedure), tallies in by_procedure.items():
        if code != unit or pid != 0 or procedure is None:
            continue
        late, overdue = tallies.get("LATE_FINISHED"), tallies.get("OVERDUE_OPEN")
        n_late, n_overdue = (late.numerator if late else 0), (overdue.numerator if overdue else 0)
        if n_late or n_overdue:
            rows.append((str(procedure), str(names.get(procedure, procedure)), n_late, n_overdue))
    return sorted(rows, key=lambda r: (-(r[2] + r[3]), r[0]))
