"""Reporting periods: month, quarter, 6 months, 9 months, year, year to date, or any date range.

Spellings: ``2024-06`` (month), ``2024-Q2`` (quarter), ``2024-H1``/``2024-6M`` (first 6 months), ``2024-9M``,
``2024`` (year), ``2024-YTD`` (year to date, ends at the given moment), ``2024-03-22..2024-06-29`` (range); and
the way people write them in Vietnamese, with or without diacritics: ``Quý II/2024``, ``quý 2 năm 2024``,
``6 tháng đầu năm 2024``, ``6 tháng cuối năm 2024``, ``9 tháng 2024``, ``T5/2024``, ``tháng 5/2024``,
``05/2024``, ``năm 2024``, ``từ 22/03/2024 đến 29/06/2024``.
"""

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from chiso.domain.errors import InvalidValue

EXPECTED = ("2024-06, 2024-Q2, 2024-H1, 2024-H2, 2024-6M, 2024-9M, 2024, 2024-YTD or 2024-03-22..2024-06-29 "
            "(also: Quý II/2024, 6 tháng đầu năm 2024, 9 tháng 2024, T5/2024, năm 2024, từ 22/03/2024 đến 29/06/2024)")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_HALF = re.compile(r"^(\d{4})-H([12])$", re.IGNORECASE)
_MONTHS = re.compile(r"^(\d{4})-(6|9)M$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_YTD = re.compile(r"^(\d{4})-YTD$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    """Dates ``start`` to ``end`` inclusive, with the label the user wrote (normalised)."""

    label: str
    start: date
    end: date

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time())

    @property
    def end_before(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return datetime.combine(self.end + timedelta(days=1), time())

    def status_moment(self, as_of: datetime | None) -> datetime:
        """When statuses are taken: the end of the period, or ``as_of`` if the data stop earlier."""
        if as_of is not None and as_of < self.end_before:
            return as_of
        return self.end_before - timedelta(seconds=1)

    def shifted_years(self, years: int) -> "Period":
        return Period(_shift_label(self.label, years), _shift(self.start, years), _shift(self.end, years))

    def previous(self) -> "Period":
        """The period of the same kind just before: previous month, quarter, half, year; a range of equal length."""
        months = _whole_months(self)
        if months is not None:
            end = self.start - timedelta(days=1)
            first = _add_months(self.start, -months)
            return Period(_label_months(first, months, self.label), first, end)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(f"{end - length:%Y-%m-%d}..{end:%Y-%m-%d}", end - length, end)

    def same_last_year(self) -> "Period":
        return self.shifted_years(-1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _shift(day: date, years: int) -> date:
    last = monthrange(day.year + years, day.month)[1]
    return day.replace(year=day.year + years, day=min(day.day, last))


def _shift_label(label: str, years: int) -> str:
    match = re.match(r"^(\d{4})(.*)$", label)
    if match and ".." not in label:
        return f"{int(match.group(1)) + years}{match.group(2)}"
    return label if ".." not in label else "..".join(
        f"{_shift(date.fromisoformat(p), years):%Y-%m-%d}" for p in label.split(".."))


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _whole_months(period: Period) -> int | None:
    if period.start.day != 1 or period.end != _add_months(period.end, 1) - timedelta(days=1):
        return None
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def _label_months(first: date, months: int, like: str) -> str:
    if months == 1:
        return f"{first:%Y-%m}"
    if months == 3 and first.month in (1, 4, 7, 10):
        return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    if months == 6 and first.month in (1, 7):
        return f"{first.year}-H{1 if first.month == 1 else 2}"
    if months == 12 and first.month == 1:
        return f"{first.year}"
    last = _add_months(first, months) - timedelta(days=1)
    return f"{first:%Y-%m-%d}..{last:%Y-%m-%d}"


def month(year: int, number: int) -> Period:
    start = date(year, number, 1)
    return Period(f"{year}-{number:02d}", start, _add_months(start, 1) - timedelta(days=1))


def months_of(year: int) -> list[Period]:
    return [month(year, m) for m in range(1, 13)]


FIRST_YEAR, LAST_YEAR = 1900, 2100  # periods outside are typing mistakes (and have no previous period)


def parse_period(text: str, today: date | None = None) -> Period:
    """Parse a period spelling; ``today`` ends a year-to-date period (default: the year's end)."""
    period = _parse_period(text, today)
    if period.start.year < FIRST_YEAR or period.end.year > LAST_YEAR:
        raise InvalidValue("period", text, f"a period within the years {FIRST_YEAR}-{LAST_YEAR}")
    return period


_ROMAN_NUMBER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_SEP = r"\s*(?:/|-|\s|nam)\s*"
_VI_QUARTER = re.compile(rf"^(?:quy|q)\s*(iv|i{{1,3}}|[1-4]){_SEP}(\d{{4}})$")
_VI_MONTH = re.compile(rf"^(?:t|thang)\s*(\d{{1,2}}){_SEP}(\d{{4}})$|^(\d{{1,2}})/(\d{{4}})$")
_VI_MONTHS = re.compile(r"^(\d{1,2}) thang(?: (dau|cuoi))?(?: nam)? (\d{4})$")
_VI_YEAR = re.compile(r"^nam (\d{4})$")
_VI_RANGE = re.compile(r"^(?:tu (?:ngay )?)?(\d{1,2})/(\d{1,2})/(\d{4})\s*(?:-|den(?: ngay)?|\.\.)\s*"
                       r"(\d{1,2})/(\d{1,2})/(\d{4})$")


def _plain(text: str) -> str:
    """Lower case without diacritics (đ as d), dashes as '-', single spaces: "Quý II/2024" -> "quy ii/2024"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", re.sub(r"[\u2010-\u2015]", "-", bare)).strip()


def _from_vietnamese(text: str) -> str | None:
    """The canonical spelling of a period written the Vietnamese way, or None if it is not one."""
    value = _plain(text)
    if m := _VI_QUARTER.match(value):
        return f"{m.group(2)}-Q{_ROMAN_NUMBER[m.group(1)]}"
    if m := _VI_MONTH.match(value):
        number, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return f"{year}-{int(number):02d}"
    if m := _VI_MONTHS.match(value):
        months, part, year = int(m.group(1)), m.group(2), int(m.group(3))
        if not 1 <= months <= 12:
            return None
        if part == "cuoi":
            return f"{year}-H2" if months == 6 else f"{year}-{13 - months:02d}-01..{year}-12-31"
        if months in (6, 9):
            return f"{year}-H1" if months == 6 else f"{year}-9M"
        last = _add_months(date(year, 1, 1), months) - timedelta(days=1)
        return f"{year}-01-01..{last:%Y-%m-%d}"
    if m := _VI_YEAR.match(value):
        return m.group(1)
    if m := _VI_RANGE.match(value):
        d1, m1, y1, d2, m2, y2 = (int(g) for g in m.groups())
        try:
            return f"{date(y1, m1, d1):%Y-%m-%d}..{date(y2, m2, d2):%Y-%m-%d}"
        except ValueError:
            return None
    return None


def _parse_period(text: str, today: date | None = None) -> Period:
    value = text.strip()
    value = _from_vietnamese(value) or value
    try:
        if m := _MONTH.match(value):
            return month(int(m.group(1)), int(m.group(2)))
        if m := _QUARTER.match(value):
            year, q = int(m.group(1)), int(m.group(2))
            start = date(year, 3 * q - 2, 1)
            return Period(f"{year}-Q{q}", start, _add_months(start, 3) - timedelta(days=1))
        if m := _HALF.match(value):
            year, h = int(m.group(1)), int(m.group(2))
            start = date(year, 1 if h == 1 else 7, 1)
            return Period(f"{year}-H{h}", start, _add_months(start, 6) - timedelta(days=1))
        if m := _MONTHS.match(value):
            year, n = int(m.group(1)), int(m.group(2))
            return Period(f"{year}-{n}M", date(year, 1, 1), _add_months(date(year, 1, 1), n) - timedelta(days=1))
        if m := _YEAR.match(value):
            year = int(m.group(1))
            return Period(f"{year}", date(year, 1, 1), date(year, 12, 31))
        if m := _YTD.match(value):
            year = int(m.group(1))
            end = date(year, 12, 31) if today is None or today.year != year else today
            return Period(f"{year}-01-01..{end:%Y-%m-%d}", date(year, 1, 1), end)
        if m := _RANGE.match(value):
            start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
            if end < start:
                raise InvalidValue("period", text, "a range whose end is not before its start")
            return Period(value, start, end)
    except ValueError:
        pass
    raise InvalidValue("period", text, EXPECTED)


_ROMAN = ("I", "II", "III", "IV")


def _shape(period: Period) -> tuple[str, int] | None:
    """What kind of named period it is, with its number: ("month", 6), ("quarter", 2), ("year", 0), ("first", 9)
    for the first nine months, ("last", 6) for the last six; None for any other range."""
    start, end = period.start, period.end
    months = _whole_months(period)
    if months is None or start.year != end.year:
        return None
    if months == 1:
        return "month", start.month
    if months == 3 and start.month in (1, 4, 7, 10):
        return "quarter", (start.month - 1) // 3 + 1
    if months == 12:
        return "year", 0
    if start.month == 1:
        return "first", months
    if end.month == 12:
        return "last", months
    return None


def _named(period: Period, forms: dict[str, str], other: str) -> str:
    shape = _shape(period)
    if shape is None:
        return other
    kind, n = shape
    return forms[kind].format(n=n, roman=_ROMAN[n - 1] if kind == "quarter" else "", year=period.start.year)


def label_vi(period: Period) -> str:
    """How a report names a period: "quý I năm 2024", "6 tháng đầu năm 2024", "tháng 6 năm 2024"…"""
    start, end = period.start, period.end
    return _named(period, {"month": "tháng {n} năm {year}", "quarter": "quý {roman} năm {year}", "year": "năm {year}",
                           "first": "{n} tháng đầu năm {year}", "last": "{n} tháng cuối năm {year}"},
                  f"từ ngày {start.day:02d}/{start.month:02d}/{start.year} đến ngày {end.day:02d}/{end.month:02d}/"
                  f"{end.year}")


def short_vi(period: Period) -> str:
    """The short name people type and read in a period box: "Quý II/2024", "6 tháng đầu năm 2024", "T5/2024",
    "Năm 2024", "22/03/2024 – 29/06/2024"; ``parse_period`` reads each back."""
    return _named(period, {"month": "T{n}/{year}", "quarter": "Quý {roman}/{year}", "year": "Năm {year}",
                           "first": "{n} tháng đầu năm {year}", "last": "{n} tháng cuối năm {year}"},
                  f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}")
