"""Units as the engine sees them: names, kinds and ancestry."""

from dataclasses import dataclass

from chiso.domain.errors import InvalidValue
from chiso.domain.text import unit_key
from chiso.store.store import Store

LEVELS = ("province", "department", "commune", "other")
LEVEL_VI = {"province": "Tỉnh", "department": "Sở, ban, ngành", "commune": "Xã, phường", "other": "Đơn vị khác"}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    parent: str | None
    depth: int


class Units:
    def __init__(self, store: Store) -> None:
        rows = store.con.execute("SELECT code, name, kind, parent_code, depth FROM units ORDER BY depth, code")
        self.by_code = {str(r[0]): Unit(str(r[0]), str(r[1]), str(r[2]), r[3], int(r[4])) for r in rows.fetchall()}

    def get(self, code: str) -> Unit:
        """A unit by its code (any case), or by its name when one unit has it (tone placement, case and the
        "UBND" prefix set aside: "Sở Tư pháp", "UBND Phường Hòa Bình" = "Phường Hoà Bình")."""
        unit = self.by_code.get(code) or next((u for u in self.by_code.values() if u.code.casefold() ==
                                               code.casefold()), None)
        if unit is None:
            key = unit_key(code)
            named = [u for u in self.by_code.values() if unit_key(u.name) == key]
            unit = named[0] if len(named) == 1 else None
        if unit is None:
            raise InvalidValue("unit", code, "a unit code from `chiso units list`")
        return unit

    def root(self) -> Unit:
        """The unit at the top (the province)."""
        return next(u for u in self.by_code.values() if u.parent is None)

    def ancestors(self, code: str) -> list[str]:
        """The unit itself, then its parent, up to the root."""
        out: list[str] = []
        node: str | None = code
        while node is not None and node not in out and node in self.by_code:
            out.append(node)
            node = self.by_code[node].parent
        return out

    def below(self, code: str) -> list[str]:
        """The unit and every unit under it (the set whose dossiers count for it)."""
        return [c for c in self.by_code if code in self.ancestors(c)]

    def of_level(self, level: str) -> list[Unit]:
        if level not in LEVELS:
            raise InvalidValue("level", level, " | ".join(LEVELS))
        return [u for u in self.by_code.values() if u.kind == level]

    def siblings(self, code: str) -> list[Unit]:
        """Units of the same kind under the same parent (the set a unit is ranked in)."""
        unit = self.get(code)
        return [u for u in self.by_code.values() if u.kind == unit.kind and u.parent == unit.parent]
