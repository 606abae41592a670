"""The one exception family that shells translate into one-line messages."""


class ChisoError(Exception):
    """A user-facing error: the message names what was wrong and the bad value."""


class InvalidValue(ChisoError):
    """A value given by the user cannot be understood."""

    def __init__(self, what: str, value: object, expected: str) -> None:
        super().__init__(f"{what}: {value!r} is not valid; expected {expected}")
        self.what = what
        self.value = value
        self.expected = expected
