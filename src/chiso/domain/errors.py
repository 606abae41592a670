"""The one exception family that shells translate into one-line messages."""


class ChisoError(Exception):
    """A user-facing error: the message names what was wrong and the bad value.

    ``vi`` is the same sentence in Vietnamese where a person may read it (a web page, a job's note); scripts,
    logs and the CLI keep the English message.
    """

    def __init__(self, message: str = "", vi: str | None = None) -> None:
        super().__init__(message)
        self.vi = vi


class InvalidValue(ChisoError):
    """A value given by the user cannot be understood."""

    def __init__(self, what: str, value: object, expected: str) -> None:
        super().__init__(f"{what}: {value!r} is not valid; expected {expected}")
        self.what = what
        self.value = value
        self.expected = expected
