"""The import column schema (data/columns.toml): columns, types, accepted headers, enumerations."""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from chiso.domain.errors import InvalidValue
from chiso.domain.text import ascii_key

KINDS = ("units", "procedures", "dossiers", "feedback", "reported", "plan", "published", "tasks", "rankings",
         "achievements", "scores")
KIND_VI = {"units": "Đơn vị", "procedures": "Thủ tục hành chính", "dossiers": "Hồ sơ TTHC",
           "feedback": "Phản ánh, kiến nghị", "reported": "Số liệu báo cáo", "plan": "Kế hoạch, chỉ tiêu",
           "published": "Số liệu Cổng DVCQG công bố (Bộ chỉ số 766)",
           "tasks": "Nhiệm vụ được giao",
           "rankings": "Bảng xếp hạng các tỉnh, thành phố (766, PAR INDEX, SIPAS, DTI…)",
           "achievements": "Mô hình, sáng kiến, đối thoại, khen thưởng",
           "scores": "Điểm tự đánh giá, thẩm định theo bộ tiêu chí (PAR INDEX, SIPAS…)"}


_AROUND_MARKS = re.compile(r"\s*([/,:;()\-])\s*")


def header_key(text: str) -> str:
    """A header compared without case, diacritics, underscores or spaces around marks ("Đơn vị/ cá nhân")."""
    return _AROUND_MARKS.sub(r"\1", ascii_key(text.replace("_", " ").replace("\ufeff", "")))


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str
    required: bool
    aliases: tuple[str, ...]
    en: str

    @property
    def enum(self) -> str | None:
        if self.type == "bool":
            return "bool"
        return self.type.split(":", 1)[1] if self.type.startswith("enum:") else None


@dataclass(frozen=True)
class EntitySpec:
    kind: str
    columns: tuple[ColumnSpec, ...]

    def column(self, name: str) -> ColumnSpec:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    def match(self, header: str) -> ColumnSpec | None:
        key = header_key(header)
        for col in self.columns:
            if key == header_key(col.name) or key in (header_key(a) for a in col.aliases):
                return col
        return None


@cache
def _raw() -> dict[str, dict[str, dict[str, object]]]:
    text = resources.files("chiso.store").joinpath("data", "columns.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def entity(kind: str) -> EntitySpec:
    if kind not in KINDS:
        raise InvalidValue("import kind", kind, " | ".join(KINDS))
    cols = []
    for name, info in _raw()[kind].items():
        aliases = info.get("aliases", [])
        assert isinstance(aliases, list)
        cols.append(ColumnSpec(name, str(info["type"]), bool(info.get("required", False)),
                               tuple(str(a) for a in aliases), str(info.get("en", ""))))
    return EntitySpec(kind, tuple(cols))


def enum_values(name: str) -> dict[str, str]:
    """Accepted spelling key -> canonical value for enumeration ``name``."""
    table = _raw()["enums"][name]
    out: dict[str, str] = {}
    for value, spellings in table.items():
        assert isinstance(spellings, list)
        for spelling in [value, *spellings]:
            out[ascii_key(str(spelling))] = value
    return out
