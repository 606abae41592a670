"""Versioned migrations: numbered SQL files applied in order, each in its own transaction."""

import re
from dataclasses import dataclass
from importlib import resources

import duckdb

from chiso.domain.errors import ChisoError

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# A migration whose first line this is concerns PostgreSQL only: the embedded store records its version, runs nothing
POSTGRES_ONLY = "-- postgresql only"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def postgres_only(self) -> bool:
        """Whether the migration concerns only PostgreSQL (indexes the embedded engine does without)."""
        return self.sql.lstrip().lower().startswith(POSTGRES_ONLY)


def migrations() -> list[Migration]:
    found: list[Migration] = []
    for entry in resources.files("chiso.store").joinpath("migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations' "
        "AND table_catalog = current_database()"
    ).fetchone()
    if not exists or exists[0] == 0:
        return 0
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


BOOKKEEPING = ("CREATE TABLE IF NOT EXISTS schema_migrations "
               "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)")


def migrate(con: duckdb.DuckDBPyConnection, target: int | None = None, postgres: bool = False) -> list[int]:
    """Apply every migration newer than the store's version (up to ``target``); return those applied.

    On PostgreSQL (``postgres``) each file runs natively, translated to its dialect, in one transaction that
    first takes an advisory lock, so server workers starting together apply each migration once.
    """
    if postgres:
        from chiso.store.postgres import native

        native(con, BOOKKEEPING.replace("VARCHAR", "TEXT"))
        con.execute("CALL pg_clear_cache()")
    else:
        con.execute(BOOKKEEPING)
    have = current_version(con)
    known = migrations()
    newest = known[-1].version if known else 0
    if have > newest:
        raise ChisoError(
            f"this store has schema version {have}, newer than this chiso ({newest}); upgrade chiso"
        )
    applied: list[int] = []
    for step in known:
        if step.version <= have or (target is not None and step.version > target):
            continue
        if postgres:
            _apply_native(con, step)
            applied.append(step.version)
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            if not step.postgres_only:
                con.execute(step.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, current_timestamp::TIMESTAMP)",
                [step.version, step.name],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(step.version)
    return applied


def _apply_native(con: duckdb.DuckDBPyConnection, step: Migration) -> None:
    from chiso.store.postgres import migration_script, native

    native(con, migration_script(step.sql, step.version, step.name))
    con.execute("CALL pg_clear_cache()")  # the attached catalogue learns the new tables and columns
