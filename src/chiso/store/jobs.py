"""Long work started from the web (imports), with its state and progress, kept in the store (table ``jobs``,
migration 0008) so that every server worker shows the same job page.

A job is queued, running, done or failed. Its progress is the last step the work reported (reading, checking,
writing). The most recent KEEP jobs are kept; the store keeps what a job wrote and the audit log who started it.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from chiso.domain.roles import Account
from chiso.store.store import Store

KEEP = 200
STATES = ("queued", "running", "done", "failed")
COLUMNS = "id, kind, title, owner, state, progress, outcome, created_at, ended_at"


@dataclass
class Job:
    id: str
    kind: str
    title: str
    owner: str
    state: str = "queued"
    progress: str = ""
    outcome: str = ""
    created: datetime | None = None
    ended: datetime | None = None


def add_job(store: Store, kind: str, title: str, owner: str) -> Job:
    job = Job(secrets.token_urlsafe(8), kind, title[:300], owner, created=datetime.now().replace(microsecond=0))
    store.con.execute(f"INSERT INTO jobs ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [job.id, job.kind, job.title, job.owner, job.state, "", "", job.created, None])
    store.con.execute("DELETE FROM jobs WHERE id NOT IN (SELECT id FROM jobs ORDER BY created_at DESC, id "
                      f"LIMIT {KEEP})")
    return job


def step_job(store: Store, job: Job, progress: str) -> None:
    job.state, job.progress = "running", progress[:300]
    store.con.execute("UPDATE jobs SET state = ?, progress = ? WHERE id = ?", [job.state, job.progress, job.id])


def end_job(store: Store, job: Job, ok: bool, outcome: str) -> None:
    job.state, job.outcome, job.ended = ("done" if ok else "failed"), outcome[:1000], datetime.now()
    store.con.execute("UPDATE jobs SET state = ?, outcome = ?, ended_at = ? WHERE id = ?",
                      [job.state, job.outcome, job.ended.replace(microsecond=0), job.id])


def visible_jobs(store: Store, account: Account) -> list[Job]:
    """Newest first: every job for an administrator, one's own for anyone else."""
    where, params = ("", []) if account.may_administer else ("WHERE owner = ? ", [account.username])
    rows = store.con.execute(f"SELECT {COLUMNS} FROM jobs {where}ORDER BY created_at DESC, id LIMIT {KEEP}",
                             params).fetchall()
    return [Job(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]), r[7], r[8])
            for r in rows]


def kept_ids(store: Store) -> set[str]:
    """The ids of the jobs the store still keeps (the most recent ``KEEP``): their files are kept with them."""
    return {str(r[0]) for r in store.con.execute("SELECT id FROM jobs").fetchall()}
