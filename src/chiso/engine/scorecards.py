"""A scorecard round's results: each unit's criteria (self-assessed, appraised, final, or computed from the
engine with their source), its total, percentage and group or level; the units of a level ranked, with their
change from last year, the distribution by group or level, and the criteria weakest across units."""

from dataclasses import dataclass, replace
from datetime import date, datetime

from chiso.domain.index_scoring import IndexScore
from chiso.domain.periods import parse_period
from chiso.domain.scorecards import Distribution, Scorecard, computed_points, distribution
from chiso.domain.scoring import competition_ranks
from chiso.engine.accountability import targets_met
from chiso.engine.compute import as_of, run
from chiso.engine.index import compute_index
from chiso.engine.units import Units
from chiso.store.scorecards import Score, scores
from chiso.store.store import Store


@dataclass(frozen=True)
class Line:
    """One scored criterion of a unit."""

    code: str
    own: Score | None  # the self-assessment
    appraisal: Score | None
    computed: float | None  # points from the engine (a computed criterion)
    value: float | None  # the indicator's value behind them (%)

    @property
    def final(self) -> float | None:
        if self.computed is not None or self.value is not None:
            return self.computed
        if self.appraisal is not None:
            return self.appraisal.points
        return None if self.own is None else self.own.points

    @property
    def source(self) -> str:
        if self.computed is not None or self.value is not None:
            return "computed"
        return "appraisal" if self.appraisal is not None else "self" if self.own is not None else "missing"


@dataclass(frozen=True)
class UnitResult:
    code: str
    name: str
    lines: dict[str, Line]
    total: float | None
    percent: float | None
    place: str | None  # group or level
    rank: int | None = None
    last_year: float | None = None  # total of the year before

    @property
    def assessed(self) -> bool:
        """Whether the unit has assessed itself (or been appraised) on any criterion: computed ones alone do not
        place a unit."""
        return any(line.own is not None or line.appraisal is not None for line in self.lines.values())

    @property
    def finals(self) -> dict[str, float | None]:
        return {c: line.final for c, line in self.lines.items()}


INDEX_766 = "INDEX_766"  # computed = "INDEX_766" (the 766 total) or "INDEX_766:GROUP" (a group, % of its maximum)
TARGETS_MET = "TARGETS_MET"  # the share of the unit's plan targets met or exceeded


def _computed(store: Store, card: Scorecard, year: int, codes: list[str],
              at: datetime | None) -> dict[tuple[str, str], float | None]:
    """(unit, criterion) -> the value (%) behind a computed criterion for the year: a catalogue indicator, the
    766 total or one of its groups, or the share of plan targets met."""
    wanted = {c.computed for c in card.leaves if c.computed}
    if not wanted:
        return {}
    period = parse_period(str(year), date.today())
    catalogue = store.catalogue()
    plain = sorted(w for w in wanted if w != TARGETS_MET and not w.startswith(INDEX_766))
    tallies = run(store, [catalogue.indicator(i, period.end) for i in plain], [period], as_of(store, at)) \
        if plain else {}
    index = compute_index(store, [period], at=at) if any(w.startswith(INDEX_766) for w in wanted) else None
    met = targets_met(store, period, codes) if TARGETS_MET in wanted else {}
    out: dict[tuple[str, str], float | None] = {}
    for code in codes:
        for c in card.leaves:
            if not c.computed:
                continue
            if c.computed == TARGETS_MET:
                out[(code, c.code)] = met.get(code)
            elif c.computed.startswith(INDEX_766) and index is not None:
                out[(code, c.code)] = _index_value(index.score(code), c.computed)
            else:
                tally = tallies.get((code, 0, None), {}).get(c.computed)
                out[(code, c.code)] = None if tally is None else tally.value
    return out


def _index_value(score: IndexScore, computed: str) -> float | None:
    group = computed.partition(":")[2]
    if not group:
        return float(score.total)
    found = next((g for g in score.groups if g.code == group), None)
    if found is None or found.score is None or not found.maximum:
        return None
    return 100.0 * float(found.score) / float(found.maximum)


def _lines(card: Scorecard, code: str, given: dict[str, dict[str, dict[str, Score]]],
           values: dict[tuple[str, str], float | None]) -> dict[str, Line]:
    """A unit's scored criteria from the scores entered and the values behind the computed ones."""
    out = {}
    for c in card.leaves:
        entered = given.get(code, {}).get(c.code, {})
        value = values.get((code, c.code)) if c.computed else None
        out[c.code] = Line(c.code, entered.get("self"), entered.get("appraisal"),
                           computed_points(c, value) if c.computed else None, value)
    return out


def _total(lines: dict[str, Line]) -> float | None:
    scored = [v for line in lines.values() if (v := line.final) is not None]
    return round(sum(scored), 2) if scored else None


def unit_results(store: Store, card: Scorecard, year: int, level: str | None = None, unit: str | None = None,
                 at: datetime | None = None) -> list[UnitResult]:
    """The results of every unit of ``level`` (or the one ``unit``), ranked by total (best first)."""
    units = Units(store)
    codes = [unit] if unit else [u.code for u in units.of_level(level or card.unit_levels[0])]
    entered = scores(store, card.id, year, unit)
    before = scores(store, card.id, year - 1, unit)
    values = _computed(store, card, year, codes, at)
    previous_values = _computed(store, card, year - 1, codes, at) if before else {}
    out = []
    for code in codes:
        lines = _lines(card, code, entered, values)
        total = _total(lines)
        result = UnitResult(code, units.get(code).name, lines, total,
                            None if total is None or not card.maximum else round(100.0 * total / card.maximum, 2),
                            None, last_year=_total(_lines(card, code, before, previous_values))
                            if code in before else None)
        self_assessed = result.assessed or all(c.computed for c in card.leaves)
        out.append(replace(result, place=card.place(result.finals) if self_assessed else None))
    ranks = competition_ranks([r.total if r.place is not None else None for r in out])
    ranked = [replace(r, rank=rank) for r, rank in zip(out, ranks, strict=True)]
    return sorted(ranked, key=lambda r: (r.rank is None, r.rank or 0, r.code))


def placed(card: Scorecard, results: list[UnitResult]) -> Distribution:
    return distribution(card, [r.place for r in results])


def weakest(card: Scorecard, results: list[UnitResult], top: int = 5) -> list[tuple[str, float]]:
    """The criteria with the lowest mean share of their maximum across the units scored, lowest first."""
    shares = []
    for c in card.leaves:
        got = [r.lines[c.code].final for r in results if r.place is not None and r.lines[c.code].final is not None]
        if got and c.maximum:
            shares.append((c.code, round(100.0 * sum(got) / len(got) / c.maximum, 1)))  # type: ignore[arg-type]
    return sorted(shares, key=lambda p: (p[1], p[0]))[:top]
