"""Scorecards: one model for the indices units are judged on (PAR Index, DTI, e-government maturity levels, SIPAS
…). A scorecard is a tree of criteria (areas → criteria → sub-criteria) with maximum points and the evidence each
needs, versioned and read from data files. Each unit assesses itself per criterion with evidence and an
explanation; an appraisal (thẩm định) may change a score, with its reason; the final score is the appraisal's
where there is one, else the self-assessment's. Criteria chiso computes (the on-time rate, the online rate …)
fill themselves in from the engine. Units are then placed in groups by thresholds of their percentage, or in
levels: a unit reaches a level when it meets every criterion of that level and of the levels below
("không xếp hạng" otherwise).
"""

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from chiso.domain.errors import InvalidValue

RULES = ("groups", "levels", "none")
NOT_RANKED = "không xếp hạng"


@dataclass(frozen=True)
class Criterion:
    code: str
    name_vi: str
    maximum: float
    parent: str | None = None
    evidence: str = ""
    level: str | None = None  # rule "levels": the level this criterion belongs to
    computed: str | None = None  # a catalogue indicator: points = maximum × its value (%) / 100


@dataclass(frozen=True)
class Group:
    minimum: float  # percent of the maximum
    label: str


@dataclass(frozen=True)
class Level:
    code: str
    label: str


@dataclass(frozen=True)
class Scorecard:
    id: str
    version: str
    name_vi: str
    source: str
    rule: str
    criteria: tuple[Criterion, ...]
    groups: tuple[Group, ...] = ()
    levels: tuple[Level, ...] = ()  # lowest first
    unit_levels: tuple[str, ...] = ("department", "commune")
    template: bool = False  # criteria a province replaces with its own
    origin: str = ""
    valid_from: int | None = None  # the first year this version assesses (None: every year)

    def criterion(self, code: str) -> Criterion:
        for c in self.criteria:
            if c.code == code:
                return c
        raise InvalidValue(f"scorecard {self.id}: criterion", code, "one of " + ", ".join(
            c.code for c in self.leaves))

    @property
    def leaves(self) -> list[Criterion]:
        """The criteria that are scored (those no other criterion has as its parent)."""
        parents = {c.parent for c in self.criteria if c.parent}
        return [c for c in self.criteria if c.code not in parents]

    def children(self, code: str | None) -> list[Criterion]:
        return [c for c in self.criteria if c.parent == code]

    @property
    def maximum(self) -> float:
        return sum(c.maximum for c in self.leaves)

    def subtotal(self, code: str, points: Mapping[str, float | None]) -> float | None:
        """The points of a criterion: its own if scored, else the sum of its children's (None: nothing scored)."""
        below = self.children(code)
        if not below:
            return points.get(code)
        found = [v for c in below if (v := self.subtotal(c.code, points)) is not None]
        return sum(found) if found else None

    def ceiling(self, code: str) -> float:
        below = self.children(code)
        return sum(self.ceiling(c.code) for c in below) if below else self.criterion(code).maximum

    def place(self, points: Mapping[str, float | None]) -> str | None:
        """The group or level of a unit's final points; None if nothing is scored."""
        scored = {k: v for k, v in points.items() if v is not None}
        if not scored:
            return None
        if self.rule == "groups":
            percent = 100.0 * sum(scored.values()) / self.maximum if self.maximum else 0.0
            return next((g.label for g in sorted(self.groups, key=lambda g: -g.minimum) if percent >= g.minimum),
                        NOT_RANKED)
        if self.rule == "levels":
            reached = NOT_RANKED
            for level in self.levels:
                needed = [c for c in self.leaves if c.level == level.code]
                if needed and all((scored.get(c.code) or 0) >= c.maximum for c in needed):
                    reached = level.label
                else:
                    break
            return reached
        return None


def _entries(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    return value if isinstance(value, list) else []


def parse_scorecard(text: str, origin: str) -> Scorecard:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidValue("scorecard file", origin, f"valid TOML ({exc})") from None
    head = data.get("scorecard", {})
    where = f"{origin}: scorecard"
    for key in ("id", "name_vi"):
        if not isinstance(head.get(key), str) or not head[key]:
            raise InvalidValue(f"{where}: {key}", head.get(key), "text")
    rule = str(head.get("rule", "none"))
    if rule not in RULES:
        raise InvalidValue(f"{where}: rule", rule, " | ".join(RULES))
    levels = tuple(Level(str(e["code"]), str(e.get("label", e["code"]))) for e in _entries(data, "level"))
    codes = {lv.code for lv in levels}
    criteria: list[Criterion] = []
    for entry in _entries(data, "criterion"):
        code = str(entry.get("code", ""))
        maximum = entry.get("max", 0)
        if not code or not isinstance(maximum, int | float) or maximum < 0:
            raise InvalidValue(f"{where} {head['id']}: criterion {code or '?'}: max", maximum, "a value of 0 or more")
        level = entry.get("level")
        if rule == "levels" and level is not None and str(level) not in codes:
            raise InvalidValue(f"{where} {head['id']}: criterion {code}: level", level, " | ".join(sorted(codes)))
        criteria.append(Criterion(code, str(entry.get("name_vi", code)), float(maximum),
                                  str(entry["parent"]) if entry.get("parent") else None,
                                  str(entry.get("evidence", "")), None if level is None else str(level),
                                  str(entry["computed"]) if entry.get("computed") else None))
    known = {c.code for c in criteria}
    if len(known) != len(criteria):
        raise InvalidValue(f"{where} {head['id']}: criterion", "a code twice", "codes given once")
    for c in criteria:
        if c.parent is not None and c.parent not in known:
            raise InvalidValue(f"{where} {head['id']}: criterion {c.code}: parent", c.parent, "a criterion's code")
    groups = tuple(Group(float(e["minimum"]), str(e["label"])) for e in _entries(data, "group"))
    return Scorecard(str(head["id"]), str(head.get("version", "1")), str(head["name_vi"]), str(head.get("source", "")),
                     rule, tuple(criteria), groups, levels, tuple(head.get("unit_levels", ("department", "commune"))),
                     bool(head.get("template", False)), origin,
                     int(head["valid_from"]) if isinstance(head.get("valid_from"), int) else None)


def in_force(versions: Sequence[Scorecard], year: int | None) -> Scorecard:
    """The version assessing ``year``: the latest whose ``valid_from`` is not after it (the newest without a
    year given); the earliest if every version starts later."""
    ordered = sorted(versions, key=lambda c: (c.valid_from or 0, c.version))
    if year is None:
        return ordered[-1]
    fitting = [c for c in ordered if (c.valid_from or 0) <= year]
    return fitting[-1] if fitting else ordered[0]


def computed_points(criterion: Criterion, value: float | None) -> float | None:
    """A computed criterion's points from its indicator's value in percent (None: no value)."""
    if value is None:
        return None
    return round(criterion.maximum * max(0.0, min(100.0, value)) / 100.0, 2)


@dataclass
class Distribution:
    """Units by group or level at one unit level, in the order the scorecard lists them."""

    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0


def distribution(card: Scorecard, places: Sequence[str | None]) -> Distribution:
    order = ([g.label for g in sorted(card.groups, key=lambda g: -g.minimum)] if card.rule == "groups"
             else [lv.label for lv in card.levels] if card.rule == "levels" else [])
    found = Distribution({label: 0 for label in [*order, NOT_RANKED]}, 0)
    for place in places:
        if place is None:
            continue
        found.counts[place] = found.counts.get(place, 0) + 1
        found.total += 1
    return found


def distribution_vi(level_vi: str, found: Distribution, pending: int = 0) -> str:
    """"cấp sở: 2 đơn vị mức I (10%), 8 đơn vị mức II (40%), 3 đơn vị không xếp hạng (15%)"; ``pending``: units
    without a result yet, said apart."""
    from chiso.domain.formatting import vn_number

    parts = [f"{vn_number(n)} đơn vị {label[0].lower() + label[1:]} ({vn_number(100.0 * n / found.total, 0)}%)"
             for label, n in found.counts.items() if n]
    text = f"{level_vi}: " + (", ".join(parts) if parts else "chưa có đơn vị nào được đánh giá")
    return text + (f"; {vn_number(pending)} đơn vị chưa có kết quả" if pending and parts else "")
