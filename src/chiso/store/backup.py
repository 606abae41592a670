"""Backups: every table of a store in one file, restored into an empty store of either engine.

A backup is a ZIP archive (stored, not compressed: Parquet compresses each column) holding one Parquet file
per table and ``manifest.json`` (chiso's version, the schema version, the engine it came from, each table's
row count and a SHA-256 of each file). The same file restores into a DuckDB file or a PostgreSQL database,
so a province can move from the embedded store to its server. A backup of an older schema is restored at its
own version, then migrated: nothing is lost on an upgrade.
"""

import hashlib
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from chiso import __version__
from chiso.domain.errors import ChisoError
from chiso.store.migrate import current_version, migrate, migrations
from chiso.store.staging import lit, q
from chiso.store.store import Store

FORMAT = "chiso-backup/1"
SEQUENCES = {"audit_log": ("id", "audit_ids")}  # table: (column, sequence feeding it)
DERIVED = {"computed_runs", "computed_tallies", "jobs"}  # computed again, or operational: never backed up


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    schema_version: int
    engine: str
    tables: dict[str, int]


def _views() -> set[str]:
    """Views the migrations create: derived from tables, never backed up (PostgreSQL lists them as tables)."""
    return {name for step in migrations() for name in re.findall(r"CREATE\s+VIEW\s+(\w+)", step.sql, re.I)}


def _tables(store: Store) -> list[str]:
    views = _views()
    rows = store.con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_type = 'BASE TABLE' AND table_schema IN ('main', 'public') ORDER BY table_name"
    ).fetchall()
    return [str(r[0]) for r in rows if str(r[0]) not in views]


def _kept(store: Store) -> list[str]:
    """The tables a backup holds: all but the derived ones."""
    return [t for t in _tables(store) if t not in DERIVED]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(store: Store, target: Path) -> BackupSummary:
    """Write every table of ``store`` to ``target`` (one consistent snapshot, in one read transaction)."""
    target = target.resolve()
    if target.is_dir():
        target = target / f"chiso-{datetime.now():%Y%m%d-%H%M%S}.chiso-backup"
    tables: dict[str, int] = {}
    files: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="chiso-backup-", dir=target.parent) as tmp:
        store.con.execute("BEGIN TRANSACTION")
        try:
            version = current_version(store.con)
            for table in _kept(store):
                part = Path(tmp) / f"{table}.parquet"
                store.con.execute(f"COPY (SELECT * FROM {q(table)}) TO {lit(str(part))} "
                                  "(FORMAT parquet, COMPRESSION zstd)")
                row = store.con.execute(f"SELECT count(*) FROM {q(table)}").fetchone()
                tables[table] = int(row[0]) if row else 0
                files[table] = _sha256(part)
        finally:
            store.con.execute("ROLLBACK")
        manifest = {"format": FORMAT, "chiso": __version__, "schema_version": version, "engine": store.engine,
                    "created_at": datetime.now().isoformat(timespec="seconds"), "tables": tables, "sha256": files}
        partial = target.with_name(target.name + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
            for table in tables:
                archive.write(Path(tmp) / f"{table}.parquet", f"{table}.parquet")
        partial.replace(target)
    return BackupSummary(target, version, store.engine, tables)


def read_manifest(source: Path) -> dict[str, object]:
    try:
        with zipfile.ZipFile(source) as archive:
            manifest = json.loads(archive.read("manifest.json").decode("utf-8"))
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, json.JSONDecodeError):
        raise ChisoError(f"{source} is not a chiso backup (no readable manifest.json)") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ChisoError(f"{source} is not a chiso backup of format {FORMAT}")
    return manifest


def restore(store: Store, source: Path, force: bool = False) -> BackupSummary:
    """Load a backup into ``store``, which must hold no data (unless ``force``: its rows are replaced).

    The schema is brought to the backup's version, the rows loaded in one transaction with every file checked
    against its SHA-256, then the remaining migrations run.
    """
    manifest = read_manifest(source)
    version = int(str(manifest["schema_version"]))
    tables = {str(k): int(v) for k, v in dict(manifest["tables"]).items()}  # type: ignore[call-overload]
    sums = {str(k): str(v) for k, v in dict(manifest["sha256"]).items()}  # type: ignore[call-overload]
    have = current_version(store.con)
    if have > version:
        if not force and _holds_data(store):
            raise ChisoError(f"the store already holds data (schema {have}); restore into an empty store, or "
                             "pass --force to replace it")
        raise ChisoError(f"the backup has schema version {version}, older than this empty store's {have}; restore "
                         "it into a new store (a new file or database): it is migrated after loading")
    migrate(store.con, target=version, postgres=store.engine == "postgres")
    present = set(_tables(store))
    unknown = sorted(set(tables) - present)
    if unknown:
        raise ChisoError(f"the backup holds tables this chiso does not know: {', '.join(unknown)}")
    if not force and _holds_data(store):
        raise ChisoError("the store already holds data; restore into an empty store, or pass --force to replace it")
    with tempfile.TemporaryDirectory(prefix="chiso-restore-") as tmp, zipfile.ZipFile(source) as archive:
        for table in tables:
            part = Path(archive.extract(f"{table}.parquet", tmp))
            if _sha256(part) != sums.get(table):
                raise ChisoError(f"{source}: {table}.parquet does not match its checksum; the backup is damaged")
        store.con.execute("BEGIN TRANSACTION")
        try:
            for table in sorted(present):
                if table != "schema_migrations":
                    store.con.execute(f"DELETE FROM {q(table)}")
            for table, rows in tables.items():
                if table == "schema_migrations":
                    continue
                part = Path(tmp) / f"{table}.parquet"
                columns = ", ".join(q(c) for c in _columns(store, part))
                store.con.execute(f"INSERT INTO {q(table)} ({columns}) SELECT {columns} FROM "
                                  f"read_parquet({lit(str(part))})")
                row = store.con.execute(f"SELECT count(*) FROM {q(table)}").fetchone()
                if not row or int(row[0]) != rows:
                    raise ChisoError(f"{table}: {row[0] if row else 0} rows restored, the backup holds {rows}")
            store.con.execute("COMMIT")
        except BaseException:
            store.con.execute("ROLLBACK")
            raise
    _advance_sequences(store)
    migrate(store.con, postgres=store.engine == "postgres")
    store.set_meta("calendar_fingerprint", "")  # due moments are recomputed with this installation's calendar
    store.sync_calendar()
    return BackupSummary(source, version, str(manifest.get("engine", "")), tables)


def _columns(store: Store, part: Path) -> list[str]:
    rows = store.con.execute(f"DESCRIBE SELECT * FROM read_parquet({lit(str(part))})").fetchall()
    return [str(r[0]) for r in rows]


def _holds_data(store: Store) -> bool:
    for table in ("dossiers", "units", "procedures", "users"):
        if table in _tables(store):
            row = store.con.execute(f"SELECT count(*) FROM {q(table)}").fetchone()
            if row and int(row[0]) > 0:
                return True
    return False


def _advance_sequences(store: Store) -> None:
    """Sequences continue after the restored ids (the next audit entry must not reuse one)."""
    for table, (column, sequence) in SEQUENCES.items():
        row = store.con.execute(f"SELECT coalesce(max({q(column)}), 0) FROM {q(table)}").fetchone()
        top = int(row[0]) if row else 0
        if top == 0:
            continue
        if store.engine == "postgres":
            from chiso.store.postgres import native

            native(store.con, f"SELECT setval('{sequence}', {top})")
        else:
            store.con.execute(f"SELECT max(nextval('{sequence}')) FROM range({top})")
