"""Resolving what users type (codes, names, suffixed procedure codes) to the store's keys.

Names match exactly once case, Unicode form and tone placement are set aside ("Hòa" = "Hoà"), and a unit's
"UBND" prefix is optional ("UBND xã Ia Grai" = "Xã Ia Grai"). Nothing is matched by similarity: a name that
does not match gets the closest names as suggestions in the rejected-rows report, and the province settles it
in ``<config>/unit-aliases.csv`` or ``<config>/procedure-aliases.csv`` (name as exported, code).
"""

import csv
import difflib
import re
from pathlib import Path

import duckdb

from chiso.domain.errors import ChisoError
from chiso.domain.text import name_key, unit_key
from chiso.store.store import Store

NATIONAL_CODE = re.compile(r"^(\d\.\d{6})")
SUGGESTIONS = 3
MAX_SUGGESTED = 300  # distinct unknown names given suggestions; the rest only the reason


def read_aliases(config: Path | None, name: str) -> dict[str, str]:
    """``<config>/<name>``: name as exported -> code (first two columns; a header row is skipped)."""
    path = config / name if config else None
    if path is None or not path.is_file():
        return {}
    out: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if len(row) < 2 or not row[0].strip() or row[0].strip().startswith("#"):
                continue
            if number == 1 and row[1].strip().casefold() in ("code", "mã", "ma"):
                continue
            out[row[0]] = row[1].strip()
    return out


def _closest(value: str, keys: dict[str, str], labels: dict[str, str]) -> str:
    found = difflib.get_close_matches(value, list(keys), n=SUGGESTIONS, cutoff=0.6)
    return "; ".join(f"{labels[keys[k]]} ({keys[k]})" for k in found)


_RESOLVERS: dict[tuple[object, ...], "UnitResolver"] = {}


def unit_resolver(con: duckdb.DuckDBPyConnection, config: Path | None = None) -> "UnitResolver":
    """The resolver of the store's units and the province's aliases; built again only when either changed (a
    push asks for it twice a batch, and building it keys every unit's name)."""
    rows = tuple((str(c), str(n), bool(ended)) for c, n, ended in
                 con.execute("SELECT code, name, valid_to IS NOT NULL FROM units ORDER BY code").fetchall())
    aliases = read_aliases(config, "unit-aliases.csv")
    key = (rows, tuple(sorted(aliases.items())))
    found = _RESOLVERS.get(key)
    if found is None:
        found = UnitResolver(list(rows), aliases)
        if len(_RESOLVERS) >= 4:
            _RESOLVERS.clear()
        _RESOLVERS[key] = found
    return found


class UnitResolver:
    """A unit by code (any case), by alias, or by name; current units win a name shared with ended ones."""

    def __init__(self, rows: list[tuple[str, str, bool]], aliases: dict[str, str] | None = None) -> None:
        self.by_code = {code.casefold(): code for code, _, _ in rows}
        self.names = {code: name for code, name, _ in rows}
        current: dict[str, list[str]] = {}
        ended: dict[str, list[str]] = {}
        for code, name, is_ended in rows:
            (ended if is_ended else current).setdefault(unit_key(name), []).append(code)
        self.by_name = {k: v[0] for k, v in ended.items() if len(v) == 1}
        self.by_name.update({k: v[0] for k, v in current.items() if len(v) == 1})
        for key in [k for k, v in current.items() if len(v) > 1]:
            self.by_name.pop(key, None)
        # A name an ended unit shared with a current one: the ended unit, for rows dated while it existed.
        self.ended_twin = {k: v[0] for k, v in ended.items() if len(v) == 1 and len(current.get(k, [])) == 1}
        self.aliases: dict[str, str] = {}
        for name, code in (aliases or {}).items():
            if code.casefold() not in self.by_code:
                raise ChisoError(f"unit-aliases.csv: {name!r} points to unknown unit code {code!r}",
                                 vi=f"unit-aliases.csv: {name!r} trỏ tới mã đơn vị không có {code!r}")
            self.aliases[unit_key(name)] = self.by_code[code.casefold()]

    def __call__(self, values: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for value in values:
            key = unit_key(value)
            code = self.by_code.get(value.casefold()) or self.aliases.get(key) or self.by_name.get(key)
            if code is not None:
                out[value] = code
        return out

    def ended_twins(self, values: list[str]) -> dict[str, str]:
        """Raw names resolved to a current unit that also name an ended unit: that ended unit's code."""
        return {v: self.ended_twin[unit_key(v)] for v in values
                if unit_key(v) in self.ended_twin and v.casefold() not in self.by_code
                and unit_key(v) not in self.aliases}

    def suggest(self, values: list[str]) -> dict[str, str]:
        keys = {unit_key(n): c for c, n in self.names.items()}
        return {v: s for v in values[:MAX_SUGGESTED] if (s := _closest(unit_key(v), keys, self.names))}


class ProcedureResolver:
    """A procedure by its exact code, or by the national code inside a suffixed local code."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = con.execute("SELECT code, national_code FROM procedures ORDER BY length(code), code").fetchall()
        self.codes = {str(code).casefold(): str(code) for code, _ in rows}
        self.national: dict[str, str] = {}
        for code, national in rows:
            self.national.setdefault(str(national), str(code))

    def __call__(self, values: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for value in values:
            code = self.codes.get(value.casefold())
            if code is None:
                match = NATIONAL_CODE.match(value)
                code = self.national.get(match.group(1)) if match else None
            if code is not None:
                out[value] = code
        return out


def level_class(text: str | None) -> str | None:
    """'commune' or 'province' from a procedure's level or a unit's kind, when it says."""
    key = name_key(text or "")
    if not key:
        return None
    if key in ("commune", "xã") or re.search(r"\b(xã|phường|đặc khu|thị trấn)\b", key):
        return "commune"
    if key in ("province", "department") or re.search(r"\b(tỉnh|sở|ban)\b", key):
        return "province"
    return None


class ProcedureNames:
    """Procedures by name: every exact match (with its level), the province's aliases first."""

    def __init__(self, con: duckdb.DuckDBPyConnection, config: Path | None = None) -> None:
        rows = con.execute("SELECT code, name, level FROM procedures ORDER BY code").fetchall()
        self.labels = {str(c): str(n) for c, n, _ in rows}
        self.by_name: dict[str, list[tuple[str, str | None]]] = {}
        for code, name, level in rows:
            self.by_name.setdefault(name_key(str(name)), []).append((str(code), level_class(level)))
        codes = {c.casefold(): c for c in self.labels}
        self.aliases: dict[str, str] = {}
        for name, code in read_aliases(config, "procedure-aliases.csv").items():
            match = codes.get(code.casefold())
            if match is None:
                national = NATIONAL_CODE.match(code)
                match = next((c for c in self.labels if national and c.startswith(national.group(1))), None)
            if match is None:
                raise ChisoError(f"procedure-aliases.csv: {name!r} points to unknown procedure code {code!r}",
                                 vi=f"procedure-aliases.csv: {name!r} trỏ tới mã thủ tục không có {code!r}")
            self.aliases[name_key(name)] = match

    def candidates(self, value: str) -> list[tuple[str, str | None]]:
        key = name_key(value)
        if key in self.aliases:
            return [(self.aliases[key], None)]
        return self.by_name.get(key, [])

    def suggest(self, value: str) -> str:
        keys = {k: v[0][0] for k, v in self.by_name.items()}
        return _closest(name_key(value), keys, self.labels)


_SPLIT = re.compile(r"\s*(?:[,;\n]|\s-\s|\bvà\b)\s*")


def coordinating_units(store: Store, lead: str, text: str | None) -> list[str]:
    """The units chiso knows among the coordinating units a register names ("Sở Nội vụ, các sở, ngành liên
    quan" names one), the lead unit left out."""
    if not text:
        return []
    names = [n.strip(" .") for n in _SPLIT.split(text) if n.strip(" .")]
    found = unit_resolver(store.con, store.config)(names)
    return sorted({unit for unit in found.values() if unit != lead})


def link_coordinators(store: Store, links: dict[str, list[str]]) -> None:
    """Replace the coordinating units of the tasks of ``links`` (task code -> unit codes)."""
    if not links:
        return
    marks = ", ".join("?" for _ in links)
    store.con.execute(f"DELETE FROM task_units WHERE task IN ({marks})", list(links))
    rows = [(task, unit) for task, units in links.items() for unit in units]
    if rows:
        store.con.executemany("INSERT INTO task_units VALUES (?, ?)", rows)
