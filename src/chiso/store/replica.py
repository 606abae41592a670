"""A server worker's local copy of a PostgreSQL store's dossier-side tables, for reading.

On PostgreSQL every query that reads dossiers goes through DuckDB's PostgreSQL scanner, which reads the whole
table over the connection for each query (a unit or period filter inside joins is not pushed down): a unit's
drill-down takes seconds. A server worker therefore keeps a columnar copy of the tables figures are computed
from (``TABLES``) in a DuckDB file of its own, taken in one PostgreSQL snapshot together with the data stamp it
corresponds to, attached read-only (a write through a reading cursor fails instead of being lost) and put first
on the reading cursors' search path; every other table is read from PostgreSQL as before. A copy is used only
while it is current: after a change, pages read PostgreSQL directly until the new copy is ready, so a copy
never shows older data than the store. Copies are made in the background, replaced, and deleted when replaced.

After imports of dossiers, feedback, units or procedures only (``UPDATABLE``), the next copy starts from the
current one: the rows those imports wrote (they carry their import's id, an update included) replace the copy's
rows of the same keys, and the small tables are copied whole, in one snapshot as before; the copy's row counts
must then equal the store's. Any other change (settings, the calendar, a restore), a failed count, or
``MAX_UPDATES`` updates in a row make a whole new copy instead.
"""

import itertools
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from chiso.store.keyed import literal_keys
from chiso.store.postgres import ALIAS, native_rows
from chiso.store.staging import lit
from chiso.store.store import TALLY_NEUTRAL, Store

# Written only by imports (jobs, own cursors), the calendar (the root cursor) and `chiso` commands, never by a
# reading cursor: tests/test_replica.py checks that no code path writes them through one.
TABLES = ("dossiers", "dossier_stops", "feedback", "procedures", "units", "calendar_days")
_SEQUENCE = itertools.count(1)
# Tables an import writes row by row, with their key: an inserted or updated row carries its import's id.
BY_IMPORT = {"dossiers": "number", "feedback": "id"}
WHOLE = tuple(t for t in TABLES if t not in BY_IMPORT and t != "dossier_stops")  # small: copied whole each time
# Audit actions after which a copy can be brought up to date from the rows of the imports alone.
UPDATABLE = ("import.dossiers", "import.feedback", "import.units", "import.procedures")
MAX_UPDATES = 20  # then a whole new copy, leaving behind the space deleted rows took in the file
# Writes the tables into the attached copy of the given name: (tally stamp, dossiers, newest import), or None.
Fill = Callable[[duckdb.DuckDBPyConnection, str], tuple[int, int, int] | None]


@dataclass(frozen=True)
class Copy:
    """One attached copy: its catalogue name, the tally stamp it holds (``Store.tally_stamp``), the settings
    generation it was made under (settings and calendar change due moments), its file, size and build time;
    the newest import whose rows it holds, and how many updates led to it since the last whole copy."""

    name: str
    stamp: int
    generation: int
    path: Path
    rows: int
    seconds: float
    imports: int = 0
    updates: int = 0

    @property
    def search_path(self) -> str:
        return f"{self.name}.main,{ALIAS}.public"


class Replica:
    """The local copies of one server worker's store; ``current`` is the newest finished copy."""

    def __init__(self, store: Store, max_dossiers: int) -> None:
        self._store = store  # the worker's root store; the copy is made on a cursor of its own
        self.max_dossiers = max_dossiers
        self.folder = store.path.parent / "local-copy"
        self._clear_left_overs()
        self.current: Copy | None = None
        self._retired: list[Copy] = []
        self._lock = threading.Lock()  # one copy at a time
        self.skipped: str | None = None  # why no copy is kept (too many dossiers), for /health

    def refresh(self, stamp: int, generation: int = 0) -> Copy | None:
        """Make a copy unless the current one holds ``stamp`` under settings ``generation``; the copy holds the
        store as it is when it is made (its stamp may be newer). None if copies are off or the store too big."""
        with self._lock:
            current = self.current
            if current is not None and current.stamp >= stamp and current.generation == generation:
                return current
            made = None
            if current is not None and current.generation == generation and current.updates < MAX_UPDATES:
                made = self._update(current)
            if made is None:
                made = self._make(generation)
            if made is None:
                return None
            old, self.current = self.current, made
            for stale in self._retired:  # a copy is dropped one replacement after it stopped being current, so
                self._drop(stale)        # that queries that began on it have finished
            self._retired = [old] if old is not None else []
            return made

    def _make(self, generation: int) -> Copy | None:
        if self.max_dossiers <= 0:
            self.skipped = "server.local_copy_max_dossiers = 0"
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        made = self._build(None, self._fill, generation, 0)
        if made is not None:
            self.skipped = None
        return made

    def _update(self, current: Copy) -> Copy | None:
        """A copy made from ``current`` and the rows written since (see the module's note); None if the
        changes since need a whole new copy."""
        return self._build(current.path, lambda con, name: self._apply(con, name, current), current.generation,
                           current.updates + 1)

    def _build(self, start: Path | None, fill: Fill, generation: int, updates: int) -> Copy | None:
        """A new copy file, empty or a duplicate of the copy file ``start``, written by ``fill`` and attached
        read-only; None (and no file) if ``fill`` gives nothing."""
        name = f"chiso_copy_{os.getpid()}_{next(_SEQUENCE)}"
        path = self.folder / f"{name}.duckdb"
        path.unlink(missing_ok=True)
        began = time.monotonic()
        if start is not None:
            shutil.copyfile(start, path)  # attached read-only: nothing writes it meanwhile
        con = self._store.con.cursor()
        try:
            con.execute(f"USE {ALIAS}")
            con.execute(f"ATTACH {lit(str(path))} AS {name}")
            try:
                made = fill(con, name)
            finally:
                con.execute(f"DETACH {name}")
            if made is None:
                path.unlink(missing_ok=True)
                return None
            con.execute(f"ATTACH {lit(str(path))} AS {name} (READ_ONLY)")
        except duckdb.Error:
            path.unlink(missing_ok=True)
            raise
        finally:
            con.close()
        stamp, rows, imports = made
        return Copy(name, stamp, generation, path, rows, time.monotonic() - began, imports, updates)

    def _apply(self, con: duckdb.DuckDBPyConnection, name: str, current: Copy) -> tuple[int, int, int] | None:
        """In one snapshot: the rows of imports after ``current.imports`` over the copy ``name``, the small
        tables whole; None (nothing kept) if a change since is not an import, or the counts disagree."""
        pg, local = f"{ALIAS}.public", f"{name}.main"
        con.execute("BEGIN TRANSACTION")
        try:
            changes = [str(r[0]) for r in con.execute(
                f"SELECT DISTINCT action FROM {pg}.audit_log WHERE id > ?", [current.stamp]).fetchall()]
            if any(not a.startswith(TALLY_NEUTRAL) and a not in UPDATABLE for a in changes):
                con.execute("ROLLBACK")
                return None
            stamp = Store(con, self._store.path, self._store.settings, self._store.calendar, b"").tally_stamp()
            imports = _scalar(con, f"SELECT coalesce(max(id), 0) FROM {pg}.imports")
            for table, key in BY_IMPORT.items():
                con.execute(f"CREATE TABLE {local}.chiso_delta AS SELECT * FROM {pg}.{table} "
                            f"WHERE import_id > {int(current.imports)}")
                written = f"(SELECT {key} FROM {local}.chiso_delta)"
                con.execute(f"DELETE FROM {local}.{table} WHERE {key} IN {written}")
                con.execute(f"INSERT INTO {local}.{table} SELECT * FROM {local}.chiso_delta")
                if table == "dossiers":  # a dossier's stops are written again with it (found by the index)
                    con.execute(f"DELETE FROM {local}.dossier_stops WHERE number IN {written}")
                    con.execute(f"INSERT INTO {local}.dossier_stops SELECT * FROM {pg}.dossier_stops "
                                f"WHERE {literal_keys(con, 'number', f'SELECT number FROM {local}.chiso_delta')}")
                con.execute(f"DROP TABLE {local}.chiso_delta")
            for table in WHOLE:
                con.execute(f"DROP TABLE {local}.{table}")
                con.execute(f"CREATE TABLE {local}.{table} AS SELECT * FROM {pg}.{table}")
            counted = ("dossiers", "dossier_stops", "feedback")
            store_rows = _native_counts(con, counted)
            rows = store_rows["dossiers"]
            if rows > self.max_dossiers or any(
                    store_rows[t] != _scalar(con, f"SELECT count(*) FROM {local}.{t}") for t in counted):
                con.execute("ROLLBACK")
                return None
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return stamp, rows, imports

    def _fill(self, con: duckdb.DuckDBPyConnection, name: str) -> tuple[int, int, int] | None:
        """Copy ``TABLES`` into the attached file ``name`` in one PostgreSQL snapshot (REPEATABLE READ, the
        extension's default), so that the rows and the stamp agree: (stamp, dossiers, newest import), or None if
        too big."""
        con.execute("BEGIN TRANSACTION")
        try:
            count = con.execute("SELECT count(*) FROM dossiers").fetchone()
            rows = int(count[0]) if count else 0
            if rows > self.max_dossiers:
                self.skipped = f"{rows} dossiers > server.local_copy_max_dossiers ({self.max_dossiers})"
                con.execute("ROLLBACK")
                return None
            stamp = Store(con, self._store.path, self._store.settings, self._store.calendar, b"").tally_stamp()
            imports = _scalar(con, f"SELECT coalesce(max(id), 0) FROM {ALIAS}.public.imports")
            for table in TABLES:
                con.execute(f"CREATE TABLE {name}.main.{table} AS SELECT * FROM {ALIAS}.public.{table}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return stamp, rows, imports

    def _drop(self, copy: Copy) -> None:
        con = self._store.con.cursor()
        try:
            con.execute(f"DETACH DATABASE IF EXISTS {copy.name}")
        except duckdb.Error:  # still in use: left attached, its file removed with the folder at the next start
            return
        finally:
            con.close()
        copy.path.unlink(missing_ok=True)

    def _clear_left_overs(self) -> None:
        """Remove copies left by a worker that ended without closing (its process id no longer runs)."""
        for file in self.folder.glob("chiso_copy_*.duckdb*"):
            pid = file.name.split("_")[2]
            if pid.isdigit() and not _running(int(pid)):
                file.unlink(missing_ok=True)

    def close(self) -> None:
        for copy in [*self._retired, *([self.current] if self.current else [])]:
            self._drop(copy)
        self.current, self._retired = None, []


def _native_counts(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> dict[str, int]:
    """Each table's rows, counted by PostgreSQL itself (the scanner would carry every row over to count it)."""
    inner = ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in tables)
    row = native_rows(con, "SELECT " + inner)[0]
    return {t: int(str(n)) for t, n in zip(tables, row, strict=True)}


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
