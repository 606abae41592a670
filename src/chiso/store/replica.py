"""A server worker's local copy of a PostgreSQL store's dossier-side tables, for reading.

On PostgreSQL every query that reads dossiers goes through DuckDB's PostgreSQL scanner, which reads the whole
table over the connection for each query (a unit or period filter inside joins is not pushed down): a unit's
drill-down takes seconds. A server worker therefore keeps a columnar copy of the tables figures are computed
from (``TABLES``) in a DuckDB file of its own, taken in one PostgreSQL snapshot together with the data stamp it
corresponds to, attached read-only (a write through a reading cursor fails instead of being lost) and put first
on the reading cursors' search path; every other table is read from PostgreSQL as before. A copy is used only
while it is current: after a change, pages read PostgreSQL directly until the new copy is ready, so a copy
never shows older data than the store. Copies are made in the background, replaced, and deleted when replaced.
"""

import itertools
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from chiso.store.postgres import ALIAS
from chiso.store.staging import lit
from chiso.store.store import Store

# Written only by imports (jobs, own cursors), the calendar (the root cursor) and `chiso` commands, never by a
# reading cursor: tests/test_replica.py checks that no code path writes them through one.
TABLES = ("dossiers", "dossier_stops", "feedback", "procedures", "units", "calendar_days")
_SEQUENCE = itertools.count(1)


@dataclass(frozen=True)
class Copy:
    """One attached copy: its catalogue name, the tally stamp it holds (``Store.tally_stamp``), the settings
    generation it was made under (settings and calendar change due moments), its file, size and build time."""

    name: str
    stamp: int
    generation: int
    path: Path
    rows: int
    seconds: float

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
            if self.current is not None and self.current.stamp >= stamp and self.current.generation == generation:
                return self.current
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
        name = f"chiso_copy_{os.getpid()}_{next(_SEQUENCE)}"
        path = self.folder / f"{name}.duckdb"
        path.unlink(missing_ok=True)
        began = time.monotonic()
        con = self._store.con.cursor()
        try:
            con.execute(f"USE {ALIAS}")
            con.execute(f"ATTACH {lit(str(path))} AS {name}")
            try:
                made = self._fill(con, name)
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
        self.skipped = None
        stamp, rows = made
        return Copy(name, stamp, generation, path, rows, time.monotonic() - began)

    def _fill(self, con: duckdb.DuckDBPyConnection, name: str) -> tuple[int, int] | None:
        """Copy ``TABLES`` into the attached file ``name`` in one PostgreSQL snapshot (REPEATABLE READ, the
        extension's default), so that the rows and the stamp agree: (stamp, dossiers), or None if too big."""
        con.execute("BEGIN TRANSACTION")
        try:
            count = con.execute("SELECT count(*) FROM dossiers").fetchone()
            rows = int(count[0]) if count else 0
            if rows > self.max_dossiers:
                self.skipped = f"{rows} dossiers > server.local_copy_max_dossiers ({self.max_dossiers})"
                con.execute("ROLLBACK")
                return None
            stamp = Store(con, self._store.path, self._store.settings, self._store.calendar, b"").tally_stamp()
            for table in TABLES:
                con.execute(f"CREATE TABLE {name}.main.{table} AS SELECT * FROM {ALIAS}.public.{table}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return stamp, rows

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


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
