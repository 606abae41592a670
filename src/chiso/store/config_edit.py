"""Changing a province's configuration files (settings.toml, calendar.csv) with checks, as the web admin does."""

import csv
import io
import json
import math
import tomllib
from datetime import date
from pathlib import Path

from chiso.domain.calendar import DayKind
from chiso.domain.errors import InvalidValue
from chiso.domain.holiday_sources import parse_entries
from chiso.domain.settings import Settings, setting_table
from chiso.store.workspace import Workspace

HEADER = ["day", "kind", "name", "source"]


def _toml_value(value: object) -> str:
    """A TOML value. Strings are escaped as JSON escapes them, which TOML's basic strings read the same way
    (quotes, backslashes and every control character, \\r included)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise InvalidValue("setting", value, "a finite number")
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def _write_toml(path: Path, data: dict[str, dict[str, object]]) -> None:
    lines = ["# chiso settings of this province (written by chiso; the same keys as `chiso settings`)"]
    for section in sorted(data):
        lines.append(f"\n[{section}]")
        lines += [f"{key} = {_toml_value(value)}" for key, value in sorted(data[section].items())]
    text = "\n".join(lines) + "\n"
    if {f"{s}.{k}": v for s, keys in tomllib.loads(text).items() for k, v in keys.items()} != {
            f"{s}.{k}": v for s, keys in data.items() for k, v in keys.items()}:
        raise InvalidValue("settings file", str(path), "values that read back as written")  # never a broken file
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def set_setting(workspace: Workspace, key: str, text: str) -> tuple[str, str]:
    """Set ``key`` from its text (typed like its default); checked as a whole before writing. (old, new)."""
    defaults = {info.key: info.default for info in setting_table()}
    if key not in defaults:
        raise InvalidValue("setting", key, "a key from `chiso settings`")
    default = defaults[key]
    if isinstance(default, bool):
        said = text.strip().lower()
        if said not in ("true", "false", "1", "0", "có", "không", "yes", "no"):
            raise InvalidValue(f"setting {key}", text, "a value of type bool")
        text = "true" if said in ("true", "1", "có", "yes") else ""
    try:
        if isinstance(default, bool):
            value: object = bool(text)
        elif isinstance(default, int):
            value = int(text)
        else:
            value = float(text.replace(",", ".")) if isinstance(default, float) else text
    except ValueError:
        raise InvalidValue(f"setting {key}", text, f"a value of type {type(default).__name__}") from None
    path = workspace.settings_file
    data: dict[str, dict[str, object]] = {}
    if path.exists():
        data = {s: dict(v) for s, v in tomllib.loads(path.read_text(encoding="utf-8")).items()}
    section, name = key.split(".", 1)
    old = Settings.load(path).values[key]
    data.setdefault(section, {})[name] = value
    Settings({f"{s}.{k}": v for s, keys in data.items() for k, v in keys.items()}, origin="new settings")
    workspace.config.mkdir(parents=True, exist_ok=True)
    _write_toml(path, data)
    return str(old), str(value)


def set_calendar_day(workspace: Workspace, day: date, kind: str, name: str, source: str) -> str | None:
    """Make ``day`` a local day off or working day (replacing an earlier line for it); returns the old line."""
    if kind not in (k.value for k in DayKind):
        raise InvalidValue("kind", kind, "off | work")
    if not name.strip() or not source.strip():
        raise InvalidValue("name and source", f"{name!r}, {source!r}", "a name and the decision it comes from")
    path = workspace.local_calendar_file
    rows: list[dict[str, str]] = []
    if path.exists():
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    old = next((f"{r['day']},{r['kind']},{r['name']}" for r in rows if r.get("day") == day.isoformat()), None)
    rows = [r for r in rows if r.get("day") != day.isoformat()]
    rows.append({"day": day.isoformat(), "kind": kind, "name": name.strip(), "source": source.strip()})
    rows.sort(key=lambda r: r["day"])
    out = io.StringIO()
    writer = csv.DictWriter(out, HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: r.get(k, "") for k in HEADER} for r in rows)
    parse_entries(out.getvalue(), str(path))  # the file chiso will read must parse
    workspace.config.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".csv.tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    tmp.replace(path)
    return old
