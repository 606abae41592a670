"""Demo units: Gia Lai province, its departments and its 135 communes (from vietnam-provinces)."""

import pyarrow as pa
from vietnam_provinces import Province, ProvinceCode, Ward

from chiso.store.province_setup import template_departments

PROVINCE_CODE = 52
PORTAL_PREFIX = "H21"  # Gia Lai's identifier in dossier numbers (illustrative)

# Departments of a province after the 2025 reorganisation: the template `chiso init` starts from. Codes are
# portal-style and illustrative.
DEPARTMENTS = template_departments()


def department_codes() -> list[str]:
    return [f"{PORTAL_PREFIX}.{n}" for n, _ in DEPARTMENTS]


def communes() -> list[Ward]:
    return sorted(Ward.iter_by_province(ProvinceCode(PROVINCE_CODE)), key=lambda w: int(w.code))


def unit_table() -> pa.Table:
    province = Province.from_code(ProvinceCode(PROVINCE_CODE))
    codes = [str(PROVINCE_CODE)]
    names = [f"UBND tỉnh {province.name}"]
    kinds = ["province"]
    parents: list[str | None] = [None]
    for number, name in DEPARTMENTS:
        codes.append(f"{PORTAL_PREFIX}.{number}")
        names.append(name)
        kinds.append("department")
        parents.append(str(PROVINCE_CODE))
    for ward in communes():
        codes.append(str(int(ward.code)))
        names.append(f"UBND {ward.name}")
        kinds.append("commune")
        parents.append(str(PROVINCE_CODE))
    lines = list(range(2, len(codes) + 2))
    return pa.table({"_line": pa.array(lines, pa.int64()), "code": codes, "name": names, "kind": kinds,
                     "parent_code": pa.array(parents, pa.string())})
