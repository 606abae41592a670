"""From raw text columns to typed columns, and every reason a row is rejected, in SQL over the whole file."""

import re
from collections.abc import Callable, Collection

import duckdb
import pyarrow as pa

from chiso.domain.errors import InvalidValue
from chiso.domain.limits import TimeLimit, parse_unit
from chiso.domain.text import ascii_key
from chiso.store.spec import ColumnSpec, enum_values

TIMESTAMP_FORMATS = [
    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d/%m/%Y %Hh%M",
    "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%Y%m%d%H%M%S",
]
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y%m%d"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]


# Each strftime directive chiso reads, as a regular expression: (free width, fixed width). Fixed width is used
# when the directive touches another one (%Y%m%d%H%M%S), where only fixed widths say where one number ends.
_DIRECTIVES = {
    "Y": (r"\d{4}", r"\d{4}"),
    "m": (r"0?[1-9]|1[0-2]", r"0[1-9]|1[0-2]"),
    "d": (r"0?[1-9]|[12][0-9]|3[01]", r"0[1-9]|[12][0-9]|3[01]"),
    "H": (r"[01]?[0-9]|2[0-3]", r"[01][0-9]|2[0-3]"),
    "M": (r"[0-5]?[0-9]", r"[0-5][0-9]"),
    "S": (r"[0-5]?[0-9]", r"[0-5][0-9]"),
    "f": (r"[0-9]{1,6}", r"[0-9]{6}"),
}
_MISSING = {"Y": "1900", "m": "1", "d": "1", "H": "0", "M": "0", "S": "0", "f": "0"}
_SPECIAL = set(".^$*+?()[]{}|\\")


def stamp_pattern(fmt: str) -> tuple[str, str]:
    """``fmt`` (strftime directives %Y %m %d %H %M %S %f and literal characters) as an anchored regular expression
    and the rewrite of a match to ``YYYY-MM-DD HH:MM:SS.f``, which a cast to TIMESTAMP reads."""
    tokens = re.findall(r"%.|[^%]", fmt)
    parts: list[str] = []
    groups: dict[str, int] = {}
    for i, token in enumerate(tokens):
        if not token.startswith("%"):
            parts.append("\\" + token if token in _SPECIAL else token)
            continue
        key = token[1]
        if key not in _DIRECTIVES or key in groups:
            raise ValueError(f"unsupported date format {fmt!r}")
        touching = any(t.startswith("%") for t in tokens[max(i - 1, 0):i] + tokens[i + 1:i + 2])
        parts.append("(" + _DIRECTIVES[key][touching] + ")")
        groups[key] = len(groups) + 1
    if len(groups) < 2:  # a format of one number would read any bare number (a count, a code) as a moment
        raise ValueError(f"unsupported date format {fmt!r}: give at least two parts")
    value = {k: f"\\{groups[k]}" if k in groups else _MISSING[k] for k in _MISSING}
    return (r"^\s*" + "".join(parts) + r"\s*$",
            f"{value['Y']}-{value['m']}-{value['d']} {value['H']}:{value['M']}:{value['S']}.{value['f']}")


# Fixed-width ISO 8601 (2025-01-24, 2025-01-24T10:00[:00[.ffffff]], a space for the T): the spelling of chiso's
# own files and of most systems' exports. A cast reads it directly, once the pattern has ruled out what a cast
# would take but chiso refuses (hour 24, a time zone, a year of five digits).
_ISO_DAY = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_ISO_TIME = r"([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?)?"


def parse_stamp(expr: str, formats: list[str], shapes: Collection[str] | None = None) -> str:
    """``expr`` read with the first format that fits, as a TIMESTAMP (NULL when none fits or the day does not
    exist, such as 30/02).

    Fixed-width ISO 8601 goes straight to a cast; any other spelling is tried format by format, each a regular
    expression (``stamp_pattern``) whose match is rewritten to the spelling a cast reads. An anchored expression
    that does not fit fails at its first wrong character, so the formats before the one that fits cost little.
    ``shapes``: the shapes of every value ``expr`` takes (``shape_sql``), if known; the formats that fit none
    of them are left out, which changes no result and makes a small statement quicker to plan (a push of a
    thousand records spent most of its staging time planning every format of every date column).
    Not ``try_strptime``: DuckDB 1.5 crashed (SIGSEGV) now and then inside strptime's parser on a worker thread,
    given a list of formats and one format per call alike (scripts/duckdb-strptime-crash.py).
    """
    cases = []
    if "%Y-%m-%d" in formats:
        timed = "%Y-%m-%dT%H:%M:%S" in formats
        if shapes is None or _fits(_ISO_SHAPE if timed else _ISO_DAY_SHAPE, shapes):
            iso = r"^\s*" + _ISO_DAY + (_ISO_TIME if timed else "") + r"\s*$"
            cases.append(f"WHEN regexp_full_match({expr}, {lit(iso)}) THEN TRY_CAST(trim({expr}) AS TIMESTAMP)")
    for fmt in formats:
        if shapes is not None and not _fits(shape_pattern(fmt), shapes):
            continue
        pattern, rewrite = stamp_pattern(fmt)
        cases.append(f"WHEN regexp_full_match({expr}, {lit(pattern)}) "
                     f"THEN TRY_CAST(regexp_replace({expr}, {lit(pattern)}, {lit(rewrite)}) AS TIMESTAMP)")
    return f"(CASE {' '.join(cases)} END)" if cases else "CAST(NULL AS TIMESTAMP)"


# A value's shape: the value with every ASCII digit written 0. A format's pattern fits a value only if the
# format's shape pattern (each number as so many digits, whatever their value) fits the value's shape.
_ISO_DAY_SHAPE = re.compile(r"\s*0{4}-00-00\s*")
_ISO_SHAPE = re.compile(r"\s*0{4}-00-00([T ]00:00(:00(\.0{1,6})?)?)?\s*")
_SHAPE_WIDTHS = {"Y": ("{4}", "{4}"), "m": ("{1,2}", "{2}"), "d": ("{1,2}", "{2}"), "H": ("{1,2}", "{2}"),
                 "M": ("{1,2}", "{2}"), "S": ("{1,2}", "{2}"), "f": ("{1,6}", "{6}")}
SHAPES = 64  # a column with more shapes than this (not dates at all) is read with every format


def shape_pattern(fmt: str) -> re.Pattern[str]:
    """What the shape of a value ``fmt`` reads must look like (a looser ``stamp_pattern``)."""
    tokens = re.findall(r"%.|[^%]", fmt)
    parts = []
    for i, token in enumerate(tokens):
        if not token.startswith("%"):
            parts.append(re.escape(token))
            continue
        touching = any(t.startswith("%") for t in tokens[max(i - 1, 0):i] + tokens[i + 1:i + 2])
        parts.append("0" + _SHAPE_WIDTHS[token[1]][touching])
    return re.compile(r"\s*" + "".join(parts) + r"\s*")


def _fits(pattern: re.Pattern[str], shapes: Collection[str]) -> bool:
    return any(pattern.fullmatch(shape) for shape in shapes)


def shape_query(expr: str, table: str) -> str:
    """A query giving up to SHAPES + 1 of the distinct shapes of the values of text expression ``expr`` (over
    ``table`` as ``r``), as column ``v``."""
    return (f"SELECT DISTINCT translate({expr}, '123456789', '000000000') AS v FROM {table} r "
            f"WHERE {expr} IS NOT NULL LIMIT {SHAPES + 1}")


REASONS = {
    "timestamp": "not a date and time; use dd/mm/yyyy HH:MM, dd/mm/yyyy or ISO 8601 (2025-01-24T10:00)",
    "date": "not a date; use dd/mm/yyyy or YYYY-MM-DD",
    "years": "a date outside the years 1900-2100: a typing mistake?",
    "time": "not a time of day; use HH:MM",
    "int": "not a whole number",
    "unit": "unknown unit: no unit has this code or name (import units first)",
    "procedure": "unknown procedure: no procedure has this code (import procedures first)",
    "period": "not a period like 2024-06, 2024-Q2, 2024-H1, 2024-9M, 2024 or 2024-03-22..2024-06-29",
    "decimal": "not a number",
    "limit": "not a time limit like '3 ngày làm việc', '8 giờ làm việc', '15 ngày', '1 tháng'",
    "deadline": "not a deadline like 30/6/2024, Quý II/2024, Tháng 7/2024, trong năm 2024, hằng tháng, hằng quý, "
                "thường xuyên",
    "province": "unknown province: not one of the 63 provinces (before 1/7/2025) or the 34 since (regions.csv)",
}


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


UNKNOWN = ("", "unknown", "n/a", "na", "-", "?", "không rõ", "chưa rõ", "không xác định")


def blank(expr: str) -> str:
    """The trimmed value, or NULL when empty or an explicit 'unknown'. A list lookup, not ``IN (…)``: DuckDB plans
    each IN list as a join, and a wide stage query (every timestamp column is tried with each format) then spent
    most of a small import's time planning some hundred joins."""
    tokens = ", ".join(lit(t) for t in UNKNOWN)
    return f"(CASE WHEN list_contains([{tokens}], lower(trim({expr}))) THEN NULL ELSE trim({expr}) END)"


def enum_reason(name: str) -> str:
    values = sorted(set(enum_values(name).values()))
    if name == "bool":
        return "not yes/no; use 1/0, có/không, true/false"
    return "not one of " + ", ".join(values)


Resolver = Callable[[list[str]], dict[str, str]]


def enum_lookup(name: str) -> Resolver:
    """Resolve typed values of enumeration ``name`` (any case, with or without diacritics)."""
    accepted = enum_values(name)

    def resolve(values: list[str]) -> dict[str, str]:
        return {v: accepted[ascii_key(v)] for v in values if ascii_key(v) in accepted}

    return resolve


INLINE_ROWS = 64  # a lookup this small is written as SQL values: quicker than handing DuckDB an Arrow table


def register_lookup(con: duckdb.DuckDBPyConnection, table: str, mapping: dict[str, str]) -> None:
    if len(mapping) <= INLINE_ROWS and not any("\x00" in t for pair in mapping.items() for t in pair):
        rows = ", ".join(f"({lit(raw)}, {lit(code)})" for raw, code in mapping.items())
        source = f"SELECT * FROM (VALUES {rows}) v(raw, code)" if rows else \
            "SELECT CAST(NULL AS VARCHAR) AS raw, CAST(NULL AS VARCHAR) AS code WHERE FALSE"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {source}")
        return
    data = pa.table({"raw": list(mapping), "code": list(mapping.values())}, schema=pa.schema(
        [("raw", pa.string()), ("code", pa.string())]))
    con.register(f"{table}_in", data)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM {table}_in")
    con.unregister(f"{table}_in")


def limit_lookup(values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        try:
            parsed = TimeLimit.parse(value)
        except InvalidValue:
            continue
        out[value] = f"{parsed.value}|{parsed.unit.value}"
    return out


def unit_lookup(values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        try:
            out[value] = parse_unit(value).value
        except InvalidValue:
            continue
    return out


LOOKED_UP = ("unit", "procedure", "limit", "period", "deadline", "province")


def stamp_source(col: ColumnSpec, raw: str) -> tuple[str, list[str]] | None:
    """For a date, time or moment column read from raw column ``raw``: the text it is read from and the formats
    tried, in order; None for any other column."""
    r = f"r.{q(raw)}"
    if col.type == "timestamp":
        return blank(r), TIMESTAMP_FORMATS
    if col.type == "date":
        return blank(r), DATE_FORMATS
    if col.type == "time":
        return f"replace(lower({blank(r)}), 'h', ':')", TIME_FORMATS
    return None


def column_expr(col: ColumnSpec, raw: str, code: str, shapes: Collection[str] | None = None) -> str:
    """Typed SQL expression for ``col`` read from raw column ``raw``; ``code`` is its looked-up code, if any;
    ``shapes``: the shapes of a date or time column's values (``parse_stamp``), if known."""
    r = f"r.{q(raw)}"
    if col.type == "text":
        return f"nullif(nfc_normalize(trim({r})), '')"
    source = stamp_source(col, raw)
    if source is not None:
        moment = parse_stamp(*source, shapes)
        return {"timestamp": moment, "date": f"CAST({moment} AS DATE)", "time": f"CAST({moment} AS TIME)"}[col.type]
    if col.type == "int":  # "370.610" and "370 610" are Vietnamese thousands
        b = blank(r)
        digits = f"replace(replace({b}, ' ', ''), chr(160), '')"
        return (f"TRY_CAST(CASE WHEN regexp_full_match({digits}, '[0-9]{{1,3}}([.][0-9]{{3}})+') "
                f"THEN replace({digits}, '.', '') ELSE {digits} END AS BIGINT)")
    if col.type == "decimal":
        b = blank(r)
        return f"TRY_CAST(CASE WHEN contains({b}, ',') AND NOT contains({b}, '.') THEN replace({b}, ',', '.') " \
               f"ELSE {b} END AS DECIMAL(18, 4))"
    if col.type == "bool":
        return f"CAST({code} AS BOOLEAN)"
    if col.enum is not None or col.type in LOOKED_UP:
        return code
    if col.type == "stops":
        return blank(r)
    raise InvalidValue(f"column {col.name}: type", col.type, "a known column type")


def hmac_expr(message: str) -> str:
    """HMAC-SHA256 of ``message`` with pads bound as parameters $ipad and $opad."""
    return f"sha256($opad::BLOB || unhex(sha256($ipad::BLOB || encode({message}))))"

