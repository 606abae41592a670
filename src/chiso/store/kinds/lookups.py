"""Resolving what users type (codes, names, suffixed procedure codes) to the store's keys."""

import re

import duckdb

from chiso.domain.text import name_key

NATIONAL_CODE = re.compile(r"^(\d\.\d{6})")


def unit_resolver(con: duckdb.DuckDBPyConnection) -> "UnitResolver":
    return UnitResolver(con.execute("SELECT code, name_key FROM units").fetchall())


class UnitResolver:
    """A unit by code (any case) or by name (tone placement and case ignored)."""

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        self.by_code = {str(code).casefold(): str(code) for code, _ in rows}
        by_name: dict[str, list[str]] = {}
        for code, key in rows:
            by_name.setdefault(str(key), []).append(str(code))
        self.by_name = {k: v[0] for k, v in by_name.items() if len(v) == 1}

    def __call__(self, values: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for value in values:
            code = self.by_code.get(value.casefold()) or self.by_name.get(name_key(value))
            if code is not None:
                out[value] = code
        return out


class ProcedureResolver:
    """A procedure by its exact code, or by the national code inside a suffixed local code."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = con.execute("SELECT code, national_code FROM procedures ORDER BY length(code), code").fetchall()
        self.codes = {str(code).casefold(): str(code) for code, _ in rows}
        self.national: dict[str, str] = {}
        for code, national in rows:
            self.national.setdefault(str(national), str(code))

    def __call__(self, values: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for value in values:
            code = self.codes.get(value.casefold())
            if code is None:
                match = NATIONAL_CODE.match(value)
                code = self.national.get(match.group(1)) if match else None
            if code is not None:
                out[value] = code
        return out
