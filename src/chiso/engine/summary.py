"""The province summary: dossiers by month of receipt, channel and status at a moment."""

from dataclasses import dataclass
from datetime import datetime

from chiso.engine.status import status_relation
from chiso.store.postgres import native_rows
from chiso.store.store import Store

STATUSES = ("early", "on_time", "late", "open_within", "open_overdue")
CHANNELS = ("direct", "online", "postal", "unknown")


@dataclass(frozen=True)
class MonthRow:
    month: str
    received: int
    by_channel: dict[str, int]
    by_status: dict[str, int]

    @property
    def on_time_rate(self) -> float | None:
        """(early + on time + open within time) / all with a status, in percent."""
        good = self.by_status["early"] + self.by_status["on_time"] + self.by_status["open_within"]
        total = sum(self.by_status.values())
        return 100.0 * good / total if total else None


def latest_event(store: Store) -> datetime | None:
    """The latest event of any dossier: the moment figures describe. On a PostgreSQL store (not a worker's local
    copy) PostgreSQL reads it off its index (migration 0016) rather than sending every dossier's moment over."""
    sql = "SELECT max(last_event_at) FROM dossiers"
    rows = native_rows(store.con, sql) if store.url and store.as_of is None else store.con.execute(sql).fetchall()
    latest = rows[0][0] if rows else None
    return latest if isinstance(latest, datetime) else None


def monthly_summary(store: Store, at: datetime, year: int | None = None) -> list[MonthRow]:
    where = f"WHERE year(received_at) = {int(year)}" if year else ""
    sql = f"""
SELECT strftime(received_at, '%Y-%m') AS month, count(*) AS received,
    {", ".join(f"count(*) FILTER (WHERE channel = '{c}')" for c in CHANNELS)},
    {", ".join(f"count(*) FILTER (WHERE status = '{s}')" for s in STATUSES)}
FROM ({status_relation(store.settings, at)}) {where}
GROUP BY 1 ORDER BY 1"""
    rows = []
    for r in store.con.execute(sql).fetchall():
        n = len(CHANNELS)
        channels = dict(zip(CHANNELS, (int(v) for v in r[2:2 + n]), strict=True))
        statuses = dict(zip(STATUSES, (int(v) for v in r[2 + n:2 + n + len(STATUSES)]), strict=True))
        rows.append(MonthRow(str(r[0]), int(r[1]), channels, statuses))
    return rows
