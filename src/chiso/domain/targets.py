"""Plan targets: attainment against a target (direction and baseline respected), bands, and plan summaries
in the words provincial reports use ("7/24 chỉ tiêu hoàn thành và vượt; 9 đạt trên 70%; …").
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from chiso.domain.errors import InvalidValue
from chiso.domain.formatting import vn_number

DIRECTIONS = ("higher", "lower")


class TargetBand(StrEnum):
    EXCEEDED = "exceeded"
    MET = "met"
    ABOVE_70 = "above_70"
    FROM_50_TO_70 = "from_50_to_70"
    UNDER_50 = "under_50"


BAND_VI = {
    TargetBand.EXCEEDED: "vượt",
    TargetBand.MET: "hoàn thành",
    TargetBand.ABOVE_70: "đạt trên 70%",
    TargetBand.FROM_50_TO_70: "đạt 50–70%",
    TargetBand.UNDER_50: "dưới 50%",
}


@dataclass(frozen=True)
class BandRules:
    """Edges in percent of attainment. Defaults follow the provinces' own reports (news/lao-cai-2024-q1…):
    met from 100 %, exceeded from ``exceeded_from`` (a clear margin over the target: 30 % against 10 % is
    exceeded, 97 % against 95 % is met), "trên 70 %" strictly above ``high``, "50–70 %" from ``low`` to ``high``
    inclusive, "dưới 50 %" below ``low``."""

    exceeded_from: float = 110.0
    high: float = 70.0
    low: float = 50.0

    def __post_init__(self) -> None:
        if not 0 < self.low < self.high < 100 <= self.exceeded_from:
            raise InvalidValue("target bands", f"{self.low}/{self.high}/{self.exceeded_from}",
                               "0 < low < high < 100 ≤ exceeded_from")

    def band(self, attainment: float) -> TargetBand:
        if attainment >= self.exceeded_from:
            return TargetBand.EXCEEDED
        if attainment >= 100:
            return TargetBand.MET
        if attainment > self.high:
            return TargetBand.ABOVE_70
        if attainment >= self.low:
            return TargetBand.FROM_50_TO_70
        return TargetBand.UNDER_50


def attainment(actual: float, target: float, direction: str = "higher", baseline: float | None = None) -> float:
    """Percent of the target achieved.

    Higher is better: actual / target, or with a baseline the share of the way from baseline to target.
    Lower is better: target / actual, or with a baseline the share of the reduction achieved. Reaching zero
    against a lower-is-better target counts as fully met, however small the target.
    """
    if direction not in DIRECTIONS:
        raise InvalidValue("direction", direction, " | ".join(DIRECTIONS))
    if baseline is not None:
        span = (target - baseline) if direction == "higher" else (baseline - target)
        if span <= 0:
            raise InvalidValue("baseline", baseline, f"a value {'below' if direction == 'higher' else 'above'} "
                                                     f"the target {target} for a {direction}-is-better target")
        done = (actual - baseline) if direction == "higher" else (baseline - actual)
        return 100.0 * done / span
    if direction == "higher":
        if target <= 0:
            raise InvalidValue("target", target, "a positive value (or give a baseline)")
        return 100.0 * actual / target
    if actual <= 0:
        return 100.0 if target >= 0 else 0.0
    return 100.0 * target / actual


@dataclass(frozen=True)
class Assessed:
    code: str
    name: str
    actual: float | None
    target: float
    attainment: float | None
    band: TargetBand | None


def assess(code: str, name: str, actual: float | None, target: float, direction: str = "higher",
           baseline: float | None = None, rules: BandRules | None = None) -> Assessed:
    if actual is None:
        return Assessed(code, name, None, target, None, None)
    value = attainment(actual, target, direction, baseline)
    return Assessed(code, name, actual, target, value, (rules or BandRules()).band(value))


def band_counts(items: Iterable[Assessed]) -> dict[str, int]:
    """Counts under the keys exceeded, met, above_70, from_50_to_70, under_50 (and no_data)."""
    counts = Counter(a.band.value if a.band else "no_data" for a in items)
    out = {band.value: counts.get(band.value, 0) for band in TargetBand}
    out["no_data"] = counts.get("no_data", 0)
    return out


FRAMINGS = ("achieved", "not_met")


def summary_sentence(counts: dict[str, int], noun: str = "chỉ tiêu", framing: str = "achieved") -> str:
    """"7/24 chỉ tiêu hoàn thành và vượt; 9 đạt trên 70%; 6 đạt 50–70%; 2 dưới 50%" (and what lacks data); with
    framing ``not_met``: "17/24 chỉ tiêu chưa đạt (9 đạt trên 70%; 6 đạt 50–70%; 2 dưới 50%); 7 hoàn thành và
    vượt"."""
    total = sum(counts.values())
    done = counts.get("exceeded", 0) + counts.get("met", 0)
    if framing == "not_met":
        short = counts.get("above_70", 0) + counts.get("from_50_to_70", 0) + counts.get("under_50", 0)
        text = (f"{vn_number(short)}/{vn_number(total)} {noun} chưa đạt ({vn_number(counts.get('above_70', 0))} "
                f"đạt trên 70%; {vn_number(counts.get('from_50_to_70', 0))} đạt 50–70%; "
                f"{vn_number(counts.get('under_50', 0))} dưới 50%); {vn_number(done)} hoàn thành và vượt")
        return text + (f"; {vn_number(counts['no_data'])} chưa có số liệu" if counts.get("no_data") else "")
    parts = [f"{vn_number(done)}/{vn_number(total)} {noun} hoàn thành và vượt"]
    parts.append(f"{vn_number(counts.get('above_70', 0))} đạt trên 70%")
    parts.append(f"{vn_number(counts.get('from_50_to_70', 0))} đạt 50–70%")
    parts.append(f"{vn_number(counts.get('under_50', 0))} dưới 50%")
    if counts.get("no_data"):
        parts.append(f"{vn_number(counts['no_data'])} chưa có số liệu")
    return "; ".join(parts)
