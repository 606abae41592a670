"""Long work started from the web (imports), with its state and progress, for the job page.

A job is queued, running, done or failed. Its progress is the last step the work reported (reading,
checking, writing). The registry is per server process and keeps the most recent jobs; the store keeps what
a job wrote and the audit log who started it.
"""

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from chiso.domain.roles import Account

KEEP = 200
STATES = ("queued", "running", "done", "failed")


@dataclass
class Job:
    id: str
    kind: str
    title: str
    owner: str
    state: str = "queued"
    progress: str = ""
    outcome: str = ""
    created: datetime = field(default_factory=datetime.now)
    ended: datetime | None = None


class Jobs:
    def __init__(self) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, kind: str, title: str, owner: str) -> Job:
        job = Job(secrets.token_urlsafe(8), kind, title, owner)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP:
                self._jobs.popitem(last=False)
        return job

    def step(self, job: Job, progress: str) -> None:
        job.state, job.progress = "running", progress

    def end(self, job: Job, ok: bool, outcome: str) -> None:
        job.state, job.outcome, job.ended = ("done" if ok else "failed"), outcome, datetime.now()

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def visible(self, account: Account) -> list[Job]:
        """Newest first: every job for an administrator, one's own for anyone else."""
        with self._lock:
            jobs = list(self._jobs.values())
        return [j for j in reversed(jobs) if account.may_administer or j.owner == account.username]
