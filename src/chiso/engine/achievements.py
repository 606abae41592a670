"""Results that are not numbers, for a period: the models, initiatives and awards of a unit and the units below
it, the dialogue conferences with the recommendations received and answered, and the sentence reports use."""

from collections import Counter
from dataclasses import dataclass

from chiso.domain.formatting import vn_number, vn_percent
from chiso.domain.periods import Period
from chiso.engine.units import Units
from chiso.store.achievements import Achievement, load
from chiso.store.store import Store

KIND_VI = {"model": "mô hình", "initiative": "sáng kiến", "dialogue": "hội nghị đối thoại", "award": "khen thưởng",
           "other": "kết quả khác"}


@dataclass(frozen=True)
class Results:
    """A unit's achievements of a period (descendants included)."""

    rows: list[Achievement]

    def of(self, kind: str) -> list[Achievement]:
        return [r for r in self.rows if r.kind == kind]

    @property
    def received(self) -> int:
        return sum(r.received or 0 for r in self.of("dialogue"))

    @property
    def answered(self) -> int:
        return sum(r.answered or 0 for r in self.of("dialogue"))


def results(store: Store, period: Period, unit: str | None = None) -> Results:
    """The achievements of ``unit`` and the units below it (or all) dated within ``period``."""
    rows = load(store, period.start, period.end)
    if unit is not None:
        inside = set(Units(store).below(unit))
        rows = [r for r in rows if r.unit_code in inside]
    return Results(rows)


def dialogue_counts(store: Store, period: Period) -> dict[str, tuple[int, int]]:
    """Per unit (with every ancestor): recommendations (answered, received) at the period's dialogue conferences."""
    tree = Units(store)
    answered: Counter[str] = Counter()
    received: Counter[str] = Counter()
    for row in load(store, period.start, period.end):
        if row.kind != "dialogue":
            continue
        for unit in tree.ancestors(row.unit_code) if row.unit_code in tree.by_code else [row.unit_code]:
            answered[unit] += row.answered or 0
            received[unit] += row.received or 0
    return {u: (answered[u], received[u]) for u in received}


def sentence_vi(found: Results, names: dict[str, str], top: int = 5) -> str:
    """"Triển khai 3 mô hình (…), 2 sáng kiến (…); tổ chức 2 hội nghị đối thoại, tiếp nhận 62 kiến nghị, đã trả
    lời 58 (93,5%); được khen thưởng: …"; empty if nothing was recorded."""
    parts = []
    made = [(k, found.of(k)) for k in ("model", "initiative") if found.of(k)]
    if made:
        parts.append("triển khai " + ", ".join(
            f"{vn_number(len(rows))} {KIND_VI[k]} (" + "; ".join(
                f"{r.title} – {names.get(r.unit_code, r.unit_code)}" for r in rows[:top])
            + (f"; và {vn_number(len(rows) - top)} {KIND_VI[k]} khác" if len(rows) > top else "") + ")"
            for k, rows in made))
    dialogues = found.of("dialogue")
    if dialogues:
        text = (f"tổ chức {vn_number(len(dialogues))} hội nghị đối thoại, tiếp nhận {vn_number(found.received)} "
                f"kiến nghị, đã trả lời {vn_number(found.answered)}")
        if found.received:
            text += f" ({vn_percent(100.0 * found.answered / found.received)})"
        parts.append(text)
    awards = found.of("award")
    if awards:
        parts.append("được khen thưởng: " + "; ".join(
            f"{names.get(r.unit_code, r.unit_code)} – {r.title}" + (f" ({r.awarded_by})" if r.awarded_by else "")
            for r in awards[:top]) + (f"; và {vn_number(len(awards) - top)} khen thưởng khác" if len(awards) > top
                                      else ""))
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:]
