"""The audit log: every change made through chiso, append-only (no update or delete is ever issued)."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from chiso.store.store import Store

COLUMNS = ("id", "logged_at", "username", "action", "entity", "old_value", "new_value", "reason")


@dataclass(frozen=True)
class Entry:
    id: int
    logged_at: datetime
    username: str
    action: str
    entity: str
    old_value: str | None
    new_value: str | None
    reason: str | None


def record(store: Store, username: str, action: str, entity: str, old: str | None, new: str | None,
           reason: str | None = None) -> None:
    store.con.execute("INSERT INTO audit_log (logged_at, username, action, entity, old_value, new_value, reason) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)", [datetime.now(), username, action, entity, old, new, reason])


def record_change(store: Store, affects_from: datetime, units: Collection[str] | None = None) -> None:
    """What the audit entry just recorded changed of the rows figures are made of: nothing before
    ``affects_from``, and only the rows of ``units`` (None: any unit's; see ``Store.changed_units``)."""
    joined = None if units is None else "\n".join(sorted(units))
    store.con.execute("INSERT INTO data_changes (audit_id, affects_from, units) SELECT max(id), ?, ? FROM audit_log",
                      [affects_from, joined])


def entries(store: Store, limit: int = 500, action: str | None = None) -> list[Entry]:
    where, params = ("WHERE action LIKE ?", [f"{action}%"]) if action else ("", [])
    rows = store.con.execute(f"SELECT {', '.join(COLUMNS)} FROM audit_log {where} ORDER BY id DESC LIMIT {int(limit)}",
                             params).fetchall()
    return [Entry(*r) for r in rows]
