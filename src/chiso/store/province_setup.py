"""Setting up a store for any of the 34 provinces in force since 1/7/2025.

Units come from reference packages, never retyped: the province and its communes and wards from
``vietnam-provinces``; the districts and communes that existed before the 2025 reorganisation, with their
successors, from ``vietnamadminunits`` (its data files only); the departments from a template CSV the province
edits (``<config>/departments.csv``, copied from the shipped template on first use).

Ended units are kept with ``valid_to`` 30/06/2025 and kind ``other``: an old commune sits under the new commune
that took it over (so its dossiers roll up there) and names it as successor; an old district sits under the
province (its work went to several communes and to the province, so it names no successor).
"""

import csv
import json
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

import pyarrow as pa
from vietnam_provinces import Province, ProvinceCode, Ward

from chiso.domain.errors import ChisoError
from chiso.domain.text import ascii_key, name_key
from chiso.store.importing import ImportResult, import_table
from chiso.store.store import Store

MERGER_END = date(2025, 6, 30)
DEPARTMENTS_FILE = "departments.csv"


@dataclass
class UnitRow:
    code: str
    name: str
    kind: str
    parent: str | None
    valid_to: date | None = None
    successor: str | None = None


@dataclass
class ProvincePlan:
    code: int
    name: str
    prefix: str
    prefix_source: str
    units: list[UnitRow] = field(default_factory=list)

    def count(self, kind: str, ended: bool = False) -> int:
        return sum(1 for u in self.units if u.kind == kind and (u.valid_to is not None) == ended)


def find_province(text: str) -> Province:
    """A province by its code (52) or name ("Gia Lai", "tỉnh Gia Lai", "Thanh Hoá", "TP Hồ Chí Minh")."""
    cleaned = text.strip()
    if cleaned.isdigit():
        try:
            return Province.from_code(ProvinceCode(int(cleaned)))
        except ValueError:
            pass
    wanted = ascii_key(cleaned)
    for prefix in ("tinh ", "thanh pho ", "tp. ", "tp "):
        wanted = wanted.removeprefix(prefix)
    for province in Province.iter_all():
        key = ascii_key(province.name).removeprefix("thanh pho ")
        if key == wanted:
            return province
    names = ", ".join(sorted(p.name for p in Province.iter_all()))
    raise ChisoError(f"--province {text!r}: not one of the 34 provinces in force since 1/7/2025 ({names})")


def _identifier(code: int) -> tuple[str, str]:
    text = resources.files("chiso.store").joinpath("data", "province-identifiers.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        if int(row["province_code"]) == code:
            return row["prefix"], row["source"]
    return f"P{code:02d}", "not known to chiso: illustrative; edit departments.csv to set the real codes"


def departments_file(config: Path | None, create: bool = True) -> Path | None:
    """The province's department list, created from the shipped template on first use (unless ``create`` is off)."""
    if config is None:
        return None
    path = config / DEPARTMENTS_FILE
    if not path.exists() and not create:
        return None
    if not path.exists():
        config.mkdir(parents=True, exist_ok=True)
        with resources.as_file(resources.files("chiso.store").joinpath("data", "departments-template.csv")) as src:
            shutil.copyfile(src, path)
    return path


def template_departments() -> list[tuple[str, str]]:
    """The shipped template: (number, name) of the usual departments and agencies of a province."""
    return _departments(None)


def _departments(config: Path | None, create: bool = True) -> list[tuple[str, str]]:
    path = departments_file(config, create)
    source = resources.files("chiso.store").joinpath("data", "departments-template.csv")
    text = path.read_text(encoding="utf-8-sig") if path else source.read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    if rows and not {"number", "name"} <= set(rows[0]):
        raise ChisoError(f"{path}: needs the columns number,name (and optionally code)")
    return [((r.get("code") or "").strip() or r["number"].strip(), r["name"].strip()) for r in rows if r.get("name")]


def _adminunits_data() -> Path:
    spec = find_spec("vietnamadminunits")  # locates the package without importing it (its parser needs network)
    if spec is None or not spec.submodule_search_locations:
        raise ChisoError("the package vietnamadminunits is not installed (make run installs it)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _legacy_units(province: Province, commune_codes: dict[str, str], code: str) -> list[UnitRow]:
    """Pre-2025 districts and communes of the old provinces merged into ``province``, with successors."""
    data = _adminunits_data()
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    con = sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)
    try:
        new_key = next((str(r[0]) for r in con.execute(
            "SELECT DISTINCT provinceKey FROM admin_units WHERE provinceCode = ?", [f"{int(province.code):02d}"])),
            None)
        if new_key is None:
            return []
        ward_code = {str(k): str(c) for k, c in con.execute(
            "SELECT wardKey, wardCode FROM admin_units WHERE provinceKey = ?", [new_key])}
        old_keys = converter["DICT_PROVINCE"].get(new_key, [])
        marks = ",".join("?" * len(old_keys))
        legacy = con.execute(
            f"SELECT provinceKey, districtKey, wardKey, district, ward, districtCode, wardCode "
            f"FROM admin_units_legacy WHERE provinceKey IN ({marks}) ORDER BY districtCode, wardCode", old_keys
        ).fetchall()
    finally:
        con.close()
    successor: dict[str, str] = {}
    for new_ward, olds in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_key, {}).items():
        for old in olds:
            successor[old] = new_ward
    for old, options in converter["DICT_PROVINCE_WARD_DIVIDED"].get(new_key, {}).items():
        chosen = next((o for o in options if o.get("isDefaultNewWard")), options[0] if options else None)
        if chosen:
            successor[old] = str(chosen["newWardKey"])
    rows: list[UnitRow] = []
    seen_districts: set[str] = set()
    for prov_key, dist_key, ward_key, district, ward, dist_code, w_code in legacy:
        district_unit = f"D{dist_code}"
        if district_unit not in seen_districts:
            seen_districts.add(district_unit)
            rows.append(UnitRow(district_unit, f"UBND {district}", "other", code, MERGER_END))
        new_ward = successor.get(f"{prov_key}_{dist_key}_{ward_key}")
        new_code = commune_codes.get(ward_code.get(new_ward, "")) if new_ward else None
        if new_code is None:  # not in the conversion table: a commune that kept its code kept its territory
            new_code = commune_codes.get(str(w_code))
        rows.append(UnitRow(f"C{w_code}", f"UBND {ward}", "other", new_code or district_unit, MERGER_END, new_code))
    return rows


def plan_province(text: str, config: Path | None, history: bool = True, create: bool = True) -> ProvincePlan:
    province = find_province(text)
    code = str(int(province.code))
    prefix, source = _identifier(int(province.code))
    title = province.name if province.name.startswith("Thành phố") else f"tỉnh {province.name}"
    plan = ProvincePlan(int(province.code), province.name, prefix, source)
    plan.units.append(UnitRow(code, f"UBND {title}", "province", None))
    for number, name in _departments(config, create):
        unit_code = number if "." in number or not number.isdigit() else f"{prefix}.{number}"
        plan.units.append(UnitRow(unit_code, name, "department", code))
    communes = sorted(Ward.iter_by_province(ProvinceCode(province.code)), key=lambda w: int(w.code))
    by_gso = {f"{int(w.code):05d}": str(int(w.code)) for w in communes}
    plan.units += [UnitRow(str(int(w.code)), f"UBND {w.name}", "commune", code) for w in communes]
    if history:
        plan.units += _legacy_units(province, by_gso, code)
    keys = [name_key(u.code) for u in plan.units]
    if len(set(keys)) != len(keys):
        raise ChisoError("departments.csv gives a code twice, or one a commune already has")
    return plan


def unit_table(plan: ProvincePlan) -> pa.Table:
    units = plan.units
    return pa.table({
        "_line": pa.array(range(2, len(units) + 2), pa.int64()),
        "code": [u.code for u in units], "name": [u.name for u in units], "kind": [u.kind for u in units],
        "parent_code": pa.array([u.parent for u in units], pa.string()),
        "valid_to": pa.array([u.valid_to.isoformat() if u.valid_to else None for u in units], pa.string()),
        "successor_code": pa.array([u.successor for u in units], pa.string()),
    })


def existing(store: Store, plan: ProvincePlan) -> int:
    codes = [u.code for u in plan.units]
    row = store.con.execute("SELECT count(*) FROM units WHERE code IN (SELECT unnest(?))", [codes]).fetchone()
    return int(row[0]) if row else 0


def set_up(store: Store, plan: ProvincePlan) -> ImportResult:
    """Write the plan's units through the units import (atomic, idempotent) and remember the province."""
    other = store.meta("province_code")
    if other is not None and other != str(plan.code):
        raise ChisoError(f"this store is set up for province {other}; use another --db for province {plan.code}")
    result = import_table(store, "units", unit_table(plan), f"init {plan.name}")
    store.set_meta("province_code", str(plan.code))
    store.set_meta("province_name", plan.name)
    return result
