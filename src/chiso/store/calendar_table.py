"""The working-day index in the store: one row per day, with the running count of working days."""

import hashlib

import duckdb
import pyarrow as pa

from chiso.domain.calendar import WorkCalendar
from chiso.domain.settings import Settings


def calendar_rows(cal: WorkCalendar) -> pa.Table:
    days, work, seqs, names, sources = [], [], [], [], []
    seq = 0
    for day in cal.days():
        is_work = cal.is_workday(day)
        seq += 1 if is_work else 0
        entry = cal.entries.get(day)
        days.append(day)
        work.append(is_work)
        seqs.append(seq)
        names.append(entry.name if entry else None)
        sources.append(entry.source if entry else None)
    return pa.table(
        {"day": days, "is_workday": work, "wd_seq": pa.array(seqs, pa.int32()), "name": names, "source": sources}
    )


def fingerprint(cal: WorkCalendar, settings: Settings) -> str:
    """Changes whenever anything that moves a due moment changes."""
    digest = hashlib.sha256()
    for day in cal.days():
        digest.update(b"1" if cal.is_workday(day) else b"0")
    digest.update(f"{cal.first}|{settings.office_hours.describe()}|{settings.due_time}".encode())
    return digest.hexdigest()[:24]


def write_calendar(con: duckdb.DuckDBPyConnection, cal: WorkCalendar) -> None:
    rows = calendar_rows(cal)
    con.register("calendar_rows_in", rows)
    try:
        con.execute("DELETE FROM calendar_days")
        con.execute("INSERT INTO calendar_days SELECT day, is_workday, wd_seq, name, source FROM calendar_rows_in")
    finally:
        con.unregister("calendar_rows_in")
