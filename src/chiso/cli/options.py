"""Parsing option values shared by several commands, with errors that name the option and the bad value."""

from datetime import date, datetime

from chiso.domain.errors import InvalidValue


def day(text: str | None, option: str = "--at") -> date | None:
    """``YYYY-MM-DD`` or None."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(option, text, "a date YYYY-MM-DD") from None


def moment(text: str | None, option: str = "--at") -> datetime | None:
    """An ISO 8601 moment (``2024-06-30T17:00``) or None."""
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue(option, text, "a moment in ISO 8601, e.g. 2024-06-30T17:00") from None
