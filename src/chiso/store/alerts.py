"""Alerts kept in the store: each detected once per rule and subject, and its deliveries (the inbox, e-mail
digests, the webhook) with their attempts; where each account's e-mails go. Detection is the engine's
(``engine.alerts``), sending the notifier's (``chiso.notify``)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from chiso.domain.errors import InvalidValue
from chiso.store.audit import record
from chiso.store.store import Store

WEBHOOK = "*"  # the recipient of webhook deliveries


@dataclass(frozen=True)
class NewAlert:
    rule: str
    subject: str
    unit: str | None
    message: str
    link: str
    recipients: tuple[str, ...]  # usernames (inbox, and e-mail for those with an address)


@dataclass(frozen=True)
class Alert:
    id: int
    rule: str
    subject: str
    unit: str | None
    message: str
    link: str
    detected_at: datetime


@dataclass(frozen=True)
class Delivery:
    alert: Alert
    recipient: str
    channel: str
    attempts: int
    read_at: datetime | None = None


def set_contact(store: Store, username: str, email: str | None, head: bool | None, by: str) -> None:
    """Where ``username``'s alert e-mails go (None: unchanged, "": none) and whether it heads its unit."""
    if store.con.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone() is None:
        raise InvalidValue("username", username, "an existing account (`chiso user list`)")
    if email:
        email = email.strip()
        local, _, domain = email.partition("@")
        if not local or "." not in domain or any(c.isspace() or c in "<>,;\"" for c in email) or len(email) > 254:
            raise InvalidValue("e-mail address", email, "name@example.gov.vn")
    row = store.con.execute("SELECT email, head FROM user_contacts WHERE username = ?", [username]).fetchone()
    old_email, old_head = (row[0], bool(row[1])) if row else (None, False)
    new_email = old_email if email is None else (email or None)
    new_head = old_head if head is None else head
    with store.transaction():
        store.con.execute("DELETE FROM user_contacts WHERE username = ?", [username])
        store.con.execute("INSERT INTO user_contacts VALUES (?, ?, ?)", [username, new_email, new_head])
        record(store, by, "user.contact", username, f"{old_email or ''} head={old_head}",
               f"{new_email or ''} head={new_head}")


def contacts(store: Store) -> dict[str, tuple[str | None, bool]]:
    """username -> (e-mail address, heads its unit)."""
    return {str(u): (e, bool(h)) for u, e, h in store.con.execute(
        "SELECT username, email, head FROM user_contacts").fetchall()}


def save(store: Store, found: Sequence[NewAlert], emails: dict[str, str], webhook: bool,
         now: datetime) -> list[NewAlert]:
    """Record the alerts not already recorded (by rule and subject) with their deliveries: an inbox entry per
    recipient, an e-mail to each recipient with an address, the webhook. The alerts that were new."""
    if not found:
        return []
    import pyarrow as pa

    con = store.con
    table = pa.table({"rule": [f.rule for f in found], "subject": [f.subject for f in found]})
    con.register("found_in", table)
    try:
        known = {(str(r), str(s)) for r, s in con.execute(
            "SELECT a.rule, a.subject FROM alerts a JOIN found_in f ON f.rule = a.rule AND f.subject = a.subject"
        ).fetchall()}
    finally:
        con.unregister("found_in")
    fresh = list({(f.rule, f.subject): f for f in found if (f.rule, f.subject) not in known}.values())
    if not fresh:
        return []
    row = con.execute("SELECT coalesce(max(id), 0) FROM alerts").fetchone()
    first = int(row[0]) + 1 if row else 1
    ids = list(range(first, first + len(fresh)))
    deliveries: list[tuple[int, str, str, str]] = []
    for ident, f in zip(ids, fresh, strict=True):
        for user in f.recipients:
            deliveries.append((ident, user, "inbox", "sent"))
            if user in emails:
                deliveries.append((ident, user, "email", "pending"))
        if webhook:
            deliveries.append((ident, WEBHOOK, "webhook", "pending"))
    alerts = pa.table({"id": pa.array(ids, pa.int64()), "rule": [f.rule for f in fresh],
                       "subject": [f.subject for f in fresh],
                       "unit_code": pa.array([f.unit for f in fresh], pa.string()),
                       "message": [f.message for f in fresh], "link": [f.link for f in fresh],
                       "detected_at": pa.array([now] * len(fresh), pa.timestamp("us"))})
    sent = pa.table({"alert_id": pa.array([d[0] for d in deliveries], pa.int64()),
                     "recipient": pa.array([d[1] for d in deliveries], pa.string()),
                     "channel": pa.array([d[2] for d in deliveries], pa.string()),
                     "status": pa.array([d[3] for d in deliveries], pa.string())})
    con.register("alerts_in", alerts)
    con.register("deliveries_in", sent)
    try:
        with store.transaction():
            con.execute("INSERT INTO alerts SELECT * FROM alerts_in")
            con.execute("INSERT INTO alert_deliveries (alert_id, recipient, channel, status, attempts, sent_at) "
                        "SELECT alert_id, recipient, channel, status, 0, "
                        "CASE WHEN status = 'sent' THEN CAST(? AS TIMESTAMP) END FROM deliveries_in", [now])
            record(store, "chiso", "alert.detected", f"{len(fresh)}", None,
                   "; ".join(f"{rule} {n}" for rule, n in _per_rule(fresh)))
    finally:
        con.unregister("alerts_in")
        con.unregister("deliveries_in")
    return fresh


def _per_rule(found: Sequence[NewAlert]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for f in found:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    return sorted(counts.items())


ALERT_FIELDS = "a.id, a.rule, a.subject, a.unit_code, a.message, a.link, a.detected_at"


def _alert(row: Sequence[object]) -> Alert:
    ident, rule, subject, unit, message, link, at = row[:7]
    assert isinstance(at, datetime)
    return Alert(int(str(ident)), str(rule), str(subject), None if unit is None else str(unit), str(message),
                 str(link), at)


def pending(store: Store, channel: str) -> list[Delivery]:
    """Deliveries by ``channel`` still to send (new, or failed fewer times than the limit), oldest first."""
    rows = store.con.execute(
        f"SELECT {ALERT_FIELDS}, d.recipient, d.channel, d.attempts FROM alert_deliveries d "
        "JOIN alerts a ON a.id = d.alert_id WHERE d.channel = ? AND d.status = 'pending' "
        "ORDER BY d.recipient, a.id", [channel]).fetchall()
    return [Delivery(_alert(r), str(r[7]), str(r[8]), int(r[9])) for r in rows]


def mailed_since(store: Store, recipient: str, since: datetime) -> bool:
    """Whether an e-mail digest went to ``recipient`` since ``since`` (one a day)."""
    row = store.con.execute("SELECT 1 FROM alert_deliveries WHERE recipient = ? AND channel = 'email' "
                            "AND status = 'sent' AND sent_at >= ? LIMIT 1", [recipient, since]).fetchone()
    return row is not None


def mark(store: Store, deliveries: Sequence[Delivery], error: str | None, now: datetime, max_attempts: int) -> None:
    """After one try of ``deliveries`` (one digest or one webhook message): sent, or one more failed attempt
    (``failed`` once ``max_attempts`` are spent), with the error."""
    if not deliveries:
        return
    with store.transaction():
        for d in deliveries:
            if error is None:
                store.con.execute("UPDATE alert_deliveries SET status = 'sent', attempts = attempts + 1, "
                                  "sent_at = ?, last_error = NULL WHERE alert_id = ? AND recipient = ? AND channel = ?",
                                  [now, d.alert.id, d.recipient, d.channel])
            else:
                status = "failed" if d.attempts + 1 >= max_attempts else "pending"
                store.con.execute("UPDATE alert_deliveries SET status = ?, attempts = attempts + 1, last_error = ? "
                                  "WHERE alert_id = ? AND recipient = ? AND channel = ?",
                                  [status, error[:500], d.alert.id, d.recipient, d.channel])


def inbox(store: Store, username: str, unread_only: bool = False, limit: int = 500) -> list[Delivery]:
    """The account's inbox, newest first."""
    where = " AND d.read_at IS NULL" if unread_only else ""
    rows = store.con.execute(
        f"SELECT {ALERT_FIELDS}, d.recipient, d.channel, d.attempts, d.read_at FROM alert_deliveries d "
        f"JOIN alerts a ON a.id = d.alert_id WHERE d.channel = 'inbox' AND d.recipient = ?{where} "
        f"ORDER BY a.id DESC LIMIT {int(limit)}", [username]).fetchall()
    return [Delivery(_alert(r), str(r[7]), str(r[8]), int(r[9]),
                     r[10] if isinstance(r[10], datetime) else None) for r in rows]


def unread(store: Store, username: str) -> int:
    row = store.con.execute("SELECT count(*) FROM alert_deliveries WHERE channel = 'inbox' AND recipient = ? "
                            "AND read_at IS NULL", [username]).fetchone()
    return int(row[0]) if row else 0


def mark_read(store: Store, username: str, ids: Sequence[int] | None, now: datetime) -> int:
    """Mark the account's inbox entries read (``ids``, or all); how many were unread."""
    chosen = "" if ids is None else f" AND alert_id IN ({', '.join(str(int(i)) for i in ids) or 'NULL'})"
    where = f"channel = 'inbox' AND recipient = ? AND read_at IS NULL{chosen}"
    row = store.con.execute(f"SELECT count(*) FROM alert_deliveries WHERE {where}", [username]).fetchone()
    count = int(row[0]) if row else 0
    if count:
        store.con.execute(f"UPDATE alert_deliveries SET read_at = ? WHERE {where}", [now, username])
    return count


def summary(store: Store) -> list[tuple[str, str, str, int]]:
    """(rule, channel, status, deliveries), for `chiso alerts list`."""
    return [(str(r), str(c), str(s), int(n)) for r, c, s, n in store.con.execute(
        "SELECT a.rule, d.channel, d.status, count(*) FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id "
        "GROUP BY ALL ORDER BY 1, 2, 3").fetchall()]
