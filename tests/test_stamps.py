"""Dates and times in imported text, read by chiso's own regular expressions (store/staging.py parse_stamp), checked
against the calendar itself: every spelling chiso accepts, padded or not, gives the moment written, and a day that
does not exist gives nothing."""

from datetime import datetime

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.store.staging import (
    DATE_FORMATS,
    SHAPES,
    TIME_FORMATS,
    TIMESTAMP_FORMATS,
    parse_stamp,
    shape_query,
    stamp_pattern,
)

CON = duckdb.connect()


def read(text: str, formats: list[str]) -> datetime | None:
    found = CON.execute(f"SELECT {parse_stamp('$1', formats)}", [text]).fetchone()
    assert found is not None
    value = found[0]
    assert value is None or isinstance(value, datetime)
    return value


def spell(fmt: str, parts: dict[str, int], padded: bool) -> str:
    width = {"Y": 4, "m": 2, "d": 2, "H": 2, "M": 2, "S": 2}
    compact = "%Y%m%d" in fmt
    text = fmt
    for key, value in parts.items():
        if key == "f":
            text = text.replace("%f", str(value).rjust(6, "0"))
        else:
            digits = str(value).rjust(width[key], "0") if padded or compact or key == "Y" else str(value)
            text = text.replace("%" + key, digits)
    return text


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TIMESTAMP_FORMATS), st.integers(1900, 2100), st.integers(0, 13), st.integers(0, 32),
       st.integers(0, 24), st.integers(0, 60), st.integers(0, 60), st.integers(0, 999_999), st.booleans())
def test_each_format_reads_the_moment_written(fmt: str, year: int, month: int, day: int, hour: int, minute: int,
                                             second: int, micro: int, padded: bool) -> None:
    parts = {"Y": year, "m": month, "d": day, "H": hour, "M": minute, "S": second, "f": micro}
    used = {k: v for k, v in parts.items() if "%" + k in fmt}
    text = spell(fmt, used, padded)
    try:
        expected: datetime | None = datetime(year, month, day, used.get("H", 0), used.get("M", 0),
                                             used.get("S", 0), used.get("f", 0))
    except ValueError:  # 30/02, month 13, hour 24, minute 60 …
        expected = None
    assert read(text, TIMESTAMP_FORMATS) == expected, text
    assert read(f"  {text} ", TIMESTAMP_FORMATS) == expected, "surrounding spaces are not part of the value"


@pytest.mark.parametrize("text", ["", "x", "2024", "202401031644", "2024-01-03 10", "03/01/24", "2024-01-03T10:00Z",
                                  "2024-01-03 10:00:00+07", "1/2/3/4", "03//01/2024", "٠٣/٠١/٢٠٢٤", "2024-01-03\x00",
                                  "=NOW()", "03/01/2024 10:00 SA", "2024-1-3T9", "9" * 40])
def test_what_is_not_a_moment_reads_as_nothing(text: str) -> None:
    assert read(text, TIMESTAMP_FORMATS) is None


MOMENT = st.builds(lambda fmt, parts, padded, spaces: " " * spaces + spell(fmt, {
    k: v for k, v in parts.items() if "%" + k in fmt}, padded),
    st.sampled_from(TIMESTAMP_FORMATS + DATE_FORMATS + TIME_FORMATS),
    st.fixed_dictionaries({"Y": st.integers(1900, 2100), "m": st.integers(0, 13), "d": st.integers(0, 32),
                           "H": st.integers(0, 24), "M": st.integers(0, 60), "S": st.integers(0, 60),
                           "f": st.integers(0, 999_999)}),
    st.booleans(), st.integers(0, 1))


@settings(max_examples=150, deadline=None)
@given(st.lists(MOMENT | st.sampled_from(["", "x", "2024", "03//01/2024", "١/٢/٢٠٢٤", "2024-01-03T10:00Z"]),
                min_size=1, max_size=6))
def test_formats_left_out_by_the_shapes_of_a_column_change_no_reading(texts: list[str]) -> None:
    """A column is read only with the formats that fit the shapes of its values: every value reads the same."""
    con = duckdb.connect()
    con.execute("CREATE TABLE t (i INTEGER, v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(texts)))
    shapes = {str(r[0]) for r in con.execute(shape_query("r.v", "t")).fetchall()}
    assert len(shapes) <= SHAPES
    for formats in (TIMESTAMP_FORMATS, DATE_FORMATS, TIME_FORMATS):
        every, fitting = (con.execute(f"SELECT list({parse_stamp('r.v', formats, found)} ORDER BY i) FROM t r"
                                      ).fetchone() for found in (None, shapes))
        assert fitting == every, (texts, formats)
    assert parse_stamp("v", TIMESTAMP_FORMATS, set()) == "CAST(NULL AS TIMESTAMP)"  # a column with no value


def test_dates_and_times_of_day() -> None:
    assert read("3/1/2024", DATE_FORMATS) == datetime(2024, 1, 3)
    assert read("20240103", DATE_FORMATS) == datetime(2024, 1, 3)
    assert read("2024-01-03 10:00", DATE_FORMATS) is None
    assert read("9:05", TIME_FORMATS) == datetime(1900, 1, 1, 9, 5)
    assert read("23:59:59", TIME_FORMATS) == datetime(1900, 1, 1, 23, 59, 59)
    assert read("24:00", TIME_FORMATS) is None


def test_an_unknown_directive_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        stamp_pattern("%d/%b/%Y")
    with pytest.raises(ValueError, match="unsupported"):
        stamp_pattern("%d/%d/%Y")
