"""Finding the header row of an export: title rows, blank rows and two-row merged header groups above the data."""

import re
from dataclasses import dataclass

from chiso.domain.text import nfc
from chiso.store.spec import header_key

SCAN_ROWS = 30
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,3}\)?$")
_DATA_LIKE = re.compile(r"^[\d\s.,:/()+-]+$")


@dataclass(frozen=True)
class HeaderRow:
    index: int  # 0-based row of the (first) header row
    headers: list[str]
    height: int  # 1, or 2 for a merged group row plus its sub-header row
    numbering_row: bool  # a row of column numbers "(1) (2) …" follows the header


def _text(value: object) -> str:
    return nfc(str(value)) if value is not None and str(value).strip() else ""


def _matches(cells: list[str], known: set[str]) -> int:
    return sum(1 for c in cells if c and header_key(c) in known)


def _is_sub_header(top: list[str], below: list[str]) -> bool:
    """Whether ``below`` continues ``top`` as the sub-headers of merged groups."""
    width = max((i + 1 for i in range(max(len(top), len(below)))
                 if (i < len(top) and top[i]) or (i < len(below) and below[i])), default=0)
    top = (top + [""] * width)[:width]
    below = (below + [""] * width)[:width]
    if not any(top) or not any(below) or any(c and _DATA_LIKE.match(c) for c in below):
        return False
    if any(not t and not b for t, b in zip(top, below, strict=True)):
        return False
    return any(not t and b for t, b in zip(top, below, strict=True))


def _combine(top: list[str], below: list[str], known: set[str]) -> list[str]:
    headers: list[str] = []
    group = ""
    for i in range(max(len(top), len(below))):
        t = top[i] if i < len(top) else ""
        b = below[i] if i < len(below) else ""
        if t:
            group = t if b else ""
        if t and not b:
            headers.append(t)
        elif b and group:
            combined = f"{group}: {b}"
            headers.append(combined if header_key(combined) in known or header_key(b) not in known else b)
        else:
            headers.append(b or t)
    return headers


def numbering(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(c) for c in filled)


def find_header(rows: list[list[object]], known: set[str]) -> HeaderRow | None:
    """The row (within the first rows) naming the most known columns; None when no row names two."""
    texts = [[_text(v) for v in row] for row in rows[:SCAN_ROWS]]
    best, best_score, best_height = -1, 1, 1
    for i, cells in enumerate(texts):
        score, height = _matches(cells, known), 1
        if i + 1 < len(texts) and _is_sub_header(cells, texts[i + 1]):
            combined = _matches(_combine(cells, texts[i + 1], known), known)
            # One header of two rows when the group row adds names the row below lacks (not a title over it).
            if combined >= score and combined > _matches(texts[i + 1], known):
                score, height = combined, 2
        if score > best_score:
            best, best_score, best_height = i, score, height
    if best < 0:
        return None
    top = texts[best]
    height = best_height
    headers = _combine(top, texts[best + 1], known) if height == 2 else top
    after = best + height
    num_row = after < len(texts) and numbering(texts[after])
    width = max((i + 1 for i, h in enumerate(headers) if h), default=0)
    return HeaderRow(best, headers[:width], height, num_row)


def unique_headers(raw: list[str]) -> list[str]:
    headers: list[str] = []
    for i, value in enumerate(raw):
        name = value if value else f"column_{i + 1}"
        while name in headers:
            name += "_"
        headers.append(name)
    return headers
