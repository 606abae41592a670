"""Legal time limits: a value with a unit, never converted to days."""

import re
from dataclasses import dataclass
from enum import StrEnum

from chiso.domain.errors import InvalidValue
from chiso.domain.text import ascii_key


class LimitUnit(StrEnum):
    """The units a procedure's time limit is expressed in."""

    HOURS = "hours"
    WORKING_HOURS = "working_hours"
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"

    @property
    def vietnamese(self) -> str:
        return _VIETNAMESE[self]

    @property
    def is_day_based(self) -> bool:
        return self in (LimitUnit.DAYS, LimitUnit.WORKING_DAYS, LimitUnit.MONTHS)


_VIETNAMESE = {
    LimitUnit.HOURS: "giờ",
    LimitUnit.WORKING_HOURS: "giờ làm việc",
    LimitUnit.DAYS: "ngày",
    LimitUnit.WORKING_DAYS: "ngày làm việc",
    LimitUnit.MONTHS: "tháng",
}

# Spellings accepted for each unit, compared without diacritics.
UNIT_ALIASES: dict[str, LimitUnit] = {
    "gio": LimitUnit.HOURS,
    "h": LimitUnit.HOURS,
    "hour": LimitUnit.HOURS,
    "hours": LimitUnit.HOURS,
    "gio lam viec": LimitUnit.WORKING_HOURS,
    "working hour": LimitUnit.WORKING_HOURS,
    "working hours": LimitUnit.WORKING_HOURS,
    "working_hours": LimitUnit.WORKING_HOURS,
    "ngay": LimitUnit.DAYS,
    "day": LimitUnit.DAYS,
    "days": LimitUnit.DAYS,
    "calendar days": LimitUnit.DAYS,
    "ngay lam viec": LimitUnit.WORKING_DAYS,
    "working day": LimitUnit.WORKING_DAYS,
    "working days": LimitUnit.WORKING_DAYS,
    "working_days": LimitUnit.WORKING_DAYS,
    "business days": LimitUnit.WORKING_DAYS,
    "thang": LimitUnit.MONTHS,
    "month": LimitUnit.MONTHS,
    "months": LimitUnit.MONTHS,
}

_LIMIT = re.compile(r"^(?:khong qua\s+)?(\d+(?:[.,]\d+)?)\s*(?:\([^)]*\)\s*)?([a-z_ ]+)$")
_EXPECTED = "a number and a unit, e.g. '3 ngày làm việc', '8 giờ làm việc', '15 ngày', '1 tháng', '3 working days'"


def parse_unit(text: str) -> LimitUnit:
    unit = UNIT_ALIASES.get(ascii_key(text))
    if unit is None:
        raise InvalidValue("time limit unit", text, "one of giờ, giờ làm việc, ngày, ngày làm việc, tháng")
    return unit


@dataclass(frozen=True, order=True)
class TimeLimit:
    """A legal time limit such as (3, working days)."""

    value: int
    unit: LimitUnit

    def __post_init__(self) -> None:
        if self.value < 0:
            raise InvalidValue("time limit", self.value, "a value of 0 or more")

    @classmethod
    def parse(cls, text: str) -> "TimeLimit":
        """Parse '3 ngày làm việc', '03 (ba) ngày làm việc', '8 working hours', '1 tháng'."""
        match = _LIMIT.match(ascii_key(text))
        if match is None:
            raise InvalidValue("time limit", text, _EXPECTED)
        number = float(match.group(1).replace(",", "."))
        unit = UNIT_ALIASES.get(match.group(2).strip())
        if unit is None or number != int(number):
            raise InvalidValue("time limit", text, _EXPECTED)
        return cls(int(number), unit)

    @classmethod
    def find(cls, text: str) -> "TimeLimit | None":
        """The first limit stated inside free text ("Không quá 02 (hai) ngày làm việc kể từ …"), or None.

        Text that states no number with a unit ("Ngay trong ngày tiếp nhận") gives None: chiso does not
        make a limit up.
        """
        key = ascii_key(text)
        for match in _FIND.finditer(key):
            before = key[: match.start()].split()[-1:]
            if match.group(2).startswith("gio") and before and before[0] in _CLOCK_WORDS:
                continue  # "sau 15 giờ": a time of day, not a limit
            return cls(int(match.group(1)), UNIT_ALIASES[match.group(2)])
        return None

    def __str__(self) -> str:
        return f"{self.value} {self.unit.vietnamese}"


_CLOCK_WORDS = ("sau", "truoc", "luc", "den", "tu", "qua")
_FIND = re.compile(r"\b(\d{1,4})\s*(?:\([^)]*\)\s*)?(gio lam viec|ngay lam viec|thang|ngay|gio)\b")
