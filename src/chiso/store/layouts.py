"""Export layouts: which header of a known export gives which chiso column, kept as data files.

A layout is a TOML file (shipped ones in ``store/data/layouts/``, a province's own in
``<config>/layouts/``): its kind, a name, the headers that identify it (``signature``), a header map
(``columns``: header -> chiso column, ``"-"`` for a known column chiso does not use) and optional derived
columns (``derive``: a column taken from flag columns, e.g. OpenCPS ``online`` / ``viaPostal``).
"""

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from chiso.domain.errors import ChisoError
from chiso.store.spec import KINDS, entity, header_key

GENERIC = "chiso"
UNUSED = "-"


@dataclass(frozen=True)
class When:
    header: str
    test: str  # yes | no | any | a literal value
    then: str


@dataclass(frozen=True)
class Derived:
    column: str
    cases: tuple[When, ...]


@dataclass(frozen=True)
class Layout:
    name: str
    kind: str
    title: str
    source: str
    signature: tuple[str, ...]
    columns: dict[str, str]  # header key -> column
    derive: tuple[Derived, ...] = ()
    origin: str = ""
    alternatives: tuple[tuple[str, ...], ...] = ()  # other header sets that identify it (e.g. field names)
    refuse: str = ""  # a known export chiso cannot take as this kind: why, and what to import instead
    unpivot: dict[str, str] = field(default_factory=dict)  # header key -> metric: one record per such cell

    def matched(self, keys: set[str]) -> int:
        """How many headers of the first signature fully present (0: not recognised)."""
        for signature in (self.signature, *self.alternatives):
            if signature and all(header_key(h) in keys for h in signature):
                return len(signature)
        return 0

    def recognises(self, keys: set[str]) -> bool:
        return self.matched(keys) > 0


def _parse(text: str, origin: str) -> Layout:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ChisoError(f"layout file {origin}: not valid TOML ({exc})") from None
    name, kind = str(data.get("name", "")), str(data.get("kind", ""))
    if not name or kind not in KINDS:
        raise ChisoError(f"layout file {origin}: needs name = \"…\" and kind = one of {', '.join(KINDS)}")
    raw_columns = data.get("columns", {})
    if not isinstance(raw_columns, dict):
        raise ChisoError(f"layout file {origin}: [columns] must map headers to chiso columns")
    into = tuple(str(c) for c in data.get("unpivot_into", ["metric", "score"]))
    if data.get("unpivot"):
        raw_columns = {**raw_columns, "(metric)": into[0], "(score)": into[1]}
    known = {c.name for c in entity(kind).columns} | {UNUSED}
    wrong = sorted({str(c) for c in raw_columns.values()} - known)
    if wrong:
        raise ChisoError(f"layout file {origin}: {', '.join(wrong)} is not a {kind} column "
                         f"(see `chiso columns {kind}`), nor '-' for a column chiso does not use")
    derive = []
    for item in data.get("derive", []):
        cases = tuple(When(str(c["header"]), str(c.get("is", "any")), str(c["then"])) for c in item.get("when", []))
        derive.append(Derived(str(item["column"]), cases))
    return Layout(name, kind, str(data.get("title", name)), str(data.get("source", "")),
                  tuple(str(h) for h in data.get("signature", [])),
                  {header_key(str(h)): str(c) for h, c in raw_columns.items()}, tuple(derive), origin,
                  tuple(tuple(str(h) for h in alt) for alt in data.get("alternatives", [])),
                  str(data.get("refuse", "")),
                  {header_key(str(h)): str(m) for h, m in data.get("unpivot", {}).items()})


_LOADED: dict[tuple[object, ...], list[Layout]] = {}


def load_layouts(config: Path | None) -> list[Layout]:
    """Shipped layouts, then the province's own (a province layout with a shipped name replaces it). Read again
    only when a province layout file is added, removed or changed (a push reads them at every batch)."""
    folder = config / "layouts" if config else None
    own = sorted(folder.glob("*.toml")) if folder is not None and folder.is_dir() else []
    stats = [(str(p), p.stat()) for p in own]
    stamp: tuple[object, ...] = (str(folder), *((name, st.st_mtime_ns, st.st_size) for name, st in stats))
    if stamp not in _LOADED:
        found: dict[tuple[str, str], Layout] = {}
        shipped = resources.files("chiso.store").joinpath("data", "layouts")
        for entry in sorted(shipped.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                layout = _parse(entry.read_text(encoding="utf-8"), entry.name)
                found[(layout.kind, layout.name)] = layout
        for path in own:
            layout = _parse(path.read_text(encoding="utf-8"), str(path))
            found[(layout.kind, layout.name)] = layout
        if len(_LOADED) > 16:
            _LOADED.clear()
        _LOADED[stamp] = list(found.values())
    return list(_LOADED[stamp])


def layouts_of(kind: str, config: Path | None) -> list[Layout]:
    return [lay for lay in load_layouts(config) if lay.kind == kind]


def known_header_keys(candidates: list[Layout], aliases: list[str]) -> set[str]:
    """Every header key that names a column in one of the ``candidates`` layouts or in the column schema."""
    keys = {header_key(a) for a in aliases}
    for layout in candidates:
        keys |= set(layout.columns) | set(layout.unpivot)
        keys |= {header_key(h) for sig in (layout.signature, *layout.alternatives) for h in sig}
    return keys


def choose(kind: str, candidates: list[Layout], headers: list[str], forced: str | None) -> Layout | None:
    """The layout named ``forced``, else the most specific of ``candidates`` whose signature is all present."""
    if forced:
        if forced == GENERIC:
            return None
        for layout in candidates:
            if layout.name == forced:
                return layout
        names = ", ".join([GENERIC, *sorted(lay.name for lay in candidates)])
        raise ChisoError(f"--layout {forced!r}: no such layout for {kind}; layouts: {names}")
    keys = {header_key(h) for h in headers}
    matching = [lay for lay in candidates if lay.recognises(keys)]
    if not matching:
        return None
    return max(matching, key=lambda lay: (lay.matched(keys), sum(k in keys for k in lay.columns)))
