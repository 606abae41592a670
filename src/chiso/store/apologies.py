"""Apology letters marked as sent: the dossier's ``apology_sent`` is set (and kept when the one-stop system's
export is imported again), the letter recorded with who, when, why and the new day promised, all audited."""

from dataclasses import dataclass
from datetime import date, datetime

from chiso.domain.errors import InvalidValue
from chiso.store.audit import record, record_change
from chiso.store.store import Store


@dataclass(frozen=True)
class SentLetter:
    number: str
    letter_date: date
    delay_working_days: int
    new_due: date
    reason: str
    sent_by: str
    sent_at: datetime


def mark_sent(store: Store, number: str, letter_date: date, delay: int, new_due: date, reason: str, by: str,
              now: datetime | None = None) -> None:
    row = store.con.execute("SELECT received_at, apology_sent, processing_unit, receiving_unit FROM dossiers "
                            "WHERE number = ?", [number]).fetchone()
    if row is None:
        raise InvalidValue("dossier", number, "a dossier number in the store")
    now = now or datetime.now()
    with store.transaction():
        store.con.execute("INSERT INTO apology_letters VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [number, letter_date, delay, new_due, reason, by, now])
        store.con.execute("UPDATE dossiers SET apology_sent = TRUE WHERE number = ?", [number])
        record(store, by, "apology.sent", number, "true" if row[1] else "false", "true",
               f"hẹn lại {new_due:%d/%m/%Y} ({delay} ngày làm việc); {reason}")
        # The figures of periods ending before the dossier's receipt, and of other units, do not change.
        record_change(store, row[0], {str(u) for u in row[2:] if u is not None})


def letters(store: Store, number: str) -> list[SentLetter]:
    return [SentLetter(str(r[0]), r[1], int(r[2]), r[3], str(r[4]), str(r[5]), r[6]) for r in store.con.execute(
        "SELECT number, letter_date, delay_working_days, new_due, reason, sent_by, sent_at FROM apology_letters "
        "WHERE number = ? ORDER BY sent_at", [number]).fetchall()]
