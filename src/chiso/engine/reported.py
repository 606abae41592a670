"""Reported values (``reported_values``) as figures for a unit and period."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from chiso.domain.periods import Period
from chiso.store.store import Store


@dataclass(frozen=True)
class Reported:
    indicator: str
    unit: str
    start: date
    end: date
    numerator: int | None
    denominator: int | None
    value: Decimal | None
    source: str | None

    @cached_property
    def note(self) -> str:
        where = f" ({self.source})" if self.source else ""
        return f"reported for {self.unit}, {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}{where}"


class ReportedValues:
    """Reported rows of some indicators for some periods, looked up by unit (or an ancestor) and period."""

    def __init__(self, store: Store, codes: Sequence[str], periods: Sequence[Period]) -> None:
        self.rows: dict[tuple[str, date, date], dict[str, Reported]] = {}
        if not codes or not periods:
            return
        marks = ", ".join("?" for _ in codes)
        for row in store.con.execute(
            f"SELECT indicator, unit_code, period_start, period_end, numerator, denominator, value, source "
            f"FROM reported_values WHERE indicator IN ({marks})", list(codes)).fetchall():
            r = Reported(str(row[0]), str(row[1]), row[2], row[3], row[4], row[5], row[6], row[7])
            self.rows.setdefault((r.indicator, r.start, r.end), {})[r.unit] = r

    def find(self, code: str, units: Sequence[str], period: Period) -> Reported | None:
        """The value for the first of ``units`` (the unit, then its ancestors if allowed) for exactly ``period``."""
        by_unit = self.rows.get((code, period.start, period.end))
        if by_unit:
            for unit in units:
                if unit in by_unit:
                    return by_unit[unit]
        return None
