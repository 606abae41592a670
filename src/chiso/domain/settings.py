"""Settings are data: a shipped table of keys, defaults and meanings, overridden by a province's file."""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from importlib import resources
from pathlib import Path
from typing import Any

from chiso.domain.due import DueRules
from chiso.domain.errors import InvalidValue
from chiso.domain.office_hours import OfficeHours, parse_clock
from chiso.domain.scoring import Band, parse_bands
from chiso.domain.targets import FRAMINGS, BandRules

DUE_SOURCES = ("computed", "synchronised", "synchronised_else_computed")
UNIT_COLUMNS = ("processing_unit", "receiving_unit")


@dataclass(frozen=True)
class SettingInfo:
    key: str
    default: object
    en: str
    vi: str


def setting_table() -> list[SettingInfo]:
    """Every setting with its default and its documentation, in file order."""
    text = resources.files("chiso.domain").joinpath("data", "settings.toml").read_text(encoding="utf-8")
    table: list[SettingInfo] = []
    for section, keys in tomllib.loads(text).items():
        for name, info in keys.items():
            table.append(SettingInfo(f"{section}.{name}", info["default"], info["en"], info["vi"]))
    return table


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


SMTP_SECURITY = ("starttls", "ssl", "none")


class Settings:
    """Typed access to the effective settings."""

    def __init__(self, overrides: Mapping[str, object] | None = None, origin: str = "settings") -> None:
        self.values: dict[str, object] = {info.key: info.default for info in setting_table()}
        for key, value in (overrides or {}).items():
            if key not in self.values:
                raise InvalidValue(f"{origin}: setting", key, "one of " + ", ".join(self.values))
            if type(value) is not type(self.values[key]):
                expected = type(self.values[key]).__name__
                raise InvalidValue(f"{origin}: setting {key}", value, f"a value of type {expected}")
            self.values[key] = value
        self._validate()

    @classmethod
    def load(cls, path: Path | None) -> "Settings":
        if path is None or not path.exists():
            return cls()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise InvalidValue("settings file", str(path), f"valid TOML ({exc})") from None
        return cls(_flatten(data), origin=str(path))

    def _validate(self) -> None:
        _ = self.office_hours, self.due_time
        if self.due_source not in DUE_SOURCES:
            raise InvalidValue("status.due_source", self.due_source, " | ".join(DUE_SOURCES))
        if self.unit_column not in UNIT_COLUMNS:
            raise InvalidValue("index.unit_column", self.unit_column, " | ".join(UNIT_COLUMNS))
        _ = self.bands, self.target_bands
        if self.report_top < 1:
            raise InvalidValue("report.top", self.report_top, "at least 1")
        if self.plan_framing not in FRAMINGS:
            raise InvalidValue("report.plan_framing", self.plan_framing, " or ".join(FRAMINGS))
        if self.acceleration < 1:
            raise InvalidValue("plan.acceleration", self.acceleration, "a factor of at least 1.0")
        _ = self.accountability_weights
        if self._str("alerts.smtp_security") not in SMTP_SECURITY:
            raise InvalidValue("alerts.smtp_security", self._str("alerts.smtp_security"), " | ".join(SMTP_SECURITY))

    def _int(self, key: str) -> int:
        value = self.values[key]
        assert isinstance(value, int)
        return value

    def number(self, key: str) -> int:
        """A whole-number setting, e.g. ``import.max_rows``."""
        if key not in self.values:
            raise InvalidValue("setting", key, "one of " + ", ".join(self.values))
        return self._int(key)

    def _str(self, key: str) -> str:
        return str(self.values[key])

    @property
    def first_year(self) -> int:
        return self._int("calendar.first_year")

    @property
    def last_year(self) -> int:
        return self._int("calendar.last_year")

    @property
    def office_hours(self) -> OfficeHours:
        return OfficeHours.parse(self._str("calendar.office_hours"))

    @property
    def due_time(self) -> time | None:
        text = self._str("calendar.due_time").strip()
        return parse_clock(text) if text else None

    @property
    def due_rules(self) -> DueRules:
        return DueRules(self.office_hours, self.due_time)

    @property
    def due_source(self) -> str:
        return self._str("status.due_source")

    @property
    def max_supplements_on_time(self) -> int:
        return self._int("status.max_supplements_on_time")

    @property
    def feedback_limit_working_days(self) -> int:
        return self._int("feedback.limit_working_days")

    @property
    def future_tolerance_minutes(self) -> int:
        return self._int("import.future_tolerance_minutes")

    @property
    def import_memory_mb(self) -> int:
        return self._int("import.memory_limit_mb")

    @property
    def max_unpacked_mb(self) -> int:
        return self._int("import.max_unpacked_mb")

    @property
    def max_shared_strings_mb(self) -> int:
        return self._int("import.max_shared_strings_mb")

    @property
    def unit_column(self) -> str:
        return self._str("index.unit_column")

    @property
    def bands(self) -> list[Band]:
        return parse_bands(self._str("index.bands"))

    def fingerprint(self) -> tuple[object, ...]:
        """The values that change computed figures (used to cache compiled queries); report wording does not."""
        return tuple(sorted((k, str(v)) for k, v in self.values.items() if not k.startswith("report.")))

    def text(self, key: str) -> str:
        """A text setting, e.g. ``report.place``."""
        if key not in self.values:
            raise InvalidValue("setting", key, "one of " + ", ".join(self.values))
        return self._str(key)

    @property
    def report_top(self) -> int:
        return self._int("report.top")

    @property
    def plan_framing(self) -> str:
        """'achieved' or 'not_met': how a review states a plan's result (report.plan_framing)."""
        return self._str("report.plan_framing").strip()

    @property
    def target_bands(self) -> BandRules:
        return BandRules(float(self._int("plan.exceeded_from")), float(self._int("plan.band_high")),
                         float(self._int("plan.band_low")))

    @property
    def acceleration(self) -> float:
        value = self.values["plan.acceleration"]
        assert isinstance(value, float)
        return value

    @property
    def extension_counts_on_time(self) -> bool:
        """Whether a task done by an approved extended deadline counts as done on time (tasks.*)."""
        return bool(self.values["tasks.extension_counts_on_time"])

    @property
    def tasks_due_soon_working_days(self) -> int:
        return self._int("tasks.due_soon_working_days")

    @property
    def accountability_weights(self) -> dict[str, float]:
        from chiso.domain.accountability import parse_weights

        return parse_weights(self._str("accountability.weights"))

    @property
    def commend_from(self) -> float:
        return float(self._int("accountability.commend_from"))

    @property
    def remind_below(self) -> float:
        return float(self._int("accountability.remind_below"))
