"""Vietnamese wording of figures: changes, lists of names, dates."""

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from chiso.domain.formatting import vn_number

PEER_NOUN = {"department": "sở, ban, ngành", "commune": "xã, phường", "province": "tỉnh", "other": "đơn vị"}


def points(value: Decimal | float | None, decimals: int = 2) -> str:
    return "—" if value is None else vn_number(float(value), decimals)


def change(delta: Decimal | float | None, unit: str = "điểm", decimals: int = 2) -> str | None:
    """"tăng 2,10 điểm", "giảm 0,35 điểm", "không thay đổi"; None when there is nothing to compare with."""
    if delta is None:
        return None
    value = round(float(delta), decimals)
    if value == 0:
        return "không thay đổi"
    return f"{'tăng' if value > 0 else 'giảm'} {vn_number(abs(value), decimals)} {unit}"


def versus(delta: Decimal | float | None, against: str, unit: str = "điểm", decimals: int = 2) -> str | None:
    said = change(delta, unit, decimals)
    return None if said is None else f"{said} so với {against}"


def join(items: Sequence[str], last: str = " và ") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + last + items[-1]


def day(value: date | datetime) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def moment(value: datetime) -> str:
    return f"{value.hour:02d} giờ {value.minute:02d} ngày {day(value)}"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", ":")) else ".")
