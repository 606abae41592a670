"""Dossier states and the status of a dossier at a moment (deadlines.md, national portal rules)."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Channel(StrEnum):
    DIRECT = "direct"
    ONLINE = "online"
    POSTAL = "postal"


class TerminalState(StrEnum):
    FINISHED = "finished"
    REFUSED = "refused"
    STOPPED = "stopped"
    WITHDRAWN = "withdrawn"


class Rating(StrEnum):
    LIKED = "liked"
    DISLIKED = "disliked"
    COMPLAINT = "complaint"


class Status(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    OPEN_WITHIN = "open_within"
    OPEN_OVERDUE = "open_overdue"

    @property
    def vietnamese(self) -> str:
        return STATUS_VI[self]


STATUS_VI = {
    Status.EARLY: "trước hạn",
    Status.ON_TIME: "đúng hạn",
    Status.LATE: "trễ hạn",
    Status.OPEN_WITHIN: "đang xử lý trong hạn",
    Status.OPEN_OVERDUE: "đang xử lý quá hạn",
}
CHANNEL_VI = {Channel.DIRECT: "trực tiếp", Channel.ONLINE: "trực tuyến", Channel.POSTAL: "bưu chính công ích"}


@dataclass(frozen=True)
class DossierTimes:
    received_at: datetime
    due_at: datetime | None
    finished_at: datetime | None = None
    returned_at: datetime | None = None
    state: TerminalState | None = None
    state_at: datetime | None = None
    supplements: tuple[tuple[datetime, datetime | None], ...] = ()

    def end_at(self) -> datetime | None:
        """First terminal event by precedence: finished, returned, then refused/stopped/withdrawn."""
        if self.finished_at is not None:
            return self.finished_at
        if self.returned_at is not None:
            return self.returned_at
        if self.state in (TerminalState.REFUSED, TerminalState.STOPPED, TerminalState.WITHDRAWN):
            return self.state_at
        return None


def status_at(d: DossierTimes, at: datetime, max_supplements_on_time: int = 1) -> Status | None:
    """Status at ``at``; None when the dossier was not yet received or has no due moment."""
    if d.received_at > at or d.due_at is None:
        return None
    requests = sum(1 for requested, _ in d.supplements if requested <= at)
    end = d.end_at()
    if end is not None and end <= at:
        if requests > max_supplements_on_time or end > d.due_at:
            return Status.LATE
        return Status.EARLY if end.date() < d.due_at.date() else Status.ON_TIME
    waiting = any(req <= at and (sup is None or sup > at) for req, sup in d.supplements)
    if requests > max_supplements_on_time:
        return Status.OPEN_OVERDUE
    if waiting or at <= d.due_at:
        return Status.OPEN_WITHIN
    return Status.OPEN_OVERDUE
