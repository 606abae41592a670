"""A composite index (766 by default) for units × periods: scores, ranks, bands and changes."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from chiso.domain.catalogue import Indicator
from chiso.domain.index_definition import IndexDefinition
from chiso.domain.index_scoring import Figure, IndexScore, score_unit
from chiso.domain.periods import Period
from chiso.domain.scoring import band_of, competition_ranks
from chiso.engine.compute import Tally, as_of, run
from chiso.engine.reported import ReportedValues
from chiso.engine.units import Units
from chiso.store.store import Store

DEFAULT_INDEX = "766"


@dataclass(frozen=True)
class IndexRun:
    """Scores of every unit for some periods, with what produced them."""

    definitions: tuple[IndexDefinition, ...]  # per period
    periods: tuple[Period, ...]
    moment: datetime | None
    scores: dict[tuple[str, int], IndexScore]
    tallies: dict[tuple[str, int], dict[str, Tally]]
    units: Units

    def score(self, unit: str, pid: int = 0) -> IndexScore:
        found = self.scores.get((unit, pid))
        if found is None:
            return score_unit(self.definitions[pid], {}, {})
        return found

    def total(self, unit: str, pid: int = 0) -> Decimal | None:
        """The unit's total, or None when it handled no dossier in the period (no basis for a comparison)."""
        score = self.scores.get((unit, pid))
        if score is None or not any(t.denominator for t in self.tallies.get((unit, pid), {}).values()):
            return None
        return score.total


def indicators_of(store: Store, definition: IndexDefinition, period: Period) -> list[Indicator]:
    catalogue = store.catalogue()
    codes = dict.fromkeys(m.indicator for m in definition.metrics)
    return [catalogue.indicator(code, period.end) for code in codes]


def compute_index(store: Store, periods: Sequence[Period], index_id: str = DEFAULT_INDEX,
                  at: datetime | None = None) -> IndexRun:
    """Score every unit (descendants included) for every period."""
    catalogue = store.catalogue()
    definitions = tuple(catalogue.index(index_id, p.end) for p in periods)
    moment = as_of(store, at)
    units = Units(store)
    scores: dict[tuple[str, int], IndexScore] = {}
    tallies: dict[tuple[str, int], dict[str, Tally]] = {}
    for definition in dict.fromkeys(definitions):
        pids = [i for i, d in enumerate(definitions) if d == definition]
        chosen = [periods[i] for i in pids]
        indicators = indicators_of(store, definition, chosen[-1])
        computed = [i for i in indicators if i.kind != "reported"]
        counted = run(store, computed, chosen, moment) if computed else {}
        reported_codes = [i.id for i in indicators if i.kind == "reported"] + [
            g.code for g in definition.groups if g.reported]
        reported = ReportedValues(store, reported_codes, chosen)
        for local, pid in enumerate(pids):
            for code in units.by_code:
                counts = counted.get((code, local, None), {})
                tallies[(code, pid)] = counts
                scores[(code, pid)] = _score(definition, indicators, counts, reported, units, code, periods[pid])
    return IndexRun(definitions, tuple(periods), moment, scores, tallies, units)


def _score(definition: IndexDefinition, indicators: Sequence[Indicator], counts: dict[str, Tally],
           reported: ReportedValues, units: Units, code: str, period: Period) -> IndexScore:
    kinds = {i.id: i.kind for i in indicators}
    figures: dict[str, Figure] = {}
    lineage = units.ancestors(code)
    for metric in definition.metrics:
        if kinds[metric.indicator] == "reported":
            search = lineage if metric.level == "province" else lineage[:1]
            found = reported.find(metric.indicator, search, period)
            if found is not None and found.numerator is not None and found.denominator is not None:
                figures[metric.code] = Figure(found.numerator, found.denominator, "reported", found.note)
            continue
        tally = counts.get(metric.indicator)
        figures[metric.code] = Figure(tally.numerator, tally.denominator) if tally else Figure(0, 0)
    groups: dict[str, Decimal] = {}
    for group in definition.groups:
        if group.reported:
            found = reported.find(group.code, lineage[:1], period)
            if found is not None and found.value is not None:
                groups[group.code] = found.value.quantize(Decimal(1).scaleb(-definition.decimals))
    return score_unit(definition, figures, groups)


@dataclass(frozen=True)
class Ranked:
    code: str
    name: str
    kind: str
    total: Decimal
    rank: int | None
    band: str | None
    previous: Decimal | None
    last_year: Decimal | None
    score: IndexScore

    @property
    def change_previous(self) -> Decimal | None:
        return None if self.previous is None else self.total - self.previous

    @property
    def change_last_year(self) -> Decimal | None:
        return None if self.last_year is None else self.total - self.last_year


def ranking(result: IndexRun, codes: Sequence[str], store: Store, previous: int | None = 1,
            last_year: int | None = 2) -> list[Ranked]:
    """Units ``codes`` for period 0, ranked (competition ranks), with bands and changes."""
    totals = [result.score(c).total for c in codes]
    ranks = competition_ranks(totals)
    bands = store.settings.bands
    rows = []
    for code, total, rank in zip(codes, totals, ranks, strict=True):
        unit = result.units.get(code)
        rows.append(Ranked(code, unit.name, unit.kind, total, rank, band_of(total, bands),
                           result.total(code, previous) if previous is not None else None,
                           result.total(code, last_year) if last_year is not None else None, result.score(code)))
    return sorted(rows, key=lambda r: (r.rank or 10**6, r.code))
