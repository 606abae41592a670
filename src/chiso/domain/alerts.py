"""Alert rules as data: what chiso warns about (a kind with its parameters) and whom (recipient groups).

The shipped rules are in ``domain/data/alerts.toml``; a province replaces a rule by its id, adds its own or turns
one off in ``<config>/alerts.toml``. The kinds a rule may name are those the engine can detect
(``engine.alerts.DETECTORS``), checked there; this module only reads and validates the file.
"""

import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from chiso.domain.errors import InvalidValue

RECIPIENTS = ("unit", "head", "steering")
CHANNELS = ("inbox", "email", "webhook")
RULE_VI = {"dossier_due_soon": "Hồ sơ sắp đến hạn", "dossier_overdue": "Hồ sơ quá hạn",
           "task_overdue": "Nhiệm vụ quá hạn", "index_drop": "Chỉ số 766 giảm",
           "milestone_at_risk": "Mốc chỉ tiêu có nguy cơ không đạt"}


@dataclass(frozen=True)
class AlertRule:
    id: str
    kind: str
    to: tuple[str, ...]
    within_working_days: int = 1
    points: float = 5.0
    enabled: bool = True
    origin: str = field(default="", compare=False)

    @property
    def title_vi(self) -> str:
        return RULE_VI.get(self.kind, self.id)


def _rule(entry: object, origin: str) -> AlertRule:
    if not isinstance(entry, dict):
        raise InvalidValue(f"alert rule ({origin})", str(entry)[:60], "a [[rule]] table")
    ident, kind = entry.get("id"), entry.get("kind", entry.get("id"))
    if not isinstance(ident, str) or not ident or not isinstance(kind, str):
        raise InvalidValue(f"alert rule ({origin}): id", ident, "a name")
    to = entry.get("to", [])
    if not isinstance(to, list) or not to or any(t not in RECIPIENTS for t in to):
        raise InvalidValue(f"alert rule {ident} ({origin}): to", to, " | ".join(RECIPIENTS))
    within = entry.get("within_working_days", 1)
    if not isinstance(within, int) or isinstance(within, bool) or not 0 <= within <= 60:
        raise InvalidValue(f"alert rule {ident} ({origin}): within_working_days", within, "0 to 60")
    points = entry.get("points", 5)
    if not isinstance(points, int | float) or isinstance(points, bool) or not 0 < points <= 100:
        raise InvalidValue(f"alert rule {ident} ({origin}): points", points, "more than 0, at most 100")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise InvalidValue(f"alert rule {ident} ({origin}): enabled", enabled, "true or false")
    return AlertRule(ident, kind, tuple(dict.fromkeys(to)), within, float(points), enabled, origin)


def _parse(text: str, origin: str) -> list[AlertRule]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidValue(f"alert rules ({origin})", str(exc), "a TOML file of [[rule]] tables") from None
    return [_rule(entry, origin) for entry in data.get("rule", [])]


def load_rules(config: Path | None) -> list[AlertRule]:
    """The shipped rules, with the province's (same id: replaced; new: added); those turned off left out."""
    shipped = files("chiso.domain").joinpath("data", "alerts.toml")
    rules = {r.id: r for r in _parse(shipped.read_text(encoding="utf-8"), "alerts.toml")}
    own = config / "alerts.toml" if config is not None else None
    if own is not None and own.is_file():
        for rule in _parse(own.read_text(encoding="utf-8"), str(own)):
            rules[rule.id] = rule
    return [r for r in rules.values() if r.enabled]
