"""How units and their heads are held to their results: a composite "kết quả thực hiện nhiệm vụ" score of a
period from parts chiso computes, with weights the province sets (none is official), and the candidates for
commendation or a reminder by thresholds the province sets.

Each part is a percentage (0–100): the unit's 766 total; the share of its plan targets met or exceeded; the share
of its tasks due in the period done on time; the share of its late dossiers for which an apology was sent. A part
without data (no target, no task due, no late dossier) is left out and its weight shared among the others in
proportion; the card says which parts were left out.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from chiso.domain.errors import InvalidValue

PARTS = ("index_766", "targets_met", "tasks_on_time", "apology_sent")
PART_VI = {"index_766": "Điểm Bộ chỉ số 766", "targets_met": "Tỷ lệ chỉ tiêu hoàn thành, vượt",
           "tasks_on_time": "Tỷ lệ nhiệm vụ hoàn thành đúng hạn",
           "apology_sent": "Tỷ lệ hồ sơ trễ hạn có thư xin lỗi"}


def parse_weights(text: str) -> dict[str, float]:
    """``"index_766=40; targets_met=20; tasks_on_time=30; apology_sent=10"`` → weights (parts not named: 0)."""
    weights: dict[str, float] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, sep, value = part.partition("=")
        name = name.strip()
        try:
            weight = float(value.strip().replace(",", "."))
        except ValueError:
            weight = -1.0
        if not sep or name not in PARTS or not 0 <= weight <= 1000:
            raise InvalidValue("accountability.weights", part, "PART=WEIGHT with PART one of " + ", ".join(PARTS))
        weights[name] = weight
    if not any(weights.values()):
        raise InvalidValue("accountability.weights", text, "at least one weight above 0")
    return weights


@dataclass(frozen=True)
class Composite:
    score: float | None  # None: no part has data
    used: dict[str, float]  # the weights applied, in percent, summing to 100
    left_out: tuple[str, ...]  # parts without data (their weight shared among the others)


def composite(parts: Mapping[str, float | None], weights: Mapping[str, float]) -> Composite:
    """The weighted mean of the parts that have data."""
    present = {p: v for p, v in parts.items() if v is not None and weights.get(p, 0) > 0}
    left_out = tuple(p for p in PARTS if weights.get(p, 0) > 0 and parts.get(p) is None)
    total = sum(weights[p] for p in present)
    if not present or total <= 0:
        return Composite(None, {}, left_out)
    used = {p: 100.0 * weights[p] / total for p in present}
    return Composite(sum(value * used[p] / 100.0 for p, value in present.items()), used, left_out)


def verdict(score: float | None, commend_from: float, remind_below: float) -> str | None:
    """'commend' (candidate for commendation), 'remind' (for a reminder) or None."""
    if score is None:
        return None
    if score >= commend_from:
        return "commend"
    return "remind" if score < remind_below else None
