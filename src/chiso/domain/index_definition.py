"""A composite index (such as 766) as data: groups, metrics, scoring rules and provisional formulas."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from chiso.domain.errors import InvalidValue
from chiso.domain.scoring import ScoreRule

LEVELS = ("unit", "province")


@dataclass(frozen=True)
class Metric:
    code: str
    group: str
    rule: ScoreRule
    indicator: str  # the catalogue indicator giving numerator and denominator (kind "reported": imported)
    level: str = "unit"  # "province": exists only at province level and is copied to every unit

    @property
    def maximum(self) -> Decimal:
        return self.rule.maximum

    @property
    def display_only(self) -> bool:
        return self.rule.maximum == 0


@dataclass(frozen=True)
class Term:
    """One part of a provisional group formula: the product of some metrics' ratios, scored by ``rule``."""

    metrics: tuple[str, ...]
    rule: ScoreRule


@dataclass(frozen=True)
class Group:
    code: str
    name_vi: str
    name_en: str
    maximum: Decimal
    reported: bool = False  # the group score itself is reported (formula not published)
    provisional: tuple[Term, ...] = ()
    provisional_note: str = ""


@dataclass(frozen=True)
class IndexDefinition:
    id: str
    version: str
    valid_from: date
    valid_to: date | None
    name_vi: str
    name_en: str
    decimals: int
    groups: tuple[Group, ...]
    metrics: tuple[Metric, ...]
    origin: str = ""
    display_codes: tuple[str, ...] = ()  # portal items worth 0 points that are not metrics here (AVG_TIME …)

    def is_display_only(self, code: str) -> bool:
        return code in self.display_codes or any(m.code == code and m.display_only for m in self.metrics)

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def metric(self, code: str) -> Metric:
        for m in self.metrics:
            if m.code == code:
                return m
        raise InvalidValue(f"metric of index {self.id}", code, "one of " + ", ".join(m.code for m in self.metrics))

    def group(self, code: str) -> Group:
        for g in self.groups:
            if g.code == code:
                return g
        raise InvalidValue(f"group of index {self.id}", code, "one of " + ", ".join(g.code for g in self.groups))

    def metrics_of(self, group: str) -> list[Metric]:
        return [m for m in self.metrics if m.group == group]

    @property
    def maximum(self) -> Decimal:
        return sum((g.maximum for g in self.groups), Decimal(0))


def _rule(entry: Mapping[str, Any], where: str) -> ScoreRule:
    threshold = entry.get("threshold")
    try:
        return ScoreRule(Decimal(str(entry.get("max", 0))), entry.get("rule", "linear"),
                         None if threshold is None else Decimal(str(threshold)), entry.get("empty", "zero"))
    except InvalidValue as exc:
        raise InvalidValue(f"{where}: {exc.what}", exc.value, exc.expected) from None


def parse_index(data: Mapping[str, Any], origin: str) -> IndexDefinition:
    head = data["index"]
    where = f"{origin}: index {head.get('id', '?')}"
    groups = []
    for g in data.get("group", []):
        gwhere = f"{where} group {g.get('code', '?')}"
        terms = tuple(Term(tuple(t["metrics"]), _rule(t, gwhere)) for t in g.get("provisional", []))
        groups.append(Group(str(g["code"]), str(g["name_vi"]), str(g["name_en"]), Decimal(str(g["max"])),
                            bool(g.get("reported", False)), terms, str(g.get("provisional_note", ""))))
    codes = {g.code for g in groups}
    metrics = []
    for m in data.get("metric", []):
        mwhere = f"{where} metric {m.get('code', '?')}"
        if m.get("group") not in codes:
            raise InvalidValue(f"{mwhere}: group", m.get("group"), "one of " + ", ".join(sorted(codes)))
        level = str(m.get("level", "unit"))
        if level not in LEVELS:
            raise InvalidValue(f"{mwhere}: level", level, " | ".join(LEVELS))
        metrics.append(Metric(str(m["code"]), str(m["group"]), _rule(m, mwhere), str(m.get("indicator", m["code"])),
                              level))
    definition = IndexDefinition(
        str(head["id"]), str(head.get("version", "1")), head["valid_from"], head.get("valid_to"),
        str(head["name_vi"]), str(head["name_en"]), int(head.get("decimals", 2)), tuple(groups), tuple(metrics),
        origin, tuple(str(c) for c in head.get("display_only", [])))
    for group in groups:
        scored = sum((m.maximum for m in definition.metrics_of(group.code)), Decimal(0))
        if not group.reported and scored != group.maximum:
            raise InvalidValue(f"{where}: group {group.code} maximum", group.maximum,
                               f"the sum of its metrics' maxima ({scored})")
        for term in group.provisional:
            for code in term.metrics:
                definition.metric(code)
    return definition
