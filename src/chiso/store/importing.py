"""The import pipeline shared by every kind: stage, type, check, then write atomically or not at all."""

import getpass
import os
import re
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from chiso.domain.errors import ChisoError
from chiso.domain.periods import FIRST_YEAR, LAST_YEAR
from chiso.domain.reject_reasons import reason_vi
from chiso.domain.spreadsheet import csv_writer
from chiso.domain.text import ascii_key
from chiso.store.audit import record, record_change
from chiso.store.keyed import keys_in
from chiso.store.layouts import UNUSED, Layout, choose, known_header_keys, layouts_of
from chiso.store.reader import Limits, Staged, stage_file, stage_records
from chiso.store.spec import ColumnSpec, EntitySpec, entity, enum_values, header_key
from chiso.store.staging import (
    LOOKED_UP,
    REASONS,
    SHAPES,
    Resolver,
    blank,
    column_expr,
    enum_lookup,
    enum_reason,
    limit_lookup,
    lit,
    q,
    register_lookup,
    shape_query,
    stamp_source,
)
from chiso.store.store import Store

SQL_TYPES = {"text": "VARCHAR", "timestamp": "TIMESTAMP", "date": "DATE", "time": "TIME", "int": "BIGINT",
             "bool": "BOOLEAN", "decimal": "DECIMAL(18, 4)", "period": "VARCHAR",
             "unit": "VARCHAR", "procedure": "VARCHAR", "limit": "VARCHAR", "stops": "VARCHAR"}
PROGRESS = Callable[[str], None]
INLINE_LOOKUP = 24  # lookups with at most this many distinct spellings become a CASE expression


@dataclass(frozen=True)
class Check:
    """Rows for which ``condition`` (SQL over the staged table) holds are rejected for ``reason``."""

    column: str
    condition: str
    reason: str
    reason_expr: str | None = None  # SQL giving a row's own reason (e.g. with suggestions), else ``reason``


@dataclass
class Reject:
    line: int
    column: str
    value: str
    reason: str


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0


@dataclass
class ImportResult:
    kind: str
    source: str
    rows: int
    counts: Counts = field(default_factory=Counts)
    rejects: list[Reject] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    dropped_headers: list[str] = field(default_factory=list)
    unused_headers: list[str] = field(default_factory=list)
    report: Path | None = None
    written: bool = False
    layout: str = "chiso"
    layout_title: str = "chiso's own columns"
    header_line: int = 1
    skipped: int = 0
    warnings: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    outcomes: dict[int, str] = field(default_factory=dict)  # line -> what became of it (``import_records``)

    def reasons(self) -> list[tuple[str, int]]:
        """Rejected rows counted by reason, the commonest first."""
        counts: dict[str, int] = {}
        for r in self.rejects:
            key = r.reason.split("; closest", 1)[0]
            counts[key] = counts.get(key, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


class ImportRejected(ChisoError):
    def __init__(self, result: ImportResult) -> None:
        super().__init__(
            f"{result.source}: {len(result.rejects)} problem(s) in {result.rows} row(s); nothing was written"
            + (f"; report saved to {result.report}" if result.report else ""),
            vi=f"{result.source}: {len(result.rejects)} lỗi trong {result.rows} dòng; chưa ghi gì"
            + (f"; báo cáo lưu ở {result.report}" if result.report else ""),
        )
        self.result = result


@dataclass
class Context:
    store: Store
    spec: EntitySpec
    mapping: dict[str, str]  # column name -> file header
    now: datetime
    import_id: int = 0
    warnings: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    outcomes: dict[int, str] | None = None  # line -> inserted | updated | unchanged | older, when asked for
    suggested: set[str] = field(default_factory=set)  # columns with a table of closest codes (sg_<column>)
    values: dict[str, list[str]] = field(default_factory=dict)  # looked-up column -> its distinct trimmed values

    def has(self, name: str) -> bool:
        return name in self.mapping

    def header(self, name: str) -> str:
        return self.mapping.get(name, name)


class Importer(Protocol):
    """What an import kind provides; built-in kinds and a province's own are registered the same way."""

    kind: str

    def resolvers(self, ctx: Context) -> dict[str, Resolver]: ...

    def extra_columns(self, ctx: Context) -> list[str]: ...

    def checks(self, ctx: Context) -> list[Check]: ...

    def write(self, ctx: Context) -> Counts: ...


REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    REGISTRY[importer.kind] = importer
    return importer


def fault_point(name: str) -> None:
    """Test hook: CHISO_FAULT=<name> kills the process here, as a power cut would."""
    if os.environ.get("CHISO_FAULT") == name:
        os._exit(86)


def map_headers(spec: EntitySpec, headers: list[str], layout: Layout | None = None,
                fixed: dict[str, str] | None = None) -> tuple[dict[str, str], list[str], list[str], list[str]]:
    """Column -> header, and the headers ignored, dropped as personal data, and known but unused."""
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    dropped: list[str] = []
    unused: list[str] = []
    for header in headers:
        target = layout.columns.get(header_key(header)) if layout else None
        if target == UNUSED:
            unused.append(header)
            continue
        col = spec.column(target) if target else spec.match(header)
        if col is None:
            ignored.append(header)
        elif col.type == "drop":
            dropped.append(header)
        elif col.type == "ignore":
            unused.append(header)
        elif col.name in mapping:
            raise ChisoError(f"columns {mapping[col.name]!r} and {header!r} both give {spec.kind} {col.name!r}",
                             vi=f"hai cột {mapping[col.name]!r} và {header!r} cùng cho {col.name!r}")
        else:
            mapping[col.name] = header
    for name, header in (fixed or {}).items():
        if name in mapping:
            raise ChisoError(f"column {mapping[name]!r} already gives {spec.kind} {name!r}; drop the option",
                             vi=f"cột {mapping[name]!r} đã cho {name!r}; hãy bỏ giá trị nhập thêm")
        mapping[name] = header
    missing = [c for c in spec.columns if c.required and c.name not in mapping]
    if missing:
        col = missing[0]
        accepted = ", ".join([col.name, *col.aliases][:5])
        found = ", ".join(headers[:12])
        raise ChisoError(f"missing required column {col.name!r} for {spec.kind} (accepted headers: {accepted}); "
                         f"the header row found has: {found}",
                         vi=f"thiếu cột bắt buộc {col.name!r} (tiêu đề được chấp nhận: {accepted}); dòng tiêu đề "
                         f"tìm thấy có: {found}")
    return mapping, ignored, dropped, unused


def _derive(con: Any, layout: Layout | None, headers: list[str], mapping: dict[str, str]) -> None:
    """Add the layout's derived columns (e.g. the channel from OpenCPS flags) to ``stage_raw``."""
    if layout is None:
        return
    by_key = {header_key(h): h for h in headers}
    truth = enum_values("bool")
    yes = [k for k, v in truth.items() if v == "true"]
    no = [k for k, v in truth.items() if v == "false"]
    for derived in layout.derive:
        cases = [c for c in derived.cases if header_key(c.header) in by_key]
        if derived.column in mapping or not cases:
            continue
        parts = []
        for case in cases:
            raw = q(by_key[header_key(case.header)])
            key = f"strip_accents(replace(lower(trim(coalesce({raw}, ''))), 'đ', 'd'))"
            if case.test == "yes":
                cond = f"{key} IN ({', '.join(lit(v) for v in yes)})"
            elif case.test == "no":
                cond = f"{key} IN ({', '.join(lit(v) for v in no)})"
            elif case.test == "any":
                cond = f"{key} <> ''"
            elif case.test == "blank":
                cond = f"{key} = ''"
            else:
                cond = f"{key} = {lit(ascii_key(case.test))}"
            parts.append(f"WHEN {cond} THEN {lit(case.then)}")
        name = f"({derived.column})"
        con.execute(f"ALTER TABLE stage_raw ADD COLUMN {q(name)} VARCHAR")
        con.execute(f"UPDATE stage_raw SET {q(name)} = CASE {' '.join(parts)} END")
        mapping[derived.column] = name


OUTSIDE = "outside your units"


def _scope_checks(ctx: Context, importer: Importer, scope: Collection[str] | None) -> list[Check]:
    """Rows naming a unit outside ``scope``, or touching a record another unit owns (one place for every kind)."""
    if scope is None:
        return []
    register_lookup(ctx.store.con, "scope_units", {code: code for code in scope})
    inside = "(SELECT raw FROM scope_units)"
    checks = [Check(col.name, f"{q(col.name)} IS NOT NULL AND {q(col.name)} NOT IN {inside}",
                    f"{OUTSIDE}: this unit is not yours to write for")
              for col in ctx.spec.columns if col.type == "unit" and ctx.has(col.name)]
    owned = getattr(importer, "owned_elsewhere", None)
    if owned is not None:
        checks.append(Check(owned[0], owned[1].format(inside=inside),
                            f"{OUTSIDE}: this record belongs to another unit"))
    return checks


def _gives_data(spec: EntitySpec, layout: Layout | None, header: str) -> bool:
    """Whether ``header`` gives a column chiso stores (so that two of them cannot both be right)."""
    target = layout.columns.get(header_key(header)) if layout else None
    if target is not None:
        return target != UNUSED and spec.column(target).type not in ("drop", "ignore")
    col = spec.match(header)
    return col is not None and col.type not in ("drop", "ignore")


UNPIVOT_METRIC, UNPIVOT_VALUE = "(metric)", "(score)"


def _unpivot(store: Store, staged: Staged, layout: Layout) -> Staged:
    """One staged row per unpivoted cell: a wide table (a unit's group scores) becomes metric, score records."""
    wide = {h: layout.unpivot[header_key(h)] for h in staged.headers if header_key(h) in layout.unpivot}
    keep = [h for h in staged.headers if h not in wide]
    cols = ", ".join(q(h) for h in ["_line", *keep])
    parts = [f"SELECT {cols}, {lit(metric)} AS {q(UNPIVOT_METRIC)}, {q(h)} AS {q(UNPIVOT_VALUE)} FROM stage_raw"
             for h, metric in wide.items()]
    store.con.execute(f"CREATE OR REPLACE TEMP TABLE stage_raw AS {' UNION ALL '.join(parts)}")
    row = store.con.execute("SELECT count(*) FROM stage_raw").fetchone()
    return Staged([*keep, UNPIVOT_METRIC, UNPIVOT_VALUE], int(row[0]) if row else 0, staged.bad_lines,
                  staged.header_line, staged.skipped)


def _resolver(col: ColumnSpec, resolvers: dict[str, Resolver]) -> Resolver | None:
    """How typed values of ``col`` are resolved through a lookup table, if they are."""
    if col.enum is not None:
        return enum_lookup(col.enum)
    if col.type == "limit":
        return limit_lookup
    if col.type in LOOKED_UP:
        return resolvers[col.name]
    return None


def _build_stage(ctx: Context, importer: Importer) -> None:
    con = ctx.store.con
    joins: list[str] = []
    selects = ["r._line"]
    resolvers = importer.resolvers(ctx)
    mapped = [col for col in ctx.spec.columns if col.name in ctx.mapping and col.type not in ("drop", "personal",
                                                                                                "ignore")]
    looked_up = {col.name: resolver for col in mapped if (resolver := _resolver(col, resolvers)) is not None}
    values, shapes = _distinct(ctx, list(looked_up), [col for col in mapped if col.name not in looked_up])
    ctx.values = values
    for col in ctx.spec.columns:
        if col.type in ("drop", "personal", "ignore"):
            continue
        if col.name not in ctx.mapping:
            selects.append(f"CAST(NULL AS {SQL_TYPES.get(col.type, 'VARCHAR')}) AS {q(col.name)}")
            continue
        header = ctx.mapping[col.name]
        alias = f"lk_{col.name}"
        resolver = looked_up.get(col.name)
        if resolver is not None:
            resolved = resolver(values[col.name])
            suggest = getattr(resolver, "suggest", None)
            unknown = [v for v in values[col.name] if v not in resolved]
            if suggest is not None and unknown:
                register_lookup(con, f"sg_{col.name}", suggest(unknown))
                ctx.suggested.add(col.name)
            if len(resolved) <= INLINE_LOOKUP:  # a few spellings (yes/no, channels): a CASE beats a join
                whens = " ".join(f"WHEN {lit(raw)} THEN {lit(code)}" for raw, code in resolved.items())
                code_sql = f"(CASE trim(r.{q(header)}) {whens} END)" if whens else "CAST(NULL AS VARCHAR)"
            else:
                register_lookup(con, alias, resolved)
                joins.append(f"LEFT JOIN {alias} ON {alias}.raw = trim(r.{q(header)})")
                code_sql = f"{alias}.code"
        else:
            code_sql = "NULL"
        selects.append(f"{column_expr(col, header, code_sql, shapes.get(col.name))} AS {q(col.name)}")
        selects.append(f"r.{q(header)} AS {q('raw_' + col.name)}")
    selects += importer.extra_columns(ctx)
    sql = f"CREATE OR REPLACE TEMP TABLE stage AS SELECT {', '.join(selects)} FROM stage_raw r {' '.join(joins)}"
    params = {}
    if "$ipad" in sql:
        ipad, opad = ctx.store.pseudonym_params()
        params = {"ipad": ipad, "opad": opad}
    con.execute(sql, params) if params else con.execute(sql)


def _distinct(ctx: Context, looked_up: list[str], others: list[ColumnSpec]) -> tuple[dict[str, list[str]],
                                                                                     dict[str, set[str]]]:
    """In one statement (a small batch spent more time planning one statement per column than running them):
    the distinct trimmed values of each looked-up column, and the shapes of the values of each date or time
    column (``staging.parse_stamp``); a column with too many shapes to be dates is left out of the shapes (read
    with every format)."""
    parts: list[str] = []
    sources: list[tuple[str, str]] = []  # (what, column) of each part
    for name in looked_up:
        header = q(ctx.mapping[name])
        parts.append(f"SELECT DISTINCT trim({header}) AS v FROM stage_raw WHERE {blank(header)} IS NOT NULL")
        sources.append(("value", name))
    for col in others:
        found = stamp_source(col, ctx.mapping[col.name])
        if found is not None:
            parts.append(shape_query(found[0], "stage_raw"))
            sources.append(("shape", col.name))
    values: dict[str, list[str]] = {name: [] for name in looked_up}
    shapes: dict[str, set[str]] = {name: set() for what, name in sources if what == "shape"}
    if parts:
        sql = " UNION ALL ".join(f"SELECT {i} AS source, v FROM ({part})" for i, part in enumerate(parts))
        for index, value in ctx.store.con.execute(sql).fetchall():
            what, name = sources[int(index)]
            if what == "value":
                values[name].append(str(value))
            else:
                shapes[name].add(str(value))
    return ({name: sorted(found) for name, found in values.items()},
            {name: found for name, found in shapes.items() if len(found) <= SHAPES})


def _type_checks(ctx: Context) -> list[Check]:
    checks: list[Check] = []
    every = ", ".join(q(h) for h in ctx.mapping.values())
    row = ctx.store.con.execute(f"SELECT count(*) FROM stage_raw WHERE contains(concat({every}), chr(0))"
                                ).fetchone() if every else None
    nul = bool(row and row[0])  # NUL bytes are rare: each column is checked only when the file holds one
    for col in ctx.spec.columns:
        if col.name not in ctx.mapping or col.type in ("drop", "personal", "stops", "ignore"):
            continue
        raw = q("raw_" + col.name)
        if nul:
            checks.append(Check(col.name, f"contains(coalesce({raw}, ''), chr(0))", "holds a NUL character"))
        if col.type == "text":
            if col.required:
                checks.append(Check(col.name, f"{q(col.name)} IS NULL", "required value is missing"))
            continue
        if col.required:
            checks.append(Check(col.name, f"{blank(raw)} IS NULL", "required value is missing"))
        reason = enum_reason(col.enum) if col.enum else REASONS[col.type]
        hint = None
        if col.type in ("unit", "procedure") and col.name in ctx.suggested:
            hint = (f"{lit(reason)} || coalesce((SELECT '; closest: ' || code FROM sg_{col.name} "
                    f"WHERE raw = trim({raw})), '')")
        # The typed value is NULL for few rows: testing it first spares the text work on the rest.
        checks.append(Check(col.name, f"{q(col.name)} IS NULL AND {blank(raw)} IS NOT NULL", reason, hint))
        if col.type in ("timestamp", "date"):
            checks.append(Check(col.name, f"year({q(col.name)}) NOT BETWEEN {FIRST_YEAR} AND {LAST_YEAR}",
                                REASONS["years"]))
    return checks


def future_checks(ctx: Context, columns: list[str]) -> list[Check]:
    limit = ctx.now + timedelta(minutes=ctx.store.settings.future_tolerance_minutes)
    return [Check(c, f"{q(c)} > TIMESTAMP '{limit:%Y-%m-%d %H:%M:%S}'", "date is in the future")
            for c in columns if ctx.has(c)]


def duplicate_check(column: str, what: str) -> Check:
    return Check(column, f"count(*) OVER (PARTITION BY {q(column)}) > 1 AND {q(column)} IS NOT NULL",
                 f"{what} appears more than once in this file")


WINDOW = re.compile(r"\bOVER\s*\(", re.IGNORECASE)


def _collect_rejects(ctx: Context, checks: list[Check], staged: Staged) -> list[Reject]:
    """Every failed check of every row: one filtered scan per check (columnar and cheap), all in one statement
    (a batch of a thousand records spent more time planning some thirty statements than running them)."""
    con = ctx.store.con
    con.execute("CREATE OR REPLACE TEMP TABLE rejects (_line BIGINT, col VARCHAR, value VARCHAR, reason VARCHAR)")
    parts: list[str] = []
    params: list[object] = []
    for check in checks:
        value = q("raw_" + check.column) if ctx.has(check.column) else "NULL"
        if check.column in ctx.mapping and ctx.spec.column(check.column).type == "personal":
            value = "'***'"
        reason = check.reason_expr or "CAST(? AS VARCHAR)"
        params += [ctx.header(check.column)] + ([] if check.reason_expr else [check.reason])
        source = f"(SELECT *, ({check.condition}) AS _bad FROM stage) WHERE _bad" if WINDOW.search(check.condition) \
            else f"stage WHERE {check.condition}"  # a window function cannot filter: it is computed first
        parts.append(f"SELECT _line, CAST(? AS VARCHAR), CAST({value} AS VARCHAR), {reason} FROM {source}")
    if parts:
        con.execute("INSERT INTO rejects " + " UNION ALL ".join(parts), params)
    for line, value, reason in staged.bad_lines:
        con.execute("INSERT INTO rejects VALUES (?, '', ?, ?)", [line, value, reason])
    rows = con.execute("SELECT _line, col, coalesce(value, ''), reason FROM rejects ORDER BY _line, col").fetchall()
    return [Reject(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def write_report(rejects: list[Reject], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(["line", "column", "value", "reason", "reason_vi"])
        for r in rejects:
            writer.writerow([r.line, r.column, r.value, r.reason, reason_vi(r.reason)])


Stager = Callable[[set[str], PROGRESS], Staged]


def run_import(store: Store, kind: str, source: str, stage: Stager,
               skip_invalid: bool = False, report: Path | None = None, progress: PROGRESS | None = None,
               by: str | None = None, layout: str | None = None, fixed: dict[str, str] | None = None,
               scope: Collection[str] | None = None, outcomes: bool = False, small: bool = False) -> ImportResult:
    """Stage with ``stage``, check every row, then write all valid rows in one transaction.

    ``layout`` forces an export layout (default: recognised from the headers); ``fixed`` gives a value to a
    column the file lacks (e.g. the receiving unit of a one-agency list). ``scope``: the units the user may
    write for (None: all); a file with any row of another unit, or touching another unit's record, is refused
    whole, naming the rows, whatever ``skip_invalid`` says. ``outcomes``: record what became of each line
    (``ImportResult.outcomes``; kinds that keep a version per record, such as dossiers). ``small``: a batch
    whose memory needs no cap (a push).
    """
    importer = REGISTRY.get(kind)
    if importer is None:
        raise ChisoError(f"no importer for {kind!r}", vi=f"không có cách nhập cho loại {kind!r}")
    with bounded_memory(store, cap=not small):
        return _run_import(store, importer, kind, source, stage, skip_invalid, report, progress, by, layout, fixed,
                           scope, outcomes)


@contextmanager
def bounded_memory(store: Store, cap: bool = True) -> Iterator[None]:
    """Cap the engine's memory for the import (it spills to disk past it), then restore the store's own cap and
    the insertion order the import let go of."""
    limit = store.settings.import_memory_mb
    if limit <= 0 or not cap:
        try:
            yield
        finally:
            store.con.execute("SET preserve_insertion_order = true")
        return
    row = store.con.execute("SELECT current_setting('memory_limit'), current_setting('temp_directory')").fetchone()
    before, temp = (str(row[0]), str(row[1])) if row else ("", "")
    spill = store.path.with_name(store.path.name + ".tmp")
    store.con.execute(f"SET memory_limit = '{int(limit)}MB'")
    if not temp:
        store.con.execute(f"SET temp_directory = {lit(str(spill))}")
    try:
        yield
    finally:
        store.con.execute("SET preserve_insertion_order = true")
        if before:
            store.con.execute(f"SET memory_limit = {lit(before)}")


def _run_import(store: Store, importer: Importer, kind: str, source: str, stage: Stager,
                skip_invalid: bool, report: Path | None, progress: PROGRESS | None, by: str | None,
                layout: str | None, fixed: dict[str, str] | None, scope: Collection[str] | None = None,
                outcomes: bool = False) -> ImportResult:
    tell = progress or (lambda _step: None)
    started = time.perf_counter()
    spec = entity(kind)
    tell("đọc tệp / reading")
    aliases = [a for c in spec.columns for a in (c.name, *c.aliases)]
    candidates = layouts_of(kind, store.config)  # read once per import
    staged = stage(known_header_keys(candidates, aliases), tell)
    # Line numbers are fixed now: the rest may run in any order, which lets the engine spill instead of failing.
    store.con.execute("SET preserve_insertion_order = false")
    chosen = choose(kind, candidates, staged.headers, layout)
    if chosen is not None and chosen.refuse:
        raise ChisoError(f"{source}: recognised as '{chosen.title}' ({chosen.name}); {chosen.refuse}",
                         vi=f"{source}: nhận ra là '{chosen.title}' ({chosen.name}); {chosen.refuse}")
    used = [h for h in staged.duplicates if _gives_data(spec, chosen, h)]
    if used:
        raise ChisoError(f"{source}: the header {used[0]!r} appears more than once; which column holds the "
                         f"{spec.kind}' data? Rename or remove one, then import again",
                         vi=f"{source}: tiêu đề {used[0]!r} xuất hiện nhiều lần; không rõ cột nào chứa dữ liệu. "
                         "Hãy đổi tên hoặc bỏ bớt một cột rồi nhập lại")
    if chosen is not None and chosen.unpivot:
        staged = _unpivot(store, staged, chosen)
    fixed_headers: dict[str, str] = {}
    for name, value in (fixed or {}).items():
        header = f"({name})"
        store.con.execute(f"ALTER TABLE stage_raw ADD COLUMN {q(header)} VARCHAR DEFAULT {lit(value)}")
        fixed_headers[name] = header
    mapping, ignored, dropped, unused = map_headers(spec, staged.headers, chosen, fixed_headers)
    _derive(store.con, chosen, staged.headers, mapping)
    ctx = Context(store, spec, mapping, datetime.now(), outcomes={} if outcomes else None)
    result = ImportResult(kind, source, staged.rows, ignored_headers=ignored, dropped_headers=dropped,
                          unused_headers=unused, header_line=staged.header_line, skipped=staged.skipped)
    if chosen is not None:
        result.layout, result.layout_title = chosen.name, chosen.title
    tell(f"kiểm tra / checking {staged.rows:,} dòng/rows".replace(",", "."))
    _build_stage(ctx, importer)
    scoped = _scope_checks(ctx, importer, scope)
    result.rejects = _collect_rejects(ctx, _type_checks(ctx) + importer.checks(ctx) + scoped, staged)
    if scoped and any(r.reason.startswith(OUTSIDE) for r in result.rejects):
        skip_invalid = False  # another unit's row: the whole file is refused
    result.warnings, result.notes = ctx.warnings, ctx.notes
    if result.rejects and report is not None:
        write_report(result.rejects, report)
        result.report = report
    if result.rejects and not skip_invalid:
        raise ImportRejected(result)
    store.con.execute("DELETE FROM stage WHERE _line IN (SELECT _line FROM rejects)")
    tell("ghi / writing")
    with store.transaction():
        row = store.con.execute("SELECT coalesce(max(id), 0) + 1 FROM imports").fetchone()
        ctx.import_id = int(row[0]) if row else 1
        # optional: the earliest moment the rows change, and the units whose rows change
        affects = getattr(importer, "affects", None)
        affects_from, units = affects(ctx) if affects is not None else (None, None)
        result.counts = importer.write(ctx)
        fault_point("before_commit")
        c = result.counts
        store.con.execute(
            "INSERT INTO imports VALUES (?, ?, ?, current_timestamp::TIMESTAMP, ?, ?, ?, ?, ?)",
            [ctx.import_id, kind, source, staged.rows, c.inserted, c.updated, c.unchanged, len(result.rejects)],
        )
        record(store, by or getpass.getuser(), f"import.{kind}", source, None,
               f"layout {result.layout}; inserted {c.inserted}, updated {c.updated}, unchanged {c.unchanged}, "
               f"rejected {len(result.rejects)}")
        if affects_from is not None:  # the figures of periods ending before it stay as they were
            record_change(store, affects_from, units)
    result.written = True
    result.outcomes = ctx.outcomes or {}
    result.seconds = time.perf_counter() - started
    for table in ("stage", "stage_raw", "rejects"):
        store.con.execute(f"DROP TABLE IF EXISTS {table}")
    return result


def import_file(store: Store, kind: str, path: Path, skip_invalid: bool = False, report: Path | None = None,
                progress: PROGRESS | None = None, by: str | None = None, source: str | None = None,
                layout: str | None = None, fixed: dict[str, str] | None = None,
                scope: Collection[str] | None = None, isolated: bool = False) -> ImportResult:
    """Import ``path``; ``isolated``: read it in a watched process of its own (the web server does), with the
    limits of settings ``import.max_*`` (see ``store/isolated.py``)."""
    import chiso.store.kinds  # noqa: F401  (registers the built-in importers)

    limits = Limits(store.settings.max_unpacked_mb, store.settings.max_shared_strings_mb)

    def stage(known: set[str], tell: PROGRESS) -> Staged:
        if isolated:
            from chiso.store.isolated import stage_isolated

            return stage_isolated(store, path, known, tell)
        return stage_file(store.con, path, known, tell, limits)

    return run_import(store, kind, source or path.name, stage, skip_invalid, report, progress, by, layout, fixed,
                      scope)


def import_table(store: Store, kind: str, table: pa.Table, source: str,
                 progress: PROGRESS | None = None) -> ImportResult:
    """Import an in-memory table of text columns (used by the demo), through the same checks."""
    import chiso.store.kinds  # noqa: F401

    def stage(_known: set[str], _tell: PROGRESS) -> Staged:
        store.con.register("table_in", table)
        store.con.execute("CREATE OR REPLACE TEMP TABLE stage_raw AS SELECT * FROM table_in")
        store.con.unregister("table_in")
        return Staged([n for n in table.column_names if n != "_line"], table.num_rows)

    return run_import(store, kind, source, stage, progress=progress, layout="chiso")


def import_records(store: Store, kind: str, records: Sequence[object], source: str, by: str,
                   scope: Collection[str] | None) -> ImportResult:
    """Import a batch of parsed JSON records (the push API) through the same checks as a file, recognising the
    same layouts (the DVCQG sync record, chiso's own names). Invalid records are rejected, the rest written;
    a record of a unit outside ``scope`` refuses the whole batch. What became of each record is in
    ``outcomes`` (by its position, from 1) and ``rejects``."""
    import chiso.store.kinds  # noqa: F401

    def stage(_known: set[str], tell: PROGRESS) -> Staged:
        return stage_records(store.con, ((i, r, "") for i, r in enumerate(records, start=1)), source, tell)

    small = len(records) <= ONE_THREAD_RECORDS
    with one_thread(store) if small else nullcontext():
        return run_import(store, kind, source, stage, skip_invalid=True, by=by, scope=scope, outcomes=True,
                          small=small)


ONE_THREAD_RECORDS = 20_000  # a batch this small is written quicker by one engine thread


@contextmanager
def one_thread(store: Store) -> Iterator[None]:
    """The engine on one thread while a small batch is written, then as before. A batch of 1,000 dossiers runs
    some 80 statements of a few milliseconds each; handing each statement's steps between threads cost more than
    it gained (about 175 -> 130 ms a batch on the bench store). The setting is the engine's, not the
    connection's: pages read meanwhile also run on one thread, for the tenth of a second the batch takes."""
    row = store.con.execute("SELECT current_setting('threads')").fetchone()
    before = int(row[0]) if row else 1
    if before <= 1:
        yield
        return
    store.con.execute("SET threads = 1")
    try:
        yield
    finally:
        store.con.execute(f"SET threads = {before}")


def replace_changed(store: Store, table: str, key: str, incoming: str, columns: str | None = None) -> None:
    """After ``changed_counts``: delete ``table``'s updated rows, insert the new and updated rows of ``incoming``."""
    target = f"{table} ({columns})" if columns else table
    replaced = keys_in(store, key, "SELECT k FROM classified WHERE action = 'updated'")
    if replaced != "FALSE":
        store.con.execute(f"DELETE FROM {table} WHERE {replaced}")
    store.con.execute(f"INSERT INTO {target} SELECT {columns or '*'} FROM {incoming} "
                      f"WHERE {key} IN (SELECT k FROM classified WHERE action IN ('inserted', 'updated'))")


def changed_counts(store: Store, table: str, key: str, incoming: str) -> Counts:
    """Classify ``incoming`` rows against ``table`` by key and row_hash (and last_event_at if present)."""
    con = store.con
    has_event = "last_event_at" in [r[0] for r in con.execute(f"DESCRIBE {incoming}").fetchall()]
    older = "AND i.last_event_at < t.last_event_at" if has_event else "AND FALSE"
    stored = keys_in(store, key, f"SELECT {key} FROM {incoming}")  # on PostgreSQL: by index, not a whole scan
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE classified AS SELECT i.{key} AS k, CASE "
        f"WHEN t.{key} IS NULL THEN 'inserted' WHEN i.row_hash = t.row_hash THEN 'unchanged' "
        f"WHEN TRUE {older} THEN 'older' ELSE 'updated' END AS action "
        f"FROM {incoming} i LEFT JOIN (SELECT * FROM {table} WHERE {stored}) t ON t.{key} = i.{key}"
    )
    counts = Counts()
    for action, n in con.execute("SELECT action, count(*) FROM classified GROUP BY action").fetchall():
        setattr(counts, str(action), int(n))
    return counts
