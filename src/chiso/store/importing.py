"""The import pipeline shared by every kind: stage, type, check, then write atomically or not at all."""

import csv
import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import pyarrow as pa

from chiso.domain.errors import ChisoError
from chiso.store.audit import record
from chiso.store.reader import Staged, stage_file
from chiso.store.spec import ColumnSpec, EntitySpec, entity
from chiso.store.staging import (
    LOOKED_UP,
    REASONS,
    Resolver,
    blank,
    column_expr,
    enum_lookup,
    enum_reason,
    limit_lookup,
    q,
    register_lookup,
)
from chiso.store.store import Store

SQL_TYPES = {"text": "VARCHAR", "timestamp": "TIMESTAMP", "date": "DATE", "time": "TIME", "int": "BIGINT",
             "bool": "BOOLEAN", "decimal": "DECIMAL(18, 4)", "period": "VARCHAR",
             "unit": "VARCHAR", "procedure": "VARCHAR", "limit": "VARCHAR", "stops": "VARCHAR"}
PROGRESS = Callable[[str], None]


@dataclass(frozen=True)
class Check:
    """Rows for which ``condition`` (SQL over the staged table) holds are rejected for ``reason``."""

    column: str
    condition: str
    reason: str


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
    report: Path | None = None
    written: bool = False


class ImportRejected(ChisoError):
    def __init__(self, result: ImportResult) -> None:
        super().__init__(
            f"{result.source}: {len(result.rejects)} problem(s) in {result.rows} row(s); nothing was written"
            + (f"; report saved to {result.report}" if result.report else "")
        )
        self.result = result


@dataclass
class Context:
    store: Store
    spec: EntitySpec
    mapping: dict[str, str]  # column name -> file header
    now: datetime
    import_id: int = 0

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


def map_headers(spec: EntitySpec, headers: list[str]) -> tuple[dict[str, str], list[str], list[str]]:
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    dropped: list[str] = []
    for header in headers:
        col = spec.match(header)
        if col is None:
            ignored.append(header)
        elif col.type == "drop":
            dropped.append(header)
        elif col.name in mapping:
            raise ChisoError(f"columns {mapping[col.name]!r} and {header!r} both give {spec.kind} {col.name!r}")
        else:
            mapping[col.name] = header
    missing = [c for c in spec.columns if c.required and c.name not in mapping]
    if missing:
        col = missing[0]
        accepted = ", ".join([col.name, *col.aliases][:5])
        raise ChisoError(f"missing required column {col.name!r} for {spec.kind} (accepted headers: {accepted})")
    return mapping, ignored, dropped


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
    for col in ctx.spec.columns:
        if col.type in ("drop", "personal"):
            continue
        if col.name not in ctx.mapping:
            selects.append(f"CAST(NULL AS {SQL_TYPES.get(col.type, 'VARCHAR')}) AS {q(col.name)}")
            continue
        header = ctx.mapping[col.name]
        alias = f"lk_{col.name}"
        resolver = _resolver(col, resolvers)
        if resolver is not None:
            values = [str(r[0]) for r in con.execute(
                f"SELECT DISTINCT trim({q(header)}) FROM stage_raw WHERE {blank(q(header))} IS NOT NULL"
            ).fetchall()]
            register_lookup(con, alias, resolver(values))
            joins.append(f"LEFT JOIN {alias} ON {alias}.raw = trim(r.{q(header)})")
        selects.append(f"{column_expr(col, header, alias)} AS {q(col.name)}")
        selects.append(f"r.{q(header)} AS {q('raw_' + col.name)}")
    selects += importer.extra_columns(ctx)
    sql = f"CREATE OR REPLACE TEMP TABLE stage AS SELECT {', '.join(selects)} FROM stage_raw r {' '.join(joins)}"
    params = {}
    if "$ipad" in sql:
        ipad, opad = ctx.store.pseudonym_params()
        params = {"ipad": ipad, "opad": opad}
    con.execute(sql, params) if params else con.execute(sql)


def _type_checks(ctx: Context) -> list[Check]:
    checks: list[Check] = []
    for col in ctx.spec.columns:
        if col.name not in ctx.mapping or col.type in ("drop", "personal", "stops"):
            continue
        if col.type == "text":
            if col.required:
                checks.append(Check(col.name, f"{q(col.name)} IS NULL", "required value is missing"))
            continue
        raw = q("raw_" + col.name)
        if col.required:
            checks.append(Check(col.name, f"{blank(raw)} IS NULL", "required value is missing"))
        reason = enum_reason(col.enum) if col.enum else REASONS[col.type]
        checks.append(Check(col.name, f"{blank(raw)} IS NOT NULL AND {q(col.name)} IS NULL", reason))
    return checks


def future_checks(ctx: Context, columns: list[str]) -> list[Check]:
    limit = ctx.now + timedelta(minutes=ctx.store.settings.future_tolerance_minutes)
    return [Check(c, f"{q(c)} > TIMESTAMP '{limit:%Y-%m-%d %H:%M:%S}'", "date is in the future")
            for c in columns if ctx.has(c)]


def duplicate_check(column: str, what: str) -> Check:
    return Check(column, f"count(*) OVER (PARTITION BY {q(column)}) > 1 AND {q(column)} IS NOT NULL",
                 f"{what} appears more than once in this file")


def _collect_rejects(ctx: Context, checks: list[Check], staged: Staged) -> list[Reject]:
    con = ctx.store.con
    con.execute("CREATE OR REPLACE TEMP TABLE rejects (_line BIGINT, col VARCHAR, value VARCHAR, reason VARCHAR)")
    for check in checks:
        value = q("raw_" + check.column) if ctx.has(check.column) else "NULL"
        if check.column in ctx.mapping and ctx.spec.column(check.column).type == "personal":
            value = "'***'"
        con.execute(
            f"INSERT INTO rejects SELECT _line, ?, CAST({value} AS VARCHAR), ? FROM "
            f"(SELECT *, ({check.condition}) AS _bad FROM stage) WHERE _bad",
            [ctx.header(check.column), check.reason],
        )
    for line, value, reason in staged.bad_lines:
        con.execute("INSERT INTO rejects VALUES (?, '', ?, ?)", [line, value, reason])
    rows = con.execute("SELECT _line, col, coalesce(value, ''), reason FROM rejects ORDER BY _line, col").fetchall()
    return [Reject(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def write_report(rejects: list[Reject], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "column", "value", "reason"])
        for r in rejects:
            writer.writerow([r.line, r.column, r.value, r.reason])


def run_import(store: Store, kind: str, source: str, stage: Callable[[], Staged], skip_invalid: bool = False,
               report: Path | None = None, progress: PROGRESS | None = None, by: str | None = None) -> ImportResult:
    """Stage with ``stage``, check every row, then write all valid rows in one transaction."""
    tell = progress or (lambda _step: None)
    importer = REGISTRY.get(kind)
    spec = entity(kind)
    if importer is None:
        raise ChisoError(f"no importer for {kind!r}")
    tell("đọc tệp / reading")
    staged = stage()
    mapping, ignored, dropped = map_headers(spec, staged.headers)
    ctx = Context(store, spec, mapping, datetime.now())
    result = ImportResult(kind, source, staged.rows, ignored_headers=ignored, dropped_headers=dropped)
    tell("kiểm tra / checking")
    _build_stage(ctx, importer)
    result.rejects = _collect_rejects(ctx, _type_checks(ctx) + importer.checks(ctx), staged)
    if result.rejects and report is not None:
        write_report(result.rejects, report)
        result.report = report
    if result.rejects and not skip_invalid:
        raise ImportRejected(result)
    store.con.execute("DELETE FROM stage WHERE _line IN (SELECT _line FROM rejects)")
    tell("ghi / writing")
    store.con.execute("BEGIN TRANSACTION")
    try:
        row = store.con.execute("SELECT coalesce(max(id), 0) + 1 FROM imports").fetchone()
        ctx.import_id = int(row[0]) if row else 1
        result.counts = importer.write(ctx)
        fault_point("before_commit")
        c = result.counts
        store.con.execute(
            "INSERT INTO imports VALUES (?, ?, ?, current_timestamp::TIMESTAMP, ?, ?, ?, ?, ?)",
            [ctx.import_id, kind, source, staged.rows, c.inserted, c.updated, c.unchanged, len(result.rejects)],
        )
        record(store, by or getpass.getuser(), f"import.{kind}", source, None,
               f"inserted {c.inserted}, updated {c.updated}, unchanged {c.unchanged}, rejected {len(result.rejects)}")
        store.con.execute("COMMIT")
    except BaseException:
        store.con.execute("ROLLBACK")
        raise
    result.written = True
    for table in ("stage", "stage_raw", "rejects"):
        store.con.execute(f"DROP TABLE IF EXISTS {table}")
    return result


def import_file(store: Store, kind: str, path: Path, skip_invalid: bool = False, report: Path | None = None,
                progress: PROGRESS | None = None, by: str | None = None, source: str | None = None) -> ImportResult:
    import chiso.store.kinds  # noqa: F401  (registers the built-in importers)

    return run_import(store, kind, source or path.name, lambda: stage_file(store.con, path), skip_invalid, report,
                      progress, by)


def import_table(store: Store, kind: str, table: pa.Table, source: str,
                 progress: PROGRESS | None = None) -> ImportResult:
    """Import an in-memory table of text columns (used by the demo), through the same checks."""
    import chiso.store.kinds  # noqa: F401

    def stage() -> Staged:
        store.con.register("table_in", table)
        store.con.execute("CREATE OR REPLACE TEMP TABLE stage_raw AS SELECT * FROM table_in")
        store.con.unregister("table_in")
        return Staged([n for n in table.column_names if n != "_line"], table.num_rows)

    return run_import(store, kind, source, stage, progress=progress)


def replace_changed(store: Store, table: str, key: str, incoming: str, columns: str | None = None) -> None:
    """After ``changed_counts``: delete ``table``'s updated rows, insert the new and updated rows of ``incoming``."""
    target = f"{table} ({columns})" if columns else table
    store.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT k FROM classified WHERE action = 'updated')")
    store.con.execute(f"INSERT INTO {target} SELECT {columns or '*'} FROM {incoming} "
                      f"WHERE {key} IN (SELECT k FROM classified WHERE action IN ('inserted', 'updated'))")


def changed_counts(store: Store, table: str, key: str, incoming: str) -> Counts:
    """Classify ``incoming`` rows against ``table`` by key and row_hash (and last_event_at if present)."""
    con = store.con
    has_event = "last_event_at" in [r[0] for r in con.execute(f"DESCRIBE {incoming}").fetchall()]
    older = "AND i.last_event_at < t.last_event_at" if has_event else "AND FALSE"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE classified AS SELECT i.{key} AS k, CASE "
        f"WHEN t.{key} IS NULL THEN 'inserted' WHEN i.row_hash = t.row_hash THEN 'unchanged' "
        f"WHEN TRUE {older} THEN 'older' ELSE 'updated' END AS action "
        f"FROM {incoming} i LEFT JOIN {table} t ON t.{key} = i.{key}"
    )
    counts = Counts()
    for action, n in con.execute("SELECT action, count(*) FROM classified GROUP BY action").fetchall():
        setattr(counts, str(action), int(n))
    return counts
