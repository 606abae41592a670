"""The web application's state: the store (one cursor per thread), the result cache, sessions and rendering."""

import asyncio
import contextlib
import hmac
import logging
import math
import os
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, FileSystemLoader, select_autoescape
from python_multipart.exceptions import MultipartParseError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from chiso.domain.errors import ChisoError
from chiso.domain.formatting import vn_number
from chiso.domain.periods import Period, parse_period, short_vi
from chiso.domain.reject_reasons import reason_vi
from chiso.domain.roles import Account
from chiso.engine.summary import latest_event
from chiso.engine.units import Units
from chiso.store.accounts import Session, session
from chiso.store.alerts import unread
from chiso.store.replica import Copy, Replica
from chiso.store.store import Store
from chiso.store.target_values import Evidence
from chiso.store.workspace import Workspace
from chiso.web.i18n import LANGS, translate
from chiso.web.jobs import Jobs

HERE = Path(__file__).resolve().parent
LOG = logging.getLogger("chiso.web")
COOKIE = "chiso_session"
SESSION_RECHECK = timedelta(seconds=60)  # a revoked account stops working within this delay
# pages never kept: live progress, read marks, a token shown once
UNCACHED = ("login.html", "error.html", "jobs.html", "inbox.html", "admin_tokens.html")
MAX_ENTRIES = 5000
LOGIN_SLOTS = 2  # password checks at once per client address
ASKED = 24  # periods remembered for warming
WARM_NICE = 10  # the niceness of the warm-up and copy threads
FRESH_EVERY = 1.0  # seconds between two looks at the store's data stamp (other workers, CLI imports)
WAIT_FOR_COPY = 15.0  # seconds a page waits for the local copy a change asked for (PostgreSQL)
T = TypeVar("T")


# Results that follow every change within seconds (server.refresh_seconds), and the pages showing them
LIVE = ("latest", "late", "late_counts")
LIVE_PAGES = ("late.html", "late_units.html", "dossier.html", "inbox.html")


def _live(full: tuple[object, ...]) -> bool:
    name = full[1] if len(full) > 1 else None
    return name in LIVE or (name == "page" and len(full) > 2 and full[2] in LIVE_PAGES)


class Memo:
    """Results keyed by name and arguments, forgotten when the data change (``bump``).

    A result may be dated (``until``: the end of the period it describes); a change that leaves the figures of
    periods ending by a moment as they were keeps the dated results up to that moment (a dossier import keeps
    every period before its earliest receipt). A page thread that finds a result being computed by a
    background thread (the warm-up, at a lower priority) computes it itself rather than wait behind it.
    """

    def __init__(self) -> None:
        self.version = 0
        self.shadow: int | None = None  # a version the background computes while pages read ``version``
        self._next = 1  # the number of the next version
        self._values: dict[tuple[object, ...], object] = {}
        self._until: dict[tuple[object, ...], datetime] = {}
        self._locks: dict[tuple[object, ...], threading.Lock] = {}
        self._background: set[tuple[object, ...]] = set()  # keys a background thread is computing
        self._guard = threading.Lock()

    def _full(self, key: tuple[object, ...]) -> tuple[object, ...]:
        """``key`` in the version this thread reads: the shadow for the background while there is one."""
        shadow = self.shadow
        return (shadow if is_background() and shadow is not None else self.version, *key)

    def get(self, key: tuple[object, ...], make: Callable[[], T], until: datetime | None = None) -> T:
        background = is_background()
        full = self._full(key)
        if full in self._values:
            return self._values[full]  # type: ignore[return-value]
        with self._guard:
            if len(self._values) > MAX_ENTRIES:  # many distinct URLs: start again rather than grow
                self._values.clear()
                self._until.clear()
                self._locks.clear()
                self._background.clear()
            lock = self._locks.setdefault(full, threading.Lock())
            behind = not background and full in self._background
        if behind:  # not behind a lower-priority thread: compute it here too
            return self._keep(full, make(), until)
        with lock:  # one computation per key; others wait for it
            if full in self._values:
                return self._values[full]  # type: ignore[return-value]
            if background:
                self._background.add(full)
            try:
                return self._keep(full, make(), until)
            finally:
                self._background.discard(full)

    def holds(self, key: tuple[object, ...]) -> bool:
        """Whether the result of ``key`` is kept (in the version this thread reads)."""
        return self._full(key) in self._values

    def _keep(self, full: tuple[object, ...], value: T, until: datetime | None) -> T:
        with self._guard:
            if full[0] in (self.version, self.shadow):  # not computed across a change
                self._values[full] = value
                if until is not None:
                    self._until[full] = until
        return value

    def _version(self) -> int:
        number, self._next = self._next, self._next + 1
        return number

    def _dated(self, old: int, keep_until: datetime | None) -> dict[tuple[object, ...], object]:
        return {} if keep_until is None else {
            full: value for full, value in self._values.items()
            if full[0] == old and full in self._until and self._until[full] <= keep_until}

    def bump(self, keep_until: datetime | None = None) -> None:
        """Forget results; ``keep_until``: keep those dated up to that moment (their figures did not change)."""
        with self._guard:
            old, self.version, self.shadow = self.version, self._version(), None
            kept = self._dated(old, keep_until)
            self._values = {(self.version, *full[1:]): value for full, value in kept.items()}
            self._until = {(self.version, *full[1:]): self._until[full] for full in kept}
            self._locks.clear()
            self._background.clear()

    def bump_shadow(self, keep_until: datetime | None = None) -> None:
        """Like ``bump``, but pages go on reading the results they have while a background thread computes the
        new ones into a shadow version; ``promote`` then serves them (stale while revalidating: for changes
        no one waits for)."""
        with self._guard:
            self.shadow = self._version()
            kept = self._dated(self.version, keep_until)
            for full, value in kept.items():
                self._values[(self.shadow, *full[1:])] = value
                self._until[(self.shadow, *full[1:])] = self._until[full]

    def promote(self) -> None:
        """Serve the shadow version computed in the background; forget the older results."""
        with self._guard:
            if self.shadow is None:
                return
            self.version, self.shadow = self.shadow, None
            self._values = {f: v for f, v in self._values.items() if f[0] == self.version}
            self._until = {f: u for f, u in self._until.items() if f[0] == self.version}
            self._locks.clear()
            self._background.clear()

    def bump_live(self) -> None:
        """Forget only the results of the late monitor and of dossiers (``LIVE``) and the pages showing them;
        the figures stay until the next ``bump``."""
        with self._guard:
            old, self.version = self.version, self._version()
            kept = {full: value for full, value in self._values.items() if full[0] == old and not _live(full)}
            shadowed = {full: value for full, value in self._values.items()
                        if full[0] == self.shadow and not _live(full)}  # older than this change too
            self._until = {**{(self.version, *full[1:]): self._until[full] for full in kept if full in self._until},
                           **{full: self._until[full] for full in shadowed if full in self._until}}
            self._values = {**{(self.version, *full[1:]): value for full, value in kept.items()}, **shadowed}
            self._locks.clear()
            self._background.clear()

    def forget(self, key: tuple[object, ...]) -> None:
        """Forget one result (a count that changed without a change of data, such as an alert read)."""
        with self._guard:
            self._values.pop((self.version, *key), None)
            self._until.pop((self.version, *key), None)

    def kept(self) -> int:
        """How many results are held."""
        return len(self._values)


class Web:
    def __init__(self, workspace: Workspace, secure: bool = False) -> None:
        self.workspace = workspace
        self.root = Store.open(workspace)
        self.generation = 0  # bumped when settings or the calendar change: thread cursors are made again
        self.secure = secure
        self.memo = Memo()
        self.jobs = Jobs(lambda: self.root.fork(), workspace.home / "jobs",
                         self.root.settings.number("report.jobs_at_once"))
        self.write_lock = threading.Lock()  # data: imports, values, settings, accounts
        self.auth_lock = threading.Lock()  # sessions and failed logins (tables no data write touches)
        self._login_slots: dict[str, threading.BoundedSemaphore] = {}
        self._slots_guard = threading.Lock()
        self._local = threading.local()
        self._sessions: dict[str, tuple[Session, datetime]] = {}
        self._checked = time.monotonic()
        self.warmer: Callable[[Web], None] | None = None  # computes common figures ahead (data.warm)
        self._warm_guard = threading.Lock()
        self._warming = self._warm_pending = False
        self.warm_runs = 0  # warm-ups finished since the server started
        self.warm_seconds: float | None = None  # how long the last finished warm-up took
        self._warm_began: float | None = None
        self.asked: dict[Period, None] = {}  # periods recently asked for, oldest first
        self._seen = (self.root.data_stamp(), self._config_stamp())
        self._figures_seen = self._seen[0]  # the data stamp, and the latest event, the figures were last kept at
        self._figures_latest = latest_event(self.root)
        self._change_guard = threading.Lock()
        self._last_change = self._last_full = -math.inf  # when a change, a change of figures, was last taken in
        self._soon_guard = threading.Lock()
        self._live_dirty = self._figures_dirty = self._refreshing = False  # coalesced changes (changed_soon)
        self._last_push = self._figures_behind = 0.0  # when the latest push came; the first not in the figures
        self.replica: Replica | None = None  # PostgreSQL: this worker's local copy of the dossier side
        self._tally_seen = 0  # what the copy must hold to be read (PostgreSQL only)
        self._writes = self._writes_checked = 0  # writes by this worker; how many a look at the store followed
        self._copy_asked = threading.Event()  # a change asks the copier thread for a new local copy
        self._copy_made = threading.Condition()  # notified when a copy asked for by a change is made (or failed)
        self._copy_wanted = False
        if self.root.engine == "postgres":
            self._tally_seen = self.root.tally_stamp()
            self.replica = Replica(self.root, self.root.settings.number("server.local_copy_max_dossiers"))
            threading.Thread(target=self._copier, name="chiso-copy", daemon=True).start()
        self.jinja = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(),
                                 trim_blocks=True, lstrip_blocks=True, auto_reload=False)
        self.jinja.filters["vn"] = _vn
        self.jinja.filters["signed"] = _signed
        self.jinja.filters["amount"] = _amount
        self.jinja.filters["day"] = lambda d: "" if d is None else f"{d:%d/%m/%Y}"
        self.jinja.filters["moment"] = lambda d: "" if d is None else f"{d:%H:%M %d/%m/%Y}"
        self.jinja.filters["period_vi"] = short_vi
        self.jinja.globals["bands"] = lambda: self.root.settings.bands
        self.jinja.globals["reason_vi"] = reason_vi
        self.jinja.globals["band_index"] = lambda label: next(
            (i for i, b in enumerate(self.root.settings.bands) if b.label == label), "none")

    def store(self, live: bool = False) -> Store:
        """This thread's cursor on the store. On PostgreSQL, while this worker's local copy holds the newest
        data, a cursor that reads the dossier side from it; ``live``: always the store itself (imports, and
        looking for changes)."""
        copy = None if live or self.replica is None else self.replica.current
        if copy is not None and not self._is_current(copy):
            copy = self._wait_for_copy()  # older than the store: the new copy, or the store itself
        key = (self.generation, None if copy is None else copy.name)
        fork: Store | None = getattr(self._local, f"store_{live}", None)
        if fork is None or getattr(self._local, f"key_{live}", None) != key:
            fork = self.root.fork() if copy is None else self.root.fork(copy.search_path, copy.stamp)
            setattr(self._local, f"store_{live}", fork)
            setattr(self._local, f"key_{live}", key)
        return fork

    def reload_config(self) -> None:
        """Settings or the calendar file changed: reread them, recompute due moments if needed, forget results."""
        settings = self.workspace.settings()
        self.root.settings = settings
        self.root.calendar = self.workspace.calendar(settings)
        self.root.sync_calendar()
        self.generation += 1
        self.changed(everything=True)

    def _config_stamp(self) -> tuple[int, int]:
        files = (self.workspace.settings_file, self.workspace.local_calendar_file)
        return tuple(f.stat().st_mtime_ns if f.exists() else 0 for f in files)  # type: ignore[return-value]

    async def freshen(self) -> None:
        """At most once a second: pick up what another server worker or a CLI command changed."""
        now = time.monotonic()
        if now - self._checked < FRESH_EVERY:
            return
        self._checked = now
        await run_in_threadpool(self.check_fresh)

    def check_fresh(self) -> None:
        """Forget cached results if the data changed (the audit log grew) and reread changed settings."""
        writes = self._writes
        live = self.store(live=True)
        seen = (live.data_stamp(), self._config_stamp())
        self._writes_checked = writes  # read after those writes: a local copy is judged by these stamps again
        if seen[0] != self._seen[0] and seen[1] == self._seen[1] and live.only_pushes_since(self._seen[0]):
            # batches pushed through the API (to another worker too), coalesced: until they are taken in, pages
            # read the local copy they have (at most server.refresh_seconds behind)
            self.changed_soon()
            return
        if self.replica is not None:  # only a local copy is judged by it
            self._tally_seen = live.tally_stamp()
        if seen[1] != self._seen[1]:
            self._seen = (self._seen[0], seen[1])
            self.reload_config()
        elif seen[0] != self._seen[0]:
            self.changed()  # a person's or a command's change: at once

    def unread(self, username: str) -> int:
        """The account's unread alerts, kept until the data change (new alerts are audited) or it reads one."""
        return self.memo.get(("unread", username), lambda: unread(self.store(live=True), username))

    def units(self) -> Units:
        return self.memo.get(("units",), lambda: Units(self.store()))

    def latest(self) -> datetime | None:
        return self.memo.get(("latest",), lambda: latest_event(self.store()))

    def period(self, request: Request) -> Period:
        """The period asked for (``?period=``), else the quarter of the latest data."""
        period = self.parse_period(request.query_params.get("period") or self.default_period())
        with self._warm_guard:  # the periods people look at are computed first after a change
            self.asked.pop(period, None)
            self.asked[period] = None
            while len(self.asked) > ASKED:
                self.asked.pop(next(iter(self.asked)))
        return period

    def parse_period(self, text: str) -> Period:
        """``text`` as a period; a year to date ends at the latest data."""
        latest = self.latest()
        return parse_period(text, latest.date() if latest else date.today())

    def default_period(self) -> str:
        latest = self.latest()
        today = latest.date() if latest else date.today()
        return f"{today.year}-Q{(today.month - 1) // 3 + 1}"

    def is_demo(self) -> bool:
        return self.memo.get(("demo",), lambda: bool(self.store().meta("demo")))

    def changed_soon(self) -> None:
        """A change no one waits to see at once (batches pushed by a source system, to this worker or another),
        coalesced with the others: the late monitor and the dossier pages take it in within
        ``server.refresh_seconds`` (the first after a quiet spell at once, here); the figures (and the pages
        showing them) once the pushes pause for ``server.refresh_seconds``, or at the latest
        ``server.figures_refresh_seconds`` after the first push they miss, and never more often than that: a
        stream of pushes does not recompute the province's figures at every batch, and a burst of batches (a
        day's backlog) is taken into the figures once, after its last batch. Called off the event loop."""
        now = time.monotonic()
        with self._soon_guard:
            if not self._figures_dirty:
                self._figures_behind = now
            self._live_dirty = self._figures_dirty = True
            self._last_push = now
        wait = self._refresh_step()
        if wait is None:
            return
        with self._soon_guard:
            if self._refreshing:
                return
            self._refreshing = True
        threading.Thread(target=self._refresh_loop, name="chiso-refresh", daemon=True).start()

    def _refresh_step(self) -> float | None:
        """Take in what is due of the coalesced changes; the seconds until the next is due, None if none waits."""
        settings = self.root.settings
        refresh, figures = settings.number("server.refresh_seconds"), settings.number("server.figures_refresh_seconds")
        now = time.monotonic()
        with self._soon_guard:
            if not (self._live_dirty or self._figures_dirty):
                return None
            full = self._figures_dirty and now >= self._figures_due(refresh, figures)
            live = not full and self._live_dirty and now >= self._last_change + refresh
            if full:
                self._live_dirty = self._figures_dirty = False
            elif live:
                self._live_dirty = False
        if full or live:
            self.changed(figures=full, shadow=full)
        with self._soon_guard:
            if not (self._live_dirty or self._figures_dirty):
                return None
            return max(0.05, min(self._figures_due(refresh, figures) if self._figures_dirty else math.inf,
                                 self._last_change + refresh if self._live_dirty else math.inf) - time.monotonic())

    def _figures_due(self, refresh: float, figures: float) -> float:
        """When the figures take the pushes in: after a pause of ``refresh`` seconds or ``figures`` seconds after
        the first they miss, not sooner than ``figures`` seconds after they last did."""
        return max(self._last_full + figures, min(self._last_push + refresh, self._figures_behind + figures))

    def _refresh_loop(self) -> None:
        while True:
            try:
                wait = self._refresh_step()
            except Exception:  # the next look at the store (check_fresh) takes it in
                LOG.exception("taking in a change failed")
                wait = 1.0
            if wait is None:
                with self._soon_guard:
                    if not (self._live_dirty or self._figures_dirty):
                        self._refreshing = False
                        return
                continue
            time.sleep(min(wait, 1.0))

    def changed(self, everything: bool = False, figures: bool = True, shadow: bool = False) -> None:
        """Data changed (a write of this worker, or one seen in the store): forget the cached results the
        changes can alter, and compute the common ones again in the background. A dossier import alters no
        figure of a period ending before its earliest receipt (``Store.unchanged_before``) nor, while the
        latest event stays after that period, the moment its statuses are taken at: those periods' results
        are kept. Pages themselves are always rendered again (they show the latest data and late counts).
        ``figures=False`` (``changed_soon``): only the late monitor's and the dossiers' results and pages are
        forgotten; the figures follow at the next full change. ``shadow``: pages keep the figures they have while
        the background computes the new ones (``Memo.bump_shadow``). Called off the event loop (it reads the
        store)."""
        with self._change_guard:
            live = self.store(live=True)
            stamp = live.data_stamp()
            self._seen, latest = (stamp, self._seen[1]), latest_event(live)
            self._writes += 1  # a local copy is not read until the store is looked at again (check_fresh)
            self._last_change = time.monotonic()
            self._checked = 0.0
            if figures:
                keep = None if everything else live.unchanged_before(self._figures_seen)
                if keep is not None and keep != datetime.max:
                    keep = None if latest is None or self._figures_latest is None else min(
                        keep, latest, self._figures_latest)
                self._figures_seen, self._figures_latest, self._last_full = stamp, latest, self._last_change
                if shadow and self.warmer is not None:
                    self.memo.bump_shadow(keep)
                else:
                    self.memo.bump(keep)
            else:
                self.memo.bump_live()
        if self.replica is not None:
            self._ask_copy()  # at once, not after the warm-up in progress
        if figures:
            self.rewarm()

    def _wait_for_copy(self) -> Copy | None:
        """After a change, the new local copy, waited for (at most ``WAIT_FOR_COPY`` s, never on the event
        loop): it comes in a second or two, where a page computed on PostgreSQL itself takes several. None if
        it does not come in time; the page then reads the store."""
        if self.replica is None or _on_event_loop():
            return None
        deadline = time.monotonic() + WAIT_FOR_COPY
        with self._copy_made:
            while self._copy_wanted and (left := deadline - time.monotonic()) > 0:
                self._copy_made.wait(left)
        copy = self.replica.current
        return copy if copy is not None and self._is_current(copy) else None

    def _ask_copy(self) -> None:
        with self._copy_made:
            self._copy_wanted = True
        self._copy_asked.set()

    def _copier(self) -> None:
        """The thread that makes this worker's local copies, one after the other, each as soon as a change asks.
        It runs at the normal priority, unlike the warm-up: pages wait for what it makes, and at nice 10 it had a
        small share of the cores while other pages computed."""
        while True:
            self._copy_asked.wait()
            self._copy_asked.clear()
            self._copy()

    def _copied(self) -> None:
        """Wait (in the warm-up) until the copy asked for is made, or has failed."""
        with self._copy_made:
            while self._copy_wanted:
                self._copy_made.wait(1.0)

    def rewarm(self) -> None:
        """In a background thread, bring this worker's local copy up to date (PostgreSQL), then run the warmer
        (``self.warmer``); one at a time, again if asked meanwhile."""
        if self.warmer is None and self.replica is None:
            return
        with self._warm_guard:
            self._warm_pending = True
            if self._warming:
                return
            self._warming = True
        threading.Thread(target=self._warm_loop, name="chiso-warm", daemon=True).start()

    def _warm_loop(self) -> None:
        _background()
        self._warm_began = time.monotonic()
        while True:
            with self._warm_guard:
                if not self._warm_pending or (self.warmer is None and self.replica is None):
                    self._warming = False
                    self.warm_runs += 1
                    self.warm_seconds = time.monotonic() - (self._warm_began or time.monotonic())
                    return
                self._warm_pending = False
            try:
                if self.replica is not None:
                    self._ask_copy()
                    self._copied()
                if self.warmer is not None:
                    self.warmer(self)
                    if not self._warm_pending:  # the shadow's figures are computed: serve them
                        self.memo.promote()
            except Exception:  # a warm-up is an optimisation: a failure shows on the page that needs it
                LOG.exception("warming the page cache failed")
                self.memo.promote()  # pages compute what the warm-up did not

    def _is_current(self, copy: Copy) -> bool:
        """Whether a local copy holds what the store holds: made under these settings, holding the rows of the
        last look at the store, and no write by this worker since that look."""
        return (copy.generation == self.generation and copy.stamp >= self._tally_seen
                and self._writes_checked == self._writes)

    def _copy(self) -> None:
        assert self.replica is not None
        try:
            with self._copy_made:
                self._copy_wanted = True  # a copy made from here on holds what was asked
            self.check_fresh()  # the stamps after the change that asked for this warm-up
            before = self.replica.current
            made = self.replica.refresh(self._tally_seen, self.generation)
        except Exception:  # pages read the store itself instead: slower, never wrong
            LOG.exception("making the local copy of the store failed")
            return
        finally:
            with self._copy_made:
                self._copy_wanted = False
                self._copy_made.notify_all()
        if made is not None and made is not before:
            LOG.info("local copy of %s dossiers (data %s) made in %.1f s", made.rows, made.stamp, made.seconds)

    def health(self) -> dict[str, object]:
        """What a load balancer or the bench asks: the server answers; whether figures are still being warmed."""
        with self._warm_guard:
            warming = self._warming
        return {"ok": True, "warming": warming, "warm_runs": self.warm_runs,
                "last_warm_seconds": None if self.warm_seconds is None else round(self.warm_seconds, 3),
                "data_version": self.memo.version, "local_copy": self._copy_health()}

    def _copy_health(self) -> dict[str, object] | None:
        if self.replica is None:
            return None
        copy = self.replica.current
        if copy is None:
            return {"current": False, "skipped": self.replica.skipped}
        return {"current": self._is_current(copy), "tally_stamp": copy.stamp, "dossiers": copy.rows,
                "seconds": round(copy.seconds, 3), "updates": copy.updates}

    def login_slot(self, ip: str) -> threading.BoundedSemaphore:
        """At most LOGIN_SLOTS password checks at once per client address; more wait their turn (not refused:
        a whole office behind one address logs in at eight). Bounds how many guesses can pass the throttle
        together."""
        with self._slots_guard:
            if len(self._login_slots) > MAX_ENTRIES:
                self._login_slots.clear()
            return self._login_slots.setdefault(ip, threading.BoundedSemaphore(LOGIN_SLOTS))

    def current(self, request: Request) -> Session | None:
        """The session of the request's cookie; looked up in the store at most once a minute per token."""
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        now = datetime.now()
        cached = self._sessions.get(token)
        if cached is not None and cached[1] > now:
            return cached[0] if cached[0].expires_at > now else None
        found = session(self.store(live=True), token)  # sessions are never in a local copy: no wait for one
        if found is not None:
            self._sessions[token] = (found, now + SESSION_RECHECK)
        return found

    def forget(self, token: str) -> None:
        self._sessions.pop(token, None)

    def forget_user(self, username: str) -> None:
        """Drop the cached sessions of ``username`` (disabled, or a new password): it must log in again."""
        for token, (found, _) in list(self._sessions.items()):
            if found.account.username == username:
                self._sessions.pop(token, None)

    def need(self, request: Request, unit: str | None = None, enter: bool = False, admin: bool = False) -> Session:
        """The logged-in session allowed to do this, or 401 (not logged in) / 403 (not allowed)."""
        found = self.current(request)
        if found is None:
            raise HTTPException(401)
        account = found.account
        lineage = self.units().ancestors(unit) if unit else []
        if unit and not lineage:
            raise HTTPException(404)
        if admin and not account.may_administer:
            raise HTTPException(403)
        if unit and not (account.may_enter(lineage) if enter else account.may_read(lineage)):
            raise HTTPException(403)
        if enter and not unit and not account.may_import:
            raise HTTPException(403)
        return found

    def reading_unit(self, request: Request) -> tuple[Session, str | None]:
        """The session, and the unit a page is about: ``?unit=`` (which the reader must be allowed to read), else
        a unit officer's own unit, else None (every unit)."""
        unit = request.query_params.get("unit") or None
        found = self.need(request, unit=unit)
        if unit is None and not found.account.sees_everything:
            unit = found.account.unit
        return found, unit

    async def write(self, work: Callable[[Store], T], figures: bool = True, soon: bool = False) -> T:
        """``work`` on the store itself, off the event loop and under the write lock; then the change is taken
        in (cached results forgotten, figures warmed again), also off the event loop: at once, for the person
        who made it, or ``soon`` (a source system's push, see ``changed_soon``). ``figures=False``: a write no
        page shows but its own (an inbox entry read)."""
        def locked() -> T:
            with self.write_lock:
                return work(self.store(live=True))

        done = await run_in_threadpool(locked)
        if figures:
            await run_in_threadpool(self.changed_soon if soon else self.changed)
        return done

    @staticmethod
    async def evidence(form: Any, limit: int) -> Evidence | None:
        """The evidence file a form carries (at most ``limit`` bytes read, so that a larger one is refused by
        size), or None."""
        upload = form.get("evidence")
        if isinstance(upload, UploadFile) and upload.filename:
            return Evidence(upload.filename, await upload.read(limit + 1))
        return None

    @staticmethod
    async def form(request: Request, max_part_size: int = 1024 * 1024) -> Any:
        """The posted form; one that cannot be parsed (a 5,000-character file name, a broken body) is a 400."""
        try:
            return await request.form(max_part_size=max_part_size)
        except (MultiPartException, MultipartParseError, ValueError) as exc:
            raise ChisoError(f"the form could not be read ({str(exc)[:120]}); shorten the file name or send the file "
                             "again", vi=f"không đọc được biểu mẫu gửi lên ({str(exc)[:120]}); hãy đặt tên tệp ngắn "
                             "hơn hoặc gửi lại tệp") from None

    def check_csrf(self, found: Session, form: Any) -> None:
        sent = str(form.get("csrf", ""))
        if not hmac.compare_digest(sent, found.csrf):
            raise HTTPException(403, "CSRF token missing or wrong")

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        """The page; a GET page is rendered once per user, URL and language until the data change."""
        lang = lang_of(request)
        found = context.pop("session", None) or self.current(request)
        account: Account | None = found.account if found else None
        if account is not None and "unread" not in context:  # the menu's count of unread alerts
            context["unread"] = self.unread(account.username)
        if request.method != "GET" or template in UNCACHED or status != 200:
            return HTMLResponse(self._page(request, template, lang, found, account, context), status_code=status)
        key = ("page", template, request.url.path, request.url.query, lang, found.token if found else None,
               context.get("unread"))
        return HTMLResponse(self.memo.get(key, lambda: self._page(request, template, lang, found, account, context)))

    def _page(self, request: Request, template: str, lang: str, found: Session | None, account: Account | None,
              context: dict[str, Any]) -> str:
        return self.jinja.get_template(template).render(
            request=request, t=lambda key: translate(key, lang), lang=lang, account=account,
            csrf=found.csrf if found else "", demo=self.is_demo(), path=request.url.path, latest=self.latest(),
            unit_name=self._unit_name(account),
            query=str(request.url.query), **context)


    def _unit_name(self, account: Account | None) -> str:
        if account is None or account.unit is None:
            return ""
        unit = self.units().by_code.get(account.unit)
        return unit.name if unit else account.unit


_THREAD = threading.local()


def _on_event_loop() -> bool:
    """Whether this thread runs the server's event loop (where nothing may wait)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def is_background() -> bool:
    """Whether this thread works ahead of time at a lower priority (``_background``)."""
    return bool(getattr(_THREAD, "background", False))


def _background() -> None:
    """Lower this thread's scheduling priority (Linux schedules threads apart): work ahead of time (the warm-up,
    a local copy) then takes the cores only when pages leave them free."""
    _THREAD.background = True
    with contextlib.suppress(AttributeError, OSError):  # elsewhere, the work runs at normal priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WARM_NICE)


lower_priority = _background  # for other background threads of the server (the alerts)


def lang_of(request: Request) -> str:
    lang = request.cookies.get("lang", "vi")
    return lang if lang in LANGS else "vi"


def _vn(value: object, decimals: int = 2) -> str:
    if value is None:
        return "—"
    return vn_number(float(value), decimals)  # type: ignore[arg-type]


def _amount(value: object) -> str:
    """A target value or a reported figure: whole numbers without decimals (1.200.000), others with up to two
    (91,5; 12,25)."""
    if value is None:
        return "—"
    number = float(value)  # type: ignore[arg-type]
    if number.is_integer():
        return vn_number(number, 0)
    text = vn_number(number, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _signed(value: object, decimals: int = 2) -> str:
    if value is None:
        return ""
    number = float(value)  # type: ignore[arg-type]
    return ("+" if number > 0 else "") + vn_number(number, decimals)
