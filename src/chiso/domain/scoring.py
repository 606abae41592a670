"""Scoring rules of a composite index (index-766.md), in exact arithmetic.

A metric's ratio is numerator / denominator. ``linear``: score = ratio × max. ``threshold`` T (percent):
score = max if ratio ≥ T %, otherwise ratio / T × max. Scores are rounded half up to the index's decimals;
a group is the sum of its rounded metric scores; the total is the sum of the groups.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property
from typing import Literal

from chiso.domain.errors import InvalidValue

Rule = Literal["linear", "threshold"]
EmptyPolicy = Literal["full", "zero", "na"]
RULES = ("linear", "threshold")
EMPTY_POLICIES = ("full", "zero", "na")


@dataclass(frozen=True)
class ScoreRule:
    maximum: Decimal
    rule: Rule = "linear"
    threshold: Decimal | None = None  # percent, for ``threshold``
    empty: EmptyPolicy = "zero"

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise InvalidValue("scoring rule", self.rule, " | ".join(RULES))
        if self.empty not in EMPTY_POLICIES:
            raise InvalidValue("empty-denominator policy", self.empty, " | ".join(EMPTY_POLICIES))
        if self.rule == "threshold" and (self.threshold is None or not 0 < self.threshold <= 100):
            raise InvalidValue("threshold", self.threshold, "a percentage above 0 and at most 100")

    def exact(self, numerator: int, denominator: int) -> Fraction | None:
        """The unrounded score, or None when the policy says N/A."""
        if numerator < 0 or denominator < 0 or numerator > denominator:
            raise InvalidValue("numerator/denominator", f"{numerator}/{denominator}",
                               "counts that are not negative, with the numerator at most the denominator")
        if denominator == 0:
            return {"full": Fraction(self.maximum), "zero": Fraction(0), "na": None}[self.empty]
        return self.of_ratio(Fraction(numerator, denominator))

    def of_ratio(self, ratio: Fraction) -> Fraction:
        """The unrounded score of a ratio (0..1)."""
        if self.rule == "threshold":
            assert self.threshold is not None
            bar = Fraction(self.threshold) / 100
            return Fraction(self.maximum) if ratio >= bar else ratio / bar * Fraction(self.maximum)
        return min(ratio, Fraction(1)) * Fraction(self.maximum)

    @cached_property
    def _ints(self) -> tuple[int, int, int, int]:
        """Maximum and threshold as whole-number ratios (threshold 0/0 for the linear rule)."""
        max_num, max_den = self.maximum.as_integer_ratio()
        t_num, t_den = self.threshold.as_integer_ratio() if self.rule == "threshold" and self.threshold else (0, 0)
        return max_num, max_den, t_num, t_den

    def score(self, numerator: int, denominator: int, decimals: int = 2) -> Decimal | None:
        """The rounded score, in integer arithmetic (equal to rounding ``exact`` half up, and much faster)."""
        if numerator < 0 or denominator < 0 or numerator > denominator:
            self.exact(numerator, denominator)  # raises, naming the counts
        scale = 10 ** decimals
        max_num, max_den, t_num, t_den = self._ints
        if denominator == 0:
            if self.empty == "na":
                return None
            if self.empty == "zero":
                return Decimal(0).scaleb(-decimals)
            a, b = max_num * scale, max_den
        elif t_den:
            if numerator * 100 * t_den >= t_num * denominator:
                a, b = max_num * scale, max_den
            else:
                a, b = numerator * max_num * scale * 100 * t_den, max_den * t_num * denominator
        else:
            a, b = numerator * max_num * scale, max_den * denominator
        return Decimal((2 * a + b) // (2 * b)).scaleb(-decimals)

    def per_dossier(self, numerator: int, denominator: int) -> Fraction:
        """Unrounded points gained by moving one more item into the numerator (0 once at the maximum)."""
        if denominator == 0 or numerator >= denominator:
            return Fraction(0)
        if self.rule == "threshold":
            assert self.threshold is not None
            bar = Fraction(self.threshold) / 100
            if Fraction(numerator, denominator) >= bar:
                return Fraction(0)
            return Fraction(self.maximum) / (bar * denominator)
        return Fraction(self.maximum) / denominator

    def needed_for_full(self, numerator: int, denominator: int) -> int:
        """Items to move into the numerator before the metric reaches its maximum."""
        if denominator == 0:
            return 0
        if self.rule == "threshold":
            assert self.threshold is not None
            target = math.ceil(Fraction(self.threshold) * denominator / 100)
            return max(0, target - numerator)
        return max(0, denominator - numerator)


def round_half_up(value: Fraction | Decimal, decimals: int = 2) -> Decimal:
    """Round half up (away from zero for the non-negative scores used here), exactly."""
    scale = 10 ** decimals
    frac = Fraction(value) * scale
    units = (frac.numerator * 2 + frac.denominator) // (2 * frac.denominator)
    return (Decimal(units) / Decimal(scale)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def total(scores: Sequence[Decimal | None]) -> Decimal:
    """Sum of the scores that are not N/A."""
    return sum((s for s in scores if s is not None), Decimal(0))


def competition_ranks(values: Sequence[Decimal | float | None], higher_is_better: bool = True) -> list[int | None]:
    """Competition ranks (1, 2, 2, 4); None values get no rank."""
    present = [v for v in values if v is not None]
    ranks: list[int | None] = []
    for v in values:
        if v is None:
            ranks.append(None)
            continue
        better = sum(1 for other in present if (other > v if higher_is_better else other < v))
        ranks.append(better + 1)
    return ranks


@dataclass(frozen=True)
class Band:
    minimum: Decimal
    label: str


def parse_bands(text: str) -> list[Band]:
    """``"80=Nhóm A; 65=Nhóm B; 0=Nhóm C"`` → bands, highest minimum first. Empty text: no bands."""
    bands: list[Band] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        minimum, sep, label = part.partition("=")
        try:
            bands.append(Band(Decimal(minimum.strip()), label.strip()))
        except ArithmeticError:
            raise InvalidValue("band", part, "MINIMUM=LABEL, e.g. 80=Nhóm A") from None
        if not sep or not label.strip():
            raise InvalidValue("band", part, "MINIMUM=LABEL, e.g. 80=Nhóm A")
    return sorted(bands, key=lambda b: b.minimum, reverse=True)


def band_of(value: Decimal | None, bands: Sequence[Band]) -> str | None:
    if value is None:
        return None
    for band in bands:
        if value >= band.minimum:
            return band.label
    return None
