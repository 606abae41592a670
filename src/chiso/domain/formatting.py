"""Vietnamese number and date formats: decimal comma, dot for thousands, dd/mm/yyyy."""

from datetime import date, datetime


def vn_number(value: float, decimals: int = 0) -> str:
    """``vn_number(443565) == '443.565'``, ``vn_number(53.13, 2) == '53,13'``."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vn_percent(value: float, decimals: int = 1) -> str:
    return vn_number(value, decimals) + "%"


def vn_date(value: date | datetime) -> str:
    return f"{value:%d/%m/%Y %H:%M}" if isinstance(value, datetime) else f"{value:%d/%m/%Y}"
