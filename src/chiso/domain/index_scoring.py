"""Scoring one unit on a composite index from its figures (counts, or reported group scores)."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from chiso.domain.index_definition import Group, IndexDefinition
from chiso.domain.scoring import total

SOURCES_VI = {"computed": "tính từ hồ sơ", "reported": "số liệu báo cáo/nhập", "provisional": "tạm tính",
              "missing": "thiếu số liệu"}


@dataclass(frozen=True)
class Figure:
    """What is known of a metric for a unit and period: counts, and where they came from."""

    numerator: int
    denominator: int
    source: str = "computed"  # computed | reported
    note: str = ""


@dataclass(frozen=True)
class MetricScore:
    code: str
    group: str
    numerator: int | None
    denominator: int | None
    score: Decimal | None
    maximum: Decimal
    source: str
    note: str = ""

    @property
    def lost(self) -> Decimal | None:
        return None if self.score is None else self.maximum - self.score

    @property
    def ratio(self) -> float | None:
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator / self.denominator


@dataclass(frozen=True)
class GroupScore:
    code: str
    score: Decimal | None
    maximum: Decimal
    source: str
    note: str = ""


@dataclass(frozen=True)
class IndexScore:
    metrics: tuple[MetricScore, ...]
    groups: tuple[GroupScore, ...]

    @property
    def total(self) -> Decimal:
        return total([g.score for g in self.groups])

    @property
    def complete(self) -> bool:
        return all(g.source != "missing" for g in self.groups) and all(
            m.source != "missing" for m in self.metrics if m.maximum)

    @property
    def provisional(self) -> bool:
        return any(g.source == "provisional" for g in self.groups)

    def metric(self, code: str) -> MetricScore:
        return next(m for m in self.metrics if m.code == code)

    def group(self, code: str) -> GroupScore:
        return next(g for g in self.groups if g.code == code)


def _provisional(definition: IndexDefinition, group: Group, figures: Mapping[str, Figure]) -> Decimal | None:
    parts: list[Decimal] = []
    for term in group.provisional:
        num, den = 1, 1  # the product of the ratios, kept as whole numbers; an empty denominator counts as 0
        for code in term.metrics:
            figure = figures.get(code)
            if figure is None:
                return None
            num, den = (num * figure.numerator, den * figure.denominator) if figure.denominator else (0, 1)
        parts.append(term.rule.score(num, den, definition.decimals) or Decimal(0))
    return min(sum(parts, Decimal(0)), group.maximum)


def score_unit(definition: IndexDefinition, figures: Mapping[str, Figure],
               group_scores: Mapping[str, Decimal] | None = None) -> IndexScore:
    """Score every metric and group; reported group scores win over the provisional formula."""
    reported = group_scores or {}
    metrics: list[MetricScore] = []
    for m in definition.metrics:
        figure = figures.get(m.code)
        if figure is None:
            metrics.append(MetricScore(m.code, m.group, None, None, None, m.maximum, "missing"))
            continue
        score = m.rule.score(figure.numerator, figure.denominator, definition.decimals)
        metrics.append(MetricScore(m.code, m.group, figure.numerator, figure.denominator, score, m.maximum,
                                   figure.source, figure.note))
    groups: list[GroupScore] = []
    for g in definition.groups:
        if g.reported:
            if g.code in reported:
                groups.append(GroupScore(g.code, reported[g.code], g.maximum, "reported"))
                continue
            estimate = _provisional(definition, g, figures) if g.provisional else None
            source = "missing" if estimate is None else "provisional"
            groups.append(GroupScore(g.code, estimate, g.maximum, source, g.provisional_note))
            continue
        own = [s for s in metrics if s.group == g.code]
        if any(s.source == "missing" and s.maximum for s in own):
            missing = ", ".join(s.code for s in own if s.source == "missing" and s.maximum)
            groups.append(GroupScore(g.code, total([s.score for s in own]), g.maximum, "missing",
                                     f"missing: {missing}"))
        else:
            groups.append(GroupScore(g.code, total([s.score for s in own]), g.maximum, "computed"))
    return IndexScore(tuple(metrics), tuple(groups))
