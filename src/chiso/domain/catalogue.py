"""The indicator catalogue: versioned definitions read from TOML files (shipped, then a province's own).

A file holds ``[[indicator]]`` entries and optionally one composite index (``[index]``, ``[[group]]``,
``[[metric]]``). A definition is identified by (id, version) and is in force from ``valid_from`` to
``valid_to``; a later file with the same id and version replaces it, a new version adds to it.
"""

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypeVar

from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.index_definition import IndexDefinition, parse_index


class _Versioned(Protocol):
    def in_force(self, day: date) -> bool: ...


T = TypeVar("T", bound=_Versioned)
KINDS = ("dossier_ratio", "feedback_ratio", "procedure_ratio", "average", "count", "reported", "task_ratio",
         "dialogue_ratio")
SCOPES = ("handled", "received")
DIRECTIONS = ("higher", "lower")


@dataclass(frozen=True)
class Indicator:
    id: str
    version: str
    valid_from: date
    valid_to: date | None
    name_vi: str
    name_en: str
    unit: str
    direction: str
    kind: str
    scope: str = "handled"
    numerator: str = "true"
    denominator: str = "true"
    subtract: tuple[str, ...] = ()
    value: str | None = None
    action_vi: str = ""
    action_en: str = ""
    description: str = ""
    provisional: bool = False
    origin: str = ""

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_ratio(self) -> bool:
        return self.kind.endswith("_ratio")


def _text(entry: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str):
        raise InvalidValue(f"{where}: {key}", value, "text")
    return value


def _date(entry: Mapping[str, Any], key: str, where: str) -> date | None:
    value = entry.get(key)
    if value is None or isinstance(value, date):
        return value
    raise InvalidValue(f"{where}: {key}", value, "a TOML date such as 2022-06-23")


def parse_indicator(entry: Mapping[str, Any], origin: str) -> Indicator:
    where = f"{origin}: indicator {entry.get('id', '?')}"
    kind = _text(entry, "kind", where)
    if kind not in KINDS:
        raise InvalidValue(f"{where}: kind", kind, " | ".join(KINDS))
    scope = _text(entry, "scope", where, "handled")
    if scope not in SCOPES:
        raise InvalidValue(f"{where}: scope", scope, " | ".join(SCOPES))
    direction = _text(entry, "direction", where, "higher")
    if direction not in DIRECTIONS:
        raise InvalidValue(f"{where}: direction", direction, " | ".join(DIRECTIONS))
    valid_from = _date(entry, "valid_from", where)
    if valid_from is None:
        raise InvalidValue(f"{where}: valid_from", None, "the date the definition takes effect")
    subtract = entry.get("subtract", [])
    if not isinstance(subtract, list) or not all(isinstance(s, str) for s in subtract):
        raise InvalidValue(f"{where}: subtract", subtract, "a list of filters")
    if kind == "average" and "value" not in entry:
        raise InvalidValue(f"{where}: value", None, "the expression to average")
    if kind == "task_ratio":
        from chiso.domain.tasks import TASK_MEASURES

        for key in ("numerator", "denominator"):
            if entry.get(key) not in TASK_MEASURES:
                raise InvalidValue(f"{where}: {key}", entry.get(key), " | ".join(TASK_MEASURES))
    return Indicator(
        id=_text(entry, "id", where), version=str(entry.get("version", "1")), valid_from=valid_from,
        valid_to=_date(entry, "valid_to", where), name_vi=_text(entry, "name_vi", where),
        name_en=_text(entry, "name_en", where), unit=_text(entry, "unit", where, "%"), direction=direction,
        kind=kind, scope=scope, numerator=_text(entry, "numerator", where, "true"),
        denominator=_text(entry, "denominator", where, "true"), subtract=tuple(subtract),
        value=entry.get("value"), action_vi=_text(entry, "action_vi", where, ""),
        action_en=_text(entry, "action_en", where, ""), description=_text(entry, "description", where, ""),
        provisional=bool(entry.get("provisional", False)), origin=origin,
    )


@dataclass
class Catalogue:
    indicators: dict[str, list[Indicator]] = field(default_factory=dict)
    indexes: dict[str, list[IndexDefinition]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def add_file(self, text: str, origin: str) -> None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidValue("catalogue file", origin, f"valid TOML ({exc})") from None
        for entry in data.get("indicator", []):
            self._put(self.indicators, parse_indicator(entry, origin))
        if "index" in data:
            self._put(self.indexes, parse_index(data, origin))
        self.files.append(origin)

    @staticmethod
    def _put(table: dict[str, list[Any]], item: Any) -> None:
        versions = [v for v in table.get(item.id, []) if v.version != item.version]
        table[item.id] = sorted([*versions, item], key=lambda v: v.valid_from)

    def indicator(self, ident: str, on: date) -> Indicator:
        versions = self.indicators.get(ident)
        if not versions:
            raise InvalidValue("indicator", ident, "one of " + ", ".join(sorted(self.indicators)))
        return _in_force(versions, on, f"indicator {ident}")

    def index(self, ident: str, on: date) -> IndexDefinition:
        versions = self.indexes.get(ident)
        if not versions:
            raise InvalidValue("index", ident, "one of " + ", ".join(sorted(self.indexes)))
        return _in_force(versions, on, f"index {ident}")

    def latest(self) -> list[Indicator]:
        return [versions[-1] for _, versions in sorted(self.indicators.items())]


def _in_force(versions: Iterable[T], on: date, what: str) -> T:
    found = [v for v in versions if v.in_force(on)]
    if not found:
        raise ChisoError(f"no version of {what} is in force on {on:%d/%m/%Y}")
    return found[-1]


def load_catalogue(folders: Iterable[Path] = ()) -> Catalogue:
    """The shipped catalogue, then every ``*.toml`` of ``folders`` in name order."""
    catalogue = Catalogue()
    shipped = resources.files("chiso.domain").joinpath("data", "catalogue")
    for entry in sorted(shipped.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            catalogue.add_file(entry.read_text(encoding="utf-8"), f"chiso:{entry.name}")
    for folder in folders:
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            catalogue.add_file(path.read_text(encoding="utf-8"), str(path))
    return catalogue
