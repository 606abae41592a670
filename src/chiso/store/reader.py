"""Reading CSV, XLSX and JSON Lines into a staging table of text columns with the source line number."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import duckdb
import pyarrow as pa

from chiso.domain.errors import ChisoError
from chiso.domain.text import nfc

FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
           ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}


@dataclass
class Staged:
    """Rows in temp table ``stage_raw``: column ``_line`` plus one VARCHAR column per file header."""

    headers: list[str]
    rows: int
    bad_lines: list[tuple[int, str, str]] = field(default_factory=list)  # line, value, reason


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ChisoError(f"cannot import {path.name!r}: unknown file type {path.suffix!r}; use .csv, .xlsx or .jsonl")
    return fmt


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(_stop_text(item) for item in value)
    if isinstance(value, dict):
        return _stop_text(value)
    text = str(value)
    return text


def _stop_text(item: object) -> str:
    if isinstance(item, dict):
        values = list(item.values())
        start, end = ([*values, None, None])[:2]
    elif isinstance(item, list | tuple):
        start, end = ([*list(item), None, None])[:2]
    else:
        return str(item)
    return f"{start or ''} -> {end or ''}"


def _stage_table(con: duckdb.DuckDBPyConnection, headers: list[str], lines: list[int],
                 columns: list[list[str | None]]) -> None:
    data: dict[str, pa.Array] = {"_line": pa.array(lines, pa.int64())}
    for name, values in zip(headers, columns, strict=True):
        data[name] = pa.array(values, pa.string())
    table = pa.table(data)
    con.register("stage_in", table)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE stage_raw AS SELECT * FROM stage_in")
    finally:
        con.unregister("stage_in")


def _unique_headers(raw: list[object]) -> list[str]:
    headers: list[str] = []
    for i, value in enumerate(raw):
        name = nfc(str(value)) if value is not None and str(value).strip() else f"column_{i + 1}"
        while name in headers:
            name += "_"
        headers.append(name)
    return headers


def stage_csv(con: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE stage_read AS SELECT * FROM "
            "read_csv(?, all_varchar = true, header = true, auto_detect = true, sample_size = -1)",
            [str(path)],
        )
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        if "unicode" in first.lower() or "utf" in first.lower():
            raise ChisoError(f"{path.name}: the file is not UTF-8 text; save it as 'CSV UTF-8'") from None
        raise ChisoError(f"{path.name}: cannot read as CSV: {first}") from None
    con.execute("CREATE OR REPLACE TEMP TABLE stage_raw AS SELECT rowid + 2 AS _line, * FROM stage_read")
    con.execute("DROP TABLE stage_read")
    headers = [str(r[0]) for r in con.execute("DESCRIBE stage_raw").fetchall()][1:]
    renamed = _unique_headers(list(headers))
    for old, new in zip(headers, renamed, strict=True):
        if old != new:
            con.execute(f'ALTER TABLE stage_raw RENAME COLUMN "{old}" TO "{new}"')
    count = con.execute("SELECT count(*) FROM stage_raw").fetchone()
    return Staged(renamed, int(count[0]) if count else 0)


def stage_xlsx(con: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ChisoError(f"{path.name}: cannot read as an Excel workbook ({type(exc).__name__})") from None
    sheet = book.worksheets[0]
    rows: Iterator[tuple[object, ...]] = sheet.iter_rows(values_only=True)
    header_line, headers = 0, []
    for number, row in enumerate(rows, start=1):
        if any(v is not None and str(v).strip() for v in row):
            header_line, headers = number, _unique_headers(list(row))
            break
    if not headers:
        raise ChisoError(f"{path.name}: the first sheet is empty")
    columns: list[list[str | None]] = [[] for _ in headers]
    lines: list[int] = []
    for number, row in enumerate(rows, start=header_line + 1):
        if not any(v is not None and str(v).strip() for v in row):
            continue
        lines.append(number)
        for i in range(len(headers)):
            columns[i].append(_cell(row[i]) if i < len(row) else None)
    book.close()
    _stage_table(con, headers, lines, columns)
    return Staged(headers, len(lines))


def stage_jsonl(con: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    headers: list[str] = []
    records: list[tuple[int, dict[str, object]]] = []
    bad: list[tuple[int, str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                bad.append((number, text.strip()[:80], f"not valid JSON ({exc.msg})"))
                continue
            if not isinstance(record, dict):
                bad.append((number, text.strip()[:80], "a line must be a JSON object"))
                continue
            for key in record:
                if nfc(str(key)) not in headers:
                    headers.append(nfc(str(key)))
            records.append((number, {nfc(str(k)): v for k, v in record.items()}))
    columns = [[_cell(rec.get(h)) for _, rec in records] for h in headers]
    _stage_table(con, headers, [n for n, _ in records], columns)
    return Staged(headers, len(records) + len(bad), bad)


def stage_file(con: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    if not path.is_file():
        raise ChisoError(f"no such file: {str(path)!r}")
    fmt = file_format(path)
    if fmt == "csv":
        return stage_csv(con, path)
    if fmt == "xlsx":
        return stage_xlsx(con, path)
    return stage_jsonl(con, path)
