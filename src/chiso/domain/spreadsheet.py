"""Text that a spreadsheet would run as a formula is written as text (CSV and Excel exports)."""

import csv
import unicodedata
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: object) -> object:
    """``value``, with a leading apostrophe when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class SafeCsvWriter:
    """A ``csv.writer`` whose text cells can never become formulas when the file is opened in a spreadsheet."""

    def __init__(self, handle: Any) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([as_text(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: Any) -> SafeCsvWriter:
    return SafeCsvWriter(handle)


def attachment(filename: str) -> str:
    """A Content-Disposition header for ``filename`` in any script (RFC 6266 / RFC 5987), at most 150 characters."""
    name = "".join(c for c in unicodedata.normalize("NFC", filename) if c.isprintable() and c not in '"\\/;')
    name = name[-150:] or "download"
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii") or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
