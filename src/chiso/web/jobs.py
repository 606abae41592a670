"""The web's job registry: each job's state is written to the store (``store/jobs.py``) through a cursor of its
own (never the importing thread's, whose transaction would hide the progress until it commits), so that every
server worker's job page shows every job as it goes."""

import threading
from collections.abc import Callable

from chiso.domain.roles import Account
from chiso.store.jobs import Job, add_job, end_job, step_job, visible_jobs
from chiso.store.store import Store


class Jobs:
    def __init__(self, fork: Callable[[], Store]) -> None:
        self._fork = fork  # makes a new cursor on the store (Store.fork of the web's root store)
        self._store: Store | None = None
        self._lock = threading.Lock()  # one cursor, used by one thread at a time

    def _cursor(self) -> Store:
        if self._store is None:
            self._store = self._fork()
        return self._store

    def add(self, kind: str, title: str, owner: str) -> Job:
        with self._lock:
            return add_job(self._cursor(), kind, title, owner)

    def step(self, job: Job, progress: str) -> None:
        with self._lock:
            step_job(self._cursor(), job, progress)

    def end(self, job: Job, ok: bool, outcome: str) -> None:
        with self._lock:
            end_job(self._cursor(), job, ok, outcome)

    def visible(self, account: Account) -> list[Job]:
        with self._lock:
            return visible_jobs(self._cursor(), account)
