"""The web's job registry: each job's state is written to the store (``store/jobs.py``) through a cursor of its
own (never the importing thread's, whose transaction would hide the progress until it commits), so that every
server worker's job page shows every job as it goes.

Long work runs as a background job: ``start`` runs it on a thread of its own at a lower priority and keeps what
it made in the job's folder (``<data folder>/jobs/<id>/``) for its owner to download from the job page. A review
report takes a turn (at most ``report.jobs_at_once`` at a time, the others wait, queued) and its file is the job's
outcome; an import waits for the write lock instead, and a refused import keeps its rejected-rows list. A file is
kept as long as its job is (the most recent ``store.jobs.KEEP``). The page that started a job waits for it a
while (``wait``) and otherwise sends the person to the job page.
"""

import asyncio
import contextlib
import logging
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

from chiso.domain.errors import ChisoError
from chiso.domain.roles import Account
from chiso.store.jobs import Job, add_job, end_job, kept_ids, step_job, visible_jobs
from chiso.store.store import Store

LOG = logging.getLogger("chiso.web")
T = TypeVar("T")
Work = Callable[[Path, Callable[[str], None]], T]  # given its folder and a way to tell its progress: what it made
INCOMING = "incoming"  # a job's subfolder for what it was given (an upload), never offered for download
SETTLED = 600  # seconds after which a job's folder is removed if the store no longer keeps the job


class Jobs:
    def __init__(self, fork: Callable[[], Store], folder: Path, at_once: int = 2) -> None:
        self._fork = fork  # makes a new cursor on the store (Store.fork of the web's root store)
        self.folder = folder  # where the jobs' files are kept, one folder per job
        self._store: Store | None = None
        self._lock = threading.Lock()  # one cursor, used by one thread at a time
        self._turns = threading.BoundedSemaphore(max(at_once, 1))  # background jobs running at once

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

    def file_of(self, job: Job) -> Path | None:
        """The file an ended job made (a report; a refused import's rejected rows), or None."""
        folder = self.folder / job.id
        if job.state not in ("done", "failed") or not folder.is_dir():
            return None
        return next((p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.endswith(".part")), None)

    def incoming(self, job: Job) -> Path:
        """The folder where what ``job`` is given (an upload) is put before it starts; removed when it ends."""
        folder = self.folder / job.id / INCOMING
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def start(self, job: Job, work: "Work[T]", background: Callable[[], None], outcome: Callable[[T], str],
              turn: bool = True, keep_failed: bool = False) -> "Future[T]":
        """Run ``work`` for ``job`` on a thread of its own (``background`` lowers its priority), after its turn
        (``turn``; without one, the work waits for what it needs itself); the job ends done with ``outcome`` of
        what it made, or failed with the error's sentence (both languages), keeping the files the work left only
        if ``keep_failed``. The future holds what the work made, or the error."""
        self._prune()
        done: Future[T] = Future()
        folder = self.folder / job.id

        def run() -> None:
            background()
            with self._turns if turn else contextlib.nullcontext():
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                    made = work(folder, lambda step: self.step(job, step))
                    self.end(job, True, outcome(made))
                    done.set_result(made)
                except Exception as exc:
                    if not isinstance(exc, ChisoError):  # a fault of chiso's, not of the request: in the log
                        LOG.exception("job %s (%s) failed", job.id, job.kind)
                    if not keep_failed:
                        shutil.rmtree(folder, ignore_errors=True)
                    said = f"{exc.vi} / {exc}" if isinstance(exc, ChisoError) and exc.vi else str(exc)
                    self.end(job, False, said or type(exc).__name__)
                    done.set_exception(exc)
                finally:
                    shutil.rmtree(folder / INCOMING, ignore_errors=True)

        threading.Thread(target=run, name=f"chiso-job-{job.id}", daemon=True).start()
        return done

    def _prune(self) -> None:
        """Remove the folders of jobs the store no longer keeps."""
        if not self.folder.is_dir():
            return
        with self._lock:
            kept = kept_ids(self._cursor())
        settled = time.time() - SETTLED  # a job just added by another worker may not be in ``kept`` yet
        for folder in self.folder.iterdir():
            if folder.is_dir() and folder.name not in kept and folder.stat().st_mtime < settled:
                shutil.rmtree(folder, ignore_errors=True)


async def wait(made: "Future[T]", seconds: float) -> bool:
    """Whether the job ended within ``seconds``: the event loop is woken when it ends (never held meanwhile);
    giving up waiting leaves the job running."""
    with contextlib.suppress(Exception):  # its outcome is read from ``made``; a timeout leaves it running
        await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(made)), max(seconds, 0.0))
    return made.done()
