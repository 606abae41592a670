"""Where the calendar's exceptions come from: the `holidays` package, the shipped override table,
and a province's own files. Later sources override earlier ones."""

import csv
import io
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path

import holidays

from chiso.domain.calendar import CalendarEntry, DayKind, WorkCalendar
from chiso.domain.errors import InvalidValue

PACKAGE_SOURCE = "python-holidays, country VN (Bộ luật Lao động 2019, Điều 112)"
OVERRIDES_FILE = "calendar_overrides.csv"


def package_entries(first_year: int, last_year: int) -> list[CalendarEntry]:
    """Fixed and lunar public holidays, observed days and make-up Saturdays known to `holidays`."""
    years = list(range(first_year, last_year + 1))
    vn = holidays.country_holidays("VN", years=years, language="vi")
    entries = [
        CalendarEntry(day, DayKind.OFF, str(name), PACKAGE_SOURCE)
        for day, name in sorted(vn.items())
        if day.weekday() < 5
    ]
    for day in sorted(getattr(vn, "weekend_workdays", ())):
        if first_year <= day.year <= last_year:
            entries.append(CalendarEntry(day, DayKind.WORK, "Ngày làm bù", PACKAGE_SOURCE))
    return entries


def parse_entries(text: str, origin: str) -> list[CalendarEntry]:
    """Rows of ``day,kind,name,source`` (kind: off | work). ``origin`` names the file in errors."""
    entries: list[CalendarEntry] = []
    reader = csv.DictReader(io.StringIO(text))
    missing = {"day", "kind", "name"} - set(reader.fieldnames or [])
    if missing:
        raise InvalidValue(f"{origin}: header", reader.fieldnames, "columns day, kind, name, source")
    for line, row in enumerate(reader, start=2):
        try:
            day = date.fromisoformat((row["day"] or "").strip())
            kind = DayKind((row["kind"] or "").strip().lower())
        except ValueError:
            raise InvalidValue(
                f"{origin} line {line}", row, "day as YYYY-MM-DD and kind 'off' or 'work'"
            ) from None
        source = (row.get("source") or "").strip() or origin
        entries.append(CalendarEntry(day, kind, (row["name"] or "").strip(), source))
    return entries


def shipped_overrides() -> list[CalendarEntry]:
    text = resources.files("chiso.domain").joinpath("data", OVERRIDES_FILE).read_text(encoding="utf-8")
    return parse_entries(text, OVERRIDES_FILE)


def build_calendar(
    first_year: int, last_year: int, local_files: Iterable[Path] = ()
) -> WorkCalendar:
    """The calendar chiso uses: package data, then shipped overrides, then each local file in order."""
    entries = package_entries(first_year, last_year) + shipped_overrides()
    for path in local_files:
        entries += parse_entries(path.read_text(encoding="utf-8"), str(path))
    return WorkCalendar(first_year, last_year, entries)
