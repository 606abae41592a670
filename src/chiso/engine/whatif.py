"""What if a unit fixed N more dossiers: points gained per metric, and a ranked plan of actions."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from chiso.domain.index_scoring import MetricScore
from chiso.domain.periods import Period
from chiso.domain.scoring import round_half_up
from chiso.engine.index import IndexRun, compute_index
from chiso.store.store import Store


@dataclass(frozen=True)
class Lever:
    """One metric a unit can raise by fixing dossiers (or feedback)."""

    metric: str
    action_vi: str
    action_en: str
    score: Decimal
    maximum: Decimal
    numerator: int
    denominator: int
    fixable: int  # items that still raise the score
    per_item: Fraction  # exact points per item fixed
    gain_if_n: Decimal  # points if ``n`` more items are fixed


@dataclass(frozen=True)
class Step:
    metric: str
    action_vi: str
    action_en: str
    items: int
    points: Decimal


@dataclass(frozen=True)
class Push:
    """A descendant unit holding fixable items of a metric."""

    unit: str
    name: str
    metric: str
    fixable: int
    points_for_parent: Decimal


@dataclass(frozen=True)
class WhatIf:
    unit: str
    name: str
    period: Period
    total: Decimal
    n: int
    levers: list[Lever]
    plan: list[Step]
    pushes: list[Push]


def _lever(store: Store, run: IndexRun, m: MetricScore, n: int) -> Lever | None:
    definition = run.definitions[0]
    metric = definition.metric(m.code)
    if metric.display_only or m.source not in ("computed",) or m.numerator is None or m.denominator is None:
        return None
    indicator = store.catalogue().indicator(metric.indicator, run.periods[0].end)
    rule = metric.rule
    fixable = rule.needed_for_full(m.numerator, m.denominator)
    if fixable == 0 or m.score is None:
        return None
    moved = min(n, fixable)
    after = rule.score(m.numerator + moved, m.denominator, definition.decimals) or Decimal(0)
    return Lever(m.code, indicator.action_vi or indicator.name_vi, indicator.action_en or indicator.name_en,
                 m.score, m.maximum, m.numerator, m.denominator, fixable,
                 rule.per_dossier(m.numerator, m.denominator), after - m.score)


def what_if(store: Store, unit: str, period: Period, n: int = 100, index_id: str = "766",
            at: datetime | None = None, computed: IndexRun | None = None) -> WhatIf:
    """Levers of ``unit``, a greedy plan for ``n`` items, and (for a parent unit) which children to push.
    ``computed``: the index already computed for ``period`` (its first period), e.g. by a page."""
    run = computed if computed is not None and computed.periods[0] == period else compute_index(
        store, [period], index_id, at)
    code = run.units.get(unit).code
    score = run.score(code)
    levers = [lv for m in score.metrics if (lv := _lever(store, run, m, n)) is not None]
    levers.sort(key=lambda lv: lv.per_item, reverse=True)
    plan: list[Step] = []
    left = n
    decimals = run.definitions[0].decimals
    for lv in levers:
        if left <= 0:
            break
        take = min(left, lv.fixable)
        rule = run.definitions[0].metric(lv.metric).rule
        after = rule.score(lv.numerator + take, lv.denominator, decimals) or Decimal(0)
        plan.append(Step(lv.metric, lv.action_vi, lv.action_en, take, after - lv.score))
        left -= take
    pushes: list[Push] = []
    children = [u for u in run.units.by_code.values() if u.parent == code]
    for lv in levers[:3]:
        found = []
        for child in children:
            m = run.score(child.code).metric(lv.metric)
            if m.numerator is None or m.denominator is None:
                continue
            gap = m.denominator - m.numerator
            if gap > 0:
                found.append(Push(child.code, child.name, lv.metric, gap,
                                  round_half_up(min(lv.per_item * gap, Fraction(lv.maximum - lv.score)), decimals)))
        pushes += sorted(found, key=lambda p: p.fixable, reverse=True)[:5]
    return WhatIf(code, run.units.get(code).name, period, score.total, n, levers, plan, pushes)
