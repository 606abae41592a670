"""Opening a store: connect, migrate, keep the working-day index and computed due moments current."""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType

import duckdb

from chiso.domain.calendar import WorkCalendar
from chiso.domain.catalogue import Catalogue, load_catalogue
from chiso.domain.due import DueRules
from chiso.domain.errors import ChisoError
from chiso.domain.settings import Settings
from chiso.store.absent_modules import answer_absent_quickly
from chiso.store.calendar_table import fingerprint, write_calendar
from chiso.store.due_sql import due_select
from chiso.store.migrate import current_version, migrate, migrations
from chiso.store.staging import lit
from chiso.store.workspace import Workspace

# Audit actions (prefixes) that change no row tallies are computed from (dossiers, their stops, feedback,
# procedures, units, the calendar): they leave Store.tally_stamp as it is.
TALLY_NEUTRAL = ("user.", "target_value.", "import.reported", "import.plan", "import.published", "import.tasks",
                 "import.rankings", "import.achievements", "import.scores", "task.", "scorecard.",
                 "achievement.", "token.", "alert.")
# Audit actions (prefixes) that change no figure at all: accounts, API tokens, alerts.
FIGURE_NEUTRAL = ("user.", "token.", "alert.")


class Store:
    """A chiso store (one DuckDB file) with the settings and calendar it is computed with."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, settings: Settings, cal: WorkCalendar,
                 key: bytes, config: Path | None = None, url: str | None = None, read_only: bool = False) -> None:
        self.con = con
        self.url = url  # set on a PostgreSQL store
        self.read_only = read_only
        self.config = config
        self.path = path
        self.settings = settings
        self.calendar = cal
        self._key = key
        self._catalogue: Catalogue | None = None
        self.as_of: int | None = None  # a cursor reading a local copy (store.replica): the tally stamp it holds

    @classmethod
    def open(cls, workspace: Workspace, read_only: bool = False, upgrade: bool = True) -> "Store":
        """Open (creating it if need be) the workspace's store; ``upgrade``: bring its schema up to date first
        (``chiso restore`` opens without, to load a backup at its own schema version)."""
        answer_absent_quickly()
        settings = workspace.settings()
        cal = workspace.calendar(settings)
        path = workspace.db
        if workspace.url:
            return cls._open_postgres(workspace, settings, cal, read_only, upgrade)
        if read_only and not path.exists():
            raise ChisoError(f"no store at {path}; run 'chiso demo' or 'chiso import' first")
        path.parent.mkdir(parents=True, exist_ok=True)
        if read_only and cls._behind(path):
            cls.open(workspace).close()  # upgrade the schema once, then reopen read-only
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            raise ChisoError(f"cannot open store {path}: {str(exc).splitlines()[0]}") from None
        con.execute("SET enable_progress_bar = false")  # its bar would go to standard output, among the results
        store = cls(con, path, settings, cal, workspace.secret_key(), workspace.config, read_only=read_only)
        if not read_only and upgrade:
            migrate(con)
            store.sync_calendar()
        return store

    @classmethod
    def _open_postgres(cls, workspace: Workspace, settings: Settings, cal: WorkCalendar, read_only: bool,
                       upgrade: bool) -> "Store":
        from chiso.store.postgres import connect

        url = str(workspace.url)
        workspace.db.mkdir(parents=True, exist_ok=True)  # the local work folder: spill files, compiled SQL
        con = connect(url)  # even a reader may have to bring the schema up to date first
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET temp_directory = {lit(str(workspace.db / 'tmp'))}")
        store = cls(con, workspace.db / "store", settings, cal, workspace.secret_key(), workspace.config, url,
                    read_only)
        if not upgrade:
            return store
        if current_version(con) < migrations()[-1].version:
            migrate(con, postgres=True)
        if not read_only:
            store.sync_calendar()
        return store

    @property
    def engine(self) -> str:
        """Where the rows live: ``duckdb`` (one file) or ``postgres`` (a provincial server)."""
        return "postgres" if self.url else "duckdb"

    def fork(self, search_path: str | None = None, as_of: int | None = None) -> "Store":
        """The same store on a new DuckDB cursor: for another thread (temporary tables are per cursor).

        ``search_path`` and ``as_of``: a reading cursor whose tables are looked up first in a local copy
        (``store.replica``) holding the data of stamp ``as_of``.
        """
        cursor = self.con.cursor()
        if self.url:
            from chiso.store.postgres import ALIAS

            cursor.execute(f"USE {ALIAS}")  # the default catalogue is a setting of each cursor
        if search_path is not None:
            cursor.execute(f"SET search_path = {lit(search_path)}")
        twin = Store(cursor, self.path, self.settings, self.calendar, self._key, self.config, self.url, self.read_only)
        twin._catalogue = self._catalogue
        twin.as_of = as_of
        return twin

    def with_settings(self, settings: Settings) -> "Store":
        """The same store and connection computed with other settings (e.g. another due-date source)."""
        twin = Store(self.con, self.path, settings, self.calendar, self._key, self.config, self.url, self.read_only)
        twin._catalogue = self._catalogue
        return twin

    @staticmethod
    def _behind(path: Path) -> bool:
        """Whether the store at ``path`` predates this chiso's newest migration."""
        try:
            con = duckdb.connect(str(path), read_only=True)
        except duckdb.IOException:
            return False
        try:
            return current_version(con) < migrations()[-1].version
        finally:
            con.close()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def catalogue(self) -> Catalogue:
        """The shipped indicator catalogue plus the province's files in <config>/catalogue."""
        if self._catalogue is None:
            self._catalogue = load_catalogue([self.config / "catalogue"] if self.config else [])
        return self._catalogue

    @property
    def due_rules(self) -> DueRules:
        return self.settings.due_rules

    def meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM chiso_meta WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO chiso_meta VALUES (?, ?)", [key, value])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction. On PostgreSQL it first takes the store's write lock (a table lock held until
        commit, taken before the transaction's snapshot, so what it reads includes every earlier write), so
        server workers and CLI commands write one at a time, as on a DuckDB file."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            if self.url:
                from chiso.store.postgres import WRITE_LOCK, native

                native(self.con, WRITE_LOCK)
            yield
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _audit(self, sql: str) -> list[tuple[object, ...]]:
        """The rows of ``sql``, a query of the audit log (and ``data_changes``) in SQL both engines read, values
        written in. PostgreSQL runs it itself, in this cursor's transaction, reading only the latest entries off
        the log's key: through the scanner every entry would come over the connection, about 50 ms for 200,000
        entries, and a server reads these stamps at every look at the store and for every period it computes."""
        if self.url:
            from chiso.store.postgres import native_rows

            return native_rows(self.con, sql)
        return self.con.execute(sql).fetchall()

    def data_stamp(self) -> int:
        """Changes whenever data change through chiso (every change is in the audit log): for page caches."""
        rows = self._audit("SELECT coalesce(max(id), 0) FROM audit_log")
        return int(str(rows[0][0])) if rows else 0

    def tally_stamp(self, until: datetime | None = None) -> int:
        """Changes whenever the rows that computed tallies are made of change: the tally cache's key, and the
        stamp a local copy of those rows holds (``store.replica``). Accounts, entered values, plans and the
        portal's published figures (``TALLY_NEUTRAL``) leave it as it is.

        ``until``: only the changes that can alter figures of a period ending then (a dossier import leaves
        periods ending before its earliest receipt as they were, see ``data_changes``). A cursor reading a
        local copy (``as_of``) sees no change made after its copy.
        """
        neutral = " AND ".join(f"a.action NOT LIKE {lit(prefix + '%')}" for prefix in TALLY_NEUTRAL)
        cap = "" if self.as_of is None else f" AND a.id <= {int(self.as_of)}"
        reach = "" if until is None else (
            "NOT EXISTS (SELECT 1 FROM data_changes d WHERE d.audit_id = a.id AND d.affects_from >= "
            f"TIMESTAMP {lit(until.isoformat(sep=' '))}) AND ")
        rows = self._audit(f"SELECT a.id FROM audit_log a WHERE {reach}{neutral}{cap} ORDER BY a.id DESC LIMIT 1")
        return int(str(rows[0][0])) if rows else 0  # the latest such entry: PostgreSQL walks its key back to it

    def changed_units(self, after: int, upto: int, until: datetime) -> set[str] | None:
        """The units whose rows changed, for the figures of a period ending at ``until``, between the tally
        stamps ``after`` and ``upto`` (``tally_stamp``): None if a change there may touch any unit (only dossier
        changes record their units, see ``audit.record_change``)."""
        neutral = " AND ".join(f"a.action NOT LIKE {lit(prefix + '%')}" for prefix in TALLY_NEUTRAL)
        units: set[str] = set()
        for affects, touched in self._audit(
                "SELECT d.affects_from, d.units FROM audit_log a LEFT JOIN data_changes d ON d.audit_id = a.id "
                f"WHERE a.id > {int(after)} AND a.id <= {int(upto)} AND {neutral}"):
            if isinstance(affects, datetime) and affects >= until:
                continue  # reaches no row of the period
            if not isinstance(touched, str):
                return None
            units.update(u for u in touched.split("\n") if u)
        return units

    def only_pushes_since(self, since: int) -> bool:
        """Whether every audit entry after ``since`` is a batch pushed through the API (``import.dossiers`` from
        ``api:…``): changes a server may take in coalesced rather than at once."""
        rows = self._audit(f"SELECT count(*) FROM audit_log WHERE id > {int(since)} AND NOT (action = "
                           "'import.dossiers' AND entity LIKE 'api:%')")
        return bool(rows) and int(str(rows[0][0])) == 0

    def unchanged_before(self, since: int) -> datetime | None:
        """After the audit entries that follow entry ``since``: the moment before which every figure is as it
        was, that is, the figures of every period ending by then (``datetime.max`` if the entries change no
        figure, such as accounts; None if they may change any). Only a dossier import records how far back its
        rows reach (``data_changes``); any other change may reach every period."""
        reach = datetime.max
        for action, affects in self._audit(
                "SELECT a.action, d.affects_from FROM audit_log a LEFT JOIN data_changes d ON d.audit_id = a.id "
                f"WHERE a.id > {int(since)}"):
            if str(action).startswith(FIGURE_NEUTRAL):
                continue
            if not isinstance(affects, datetime):
                return None
            reach = min(reach, affects)
        return reach

    def sync_calendar(self) -> None:
        """Rewrite the working-day index and recompute due moments if the calendar or hours changed."""
        stamp = fingerprint(self.calendar, self.settings)
        if self.meta("calendar_fingerprint") == stamp:
            return
        with self.transaction():
            if self.meta("calendar_fingerprint") == stamp:  # another process did it meanwhile
                return
            write_calendar(self.con, self.calendar)
            self.recompute_due()
            self.set_meta("calendar_fingerprint", stamp)

    def recompute_due(self) -> None:
        sql = due_select("dossiers", "(SELECT * FROM dossier_stops)", self.due_rules)
        # computed into a temporary table, then applied: on PostgreSQL an UPDATE may not read what it writes
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE due_recomputed AS SELECT number, due_at_computed FROM ({sql})")
        self.con.execute(
            "UPDATE dossiers SET due_at_computed = c.due_at_computed FROM due_recomputed c "
            "WHERE dossiers.number = c.number AND dossiers.due_at_computed IS DISTINCT FROM c.due_at_computed"
        )
        self.con.execute("DROP TABLE due_recomputed")

    def pseudonym_params(self) -> tuple[bytes, bytes]:
        """HMAC-SHA256 inner and outer pads for the store's key; checks the key is the store's own."""
        key = self._key
        if len(key) > 64:
            key = hashlib.sha256(key).digest()
        key = key.ljust(64, b"\0")
        key_id = hashlib.sha256(b"chiso-key-id" + self._key).hexdigest()[:16]
        known = self.meta("pseudonym_key_id")
        if known is None:
            self.set_meta("pseudonym_key_id", key_id)
        elif known != key_id:
            raise ChisoError(
                "the pseudonymisation key differs from the one this store was built with "
                f"(key id {key_id}, store expects {known}); set CHISO_SECRET_KEY or restore secret.key"
            )
        return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)
