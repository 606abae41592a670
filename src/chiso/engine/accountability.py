"""A scorecard of each unit of a level for a period, for its head: the 766 total and rank, its plan targets by
band, its tasks, its overdue and late dossiers with the apologies sent, and the composite result the province's
weights make of them (``domain.accountability``); then the units ranked by it and the candidates for
commendation or a reminder, each with the figures behind the name."""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime

from chiso.domain.accountability import Composite, composite, verdict
from chiso.domain.periods import Period
from chiso.domain.scoring import competition_ranks
from chiso.domain.targets import TargetBand
from chiso.engine.compute import Tally, as_of, run
from chiso.engine.index import IndexRun, compute_index, ranking
from chiso.engine.plans import plan_status
from chiso.engine.tasks import TaskCounts, period_counts
from chiso.store.store import Store

MET = (TargetBand.EXCEEDED, TargetBand.MET)


@dataclass(frozen=True)
class UnitCard:
    code: str
    name: str
    head: str | None
    total_766: float
    rank_766: int | None
    peers: int
    targets: dict[str, int]  # band (or "no_data") -> targets of the unit itself in the plans of the period
    tasks: TaskCounts | None
    overdue: int  # dossiers open past due at the period's end
    late: int  # dossiers handled late in the period
    apologies: int  # of those, with an apology sent
    result: Composite
    rank: int | None = None  # by the composite result
    verdict: str | None = None  # commend | remind | None

    @property
    def parts(self) -> dict[str, float | None]:
        met = sum(self.targets.get(b.value, 0) for b in MET)
        assessed = sum(n for band, n in self.targets.items() if band != "no_data")
        return {"index_766": self.total_766, "targets_met": 100.0 * met / assessed if assessed else None,
                "tasks_on_time": self.tasks.on_time_rate if self.tasks else None,
                "apology_sent": 100.0 * self.apologies / self.late if self.late else None}


def _plans(store: Store, period: Period) -> list[str]:
    rows = store.con.execute("SELECT code FROM plans WHERE start_date <= ? AND end_date >= ? ORDER BY code",
                             [period.end, period.start]).fetchall()
    return [str(r[0]) for r in rows]


def target_bands(store: Store, period: Period, codes: list[str]) -> dict[str, Counter[str]]:
    """Per unit, its own plan targets (not campaign milestones) of the plans running in the period, by band at
    the period's end ("no_data" for a target without a figure)."""
    bands: dict[str, Counter[str]] = {c: Counter() for c in codes}
    for plan in _plans(store, period):
        for row in plan_status(store, plan, at=period.end).rows:
            if row.target.unit in bands and not row.target.milestone:
                bands[row.target.unit][row.band.value if row.band else "no_data"] += 1
    return bands


def targets_met(store: Store, period: Period, codes: list[str]) -> dict[str, float | None]:
    """Per unit, the share of its targets with a figure that are met or exceeded (None: no such target)."""
    out: dict[str, float | None] = {}
    for code, counts in target_bands(store, period, codes).items():
        assessed = sum(n for band, n in counts.items() if band != "no_data")
        out[code] = 100.0 * sum(counts.get(b.value, 0) for b in MET) / assessed if assessed else None
    return out


def cards(store: Store, period: Period, level: str = "department", at: datetime | None = None,
          index: IndexRun | None = None) -> list[UnitCard]:
    """Every unit of ``level`` for ``period``, ranked by its composite result (best first). ``index``: the
    period's index run already computed (its first period must be ``period``), as the web's pages keep it."""
    settings = store.settings
    if index is None or index.periods[0] != period:
        index = compute_index(store, [period], at=at)
    codes = [u.code for u in index.units.of_level(level)]
    ranked = {r.code: r for r in ranking(index, codes, store, None, None)}
    catalogue = store.catalogue()
    wanted = [catalogue.indicator(i, period.end) for i in ("OVERDUE_OPEN", "LATE_FINISHED", "APOLOGY_SENT")]
    moment = as_of(store, at)
    tallies = run(store, wanted, [period], moment)

    def count(code: str, indicator: str, part: str = "numerator") -> int:
        found: Tally | None = tallies.get((code, 0, None), {}).get(indicator)
        return 0 if found is None else int(getattr(found, part))

    bands = target_bands(store, period, codes)
    tasks = period_counts(store, period, moment)
    heads = dict(store.con.execute("SELECT code, head FROM units").fetchall())
    weights = settings.accountability_weights
    scored = []
    for code in codes:
        r = ranked[code]
        card = UnitCard(code, r.name, heads.get(code), float(r.total), r.rank, len(codes), dict(bands[code]),
                        tasks.get(code), count(code, "OVERDUE_OPEN"), count(code, "APOLOGY_SENT", "denominator"),
                        count(code, "APOLOGY_SENT"), Composite(None, {}, ()))
        scored.append(replace(card, result=composite(card.parts, weights)))
    ranks = competition_ranks([None if c.result.score is None else round(c.result.score, 2) for c in scored])
    final = [replace(c, rank=rank, verdict=verdict(c.result.score, settings.commend_from, settings.remind_below))
             for c, rank in zip(scored, ranks, strict=True)]
    return sorted(final, key=lambda c: (c.rank is None, c.rank or 0, c.code))
