"""Reading CSV, XLSX and JSON into a staging table of text columns with the source line number.

Exports come as they are: the header row is looked for below title and blank rows (and may be two rows of
merged groups), rows holding at most one value (titles, signatures, totals notes) are skipped and counted,
and rows are appended in chunks so that memory does not grow with the file.
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from time import perf_counter

import duckdb
import pyarrow as pa

from chiso.domain.errors import ChisoError
from chiso.domain.formatting import vn_number
from chiso.domain.text import nfc
from chiso.store.header_row import SCAN_ROWS, find_header, unique_headers

FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
           ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
CHUNK_ROWS = 50_000
SAMPLE_BYTES = 256 * 1024


@dataclass
class Staged:
    """Rows in temp table ``stage_raw``: column ``_line`` plus one VARCHAR column per file header."""

    headers: list[str]
    rows: int
    bad_lines: list[tuple[int, str, str]] = field(default_factory=list)  # line, value, reason
    header_line: int = 1
    skipped: int = 0  # rows with at most one value (titles, notes, signatures)
    duplicates: list[str] = field(default_factory=list)  # header names the file gives twice


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ChisoError(f"cannot import {path.name!r}: unknown file type {path.suffix!r}; use .csv, .xlsx or .jsonl",
                         vi=f"không nhập được {path.name!r}: loại tệp {path.suffix!r} không được hỗ trợ; hãy dùng "
                         ".csv, .xlsx hoặc .jsonl")
    return fmt


def _cell(value: object) -> str | None:
    kind = type(value)
    if kind is str:  # most values, first
        return value  # type: ignore[return-value]
    if kind is int:
        return str(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(_stop_text(item) for item in value)
    if isinstance(value, dict):
        return _stop_text(value)
    return str(value)


def _stop_text(item: object) -> str:
    if isinstance(item, dict):
        values = list(item.values())
        start, end = ([*values, None, None])[:2]
    elif isinstance(item, list | tuple):
        start, end = ([*list(item), None, None])[:2]
    else:
        return str(item)
    return f"{start or ''} -> {end or ''}"


Tell = Callable[[str], None]


class _Appender:
    """Appends rows to ``stage_raw`` a chunk at a time; new columns (JSON keys) are added as they appear."""

    def __init__(self, con: duckdb.DuckDBPyConnection, headers: list[str], tell: Tell | None = None) -> None:
        self.con = con
        self.tell = tell
        self.started = perf_counter()
        self.headers = list(headers)
        self.created = False
        self.lines: list[int] = []
        self.rows: list[list[str | None]] = []
        self.count = 0

    def add(self, line: int, values: list[str | None]) -> None:
        self.lines.append(line)
        self.rows.append(values)
        if len(self.rows) >= CHUNK_ROWS:
            self.flush()

    def add_column(self, name: str) -> None:
        self.headers.append(name)
        if self.created:
            self.con.execute(f'ALTER TABLE stage_raw ADD COLUMN "{name.replace(chr(34), chr(34) * 2)}" VARCHAR')

    def flush(self) -> None:
        if self.created and not self.rows:
            return
        data: dict[str, pa.Array] = {"_line": pa.array(self.lines, pa.int64())}
        for i, name in enumerate(self.headers):
            data[name] = pa.array([r[i] if i < len(r) else None for r in self.rows], pa.string())
        table = pa.table(data)
        self.con.register("stage_in", table)
        try:
            if self.created:
                self.con.execute("INSERT INTO stage_raw BY NAME SELECT * FROM stage_in")
            else:
                self.con.execute("CREATE OR REPLACE TEMP TABLE stage_raw AS SELECT * FROM stage_in")
                self.created = True
        finally:
            self.con.unregister("stage_in")
        self.count += len(self.rows)
        self.lines, self.rows = [], []
        if self.tell is not None:
            rate = self.count / max(perf_counter() - self.started, 1e-6)
            self.tell(f"đọc / reading: {self.count:,} dòng/rows, {rate:,.0f}/s".replace(",", "."))


def _filled(values: Iterable[object]) -> int:
    return sum(1 for v in values if v is not None and str(v).strip())


def _duplicates(headers: list[str]) -> list[str]:
    return sorted({h for h in headers if h and headers.count(h) > 1})


def _header(rows: list[list[object]], known: set[str], name: str) -> tuple[int, list[str], int]:
    """(0-based index of the first data row, headers as found, 1-based line of the header row)."""
    found = find_header(rows, known)
    if found is None:
        first = next((i for i, r in enumerate(rows) if _filled(r)), None)
        if first is None:
            raise ChisoError(f"{name}: the file is empty", vi=f"{name}: tệp rỗng")
        headers = [nfc(str(v)) if v is not None and str(v).strip() else "" for v in rows[first]]
        while headers and not headers[-1]:
            headers.pop()
        return first + 1, headers, first + 1
    start = found.index + found.height + (1 if found.numbering_row else 0)
    return start, found.headers, found.index + 1


def _check_text(sample: bytes, name: str) -> str:
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ChisoError(f"{name}: the file is UTF-16 text; save it as 'CSV UTF-8' and import again",
                         vi=f"{name}: tệp là văn bản UTF-16; hãy lưu lại dạng 'CSV UTF-8' rồi nhập lại")
    if b"\x00" in sample:
        raise ChisoError(f"{name}: the file holds NUL bytes: it is not a text (CSV) file",
                         vi=f"{name}: tệp có byte NUL: đây không phải tệp văn bản (CSV)")
    cut = sample.rfind(b"\n") if len(sample) == SAMPLE_BYTES else len(sample)
    try:
        return sample[: cut if cut > 0 else len(sample)].decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ChisoError(f"{name}: the file is not UTF-8 text (Windows-1258, TCVN3 or another code page?); "
                         "save it as 'CSV UTF-8' and import again",
                         vi=f"{name}: tệp không phải văn bản UTF-8 (Windows-1258, TCVN3 hay bảng mã khác?); hãy lưu "
                         "lại dạng 'CSV UTF-8' rồi nhập lại") from None


def stage_csv(con: duckdb.DuckDBPyConnection, path: Path, known: set[str]) -> Staged:
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    text = _check_text(sample, path.name)
    try:
        delimiter = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[object]] = []
    physical: list[int] = []  # physical lines consumed after each record
    try:
        for record in reader:
            rows.append(list(record))
            physical.append(reader.line_num)
            if len(rows) >= SCAN_ROWS + 2:
                break
    except csv.Error as exc:
        raise ChisoError(f"{path.name}: cannot read as CSV ({exc})",
                         vi=f"{path.name}: không đọc được dạng CSV ({exc})") from None
    start, found, header_line = _header(rows, known, path.name)
    width = max([len(found), *(len(r) for r in rows[start:start + 5])]) if rows else len(found)
    names = unique_headers(found + [""] * (width - len(found)))
    skip = physical[start - 1] if start >= 1 else 0
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE stage_read AS SELECT * FROM read_csv(?, header = false, skip = ?, "
            "delim = ?, quote = '\"', escape = '\"', all_varchar = true, null_padding = true, names = ?, "
            "sample_size = 20480, max_line_size = 1048576)",
            [str(path), skip, delimiter, names],
        )
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        if "unicode" in first.lower() or "utf" in first.lower():
            raise ChisoError(f"{path.name}: the file is not UTF-8 text; save it as 'CSV UTF-8'",
                             vi=f"{path.name}: tệp không phải văn bản UTF-8; hãy lưu lại dạng 'CSV UTF-8'") from None
        raise ChisoError(f"{path.name}: cannot read as CSV: {first[:300]}",
                         vi=f"{path.name}: không đọc được dạng CSV: {first[:300]}") from None
    columns = [str(r[0]) for r in con.execute("DESCRIBE stage_read").fetchall()]
    keep = ", ".join(f'"{c}"' for c in columns[: len(names)])
    con.execute(f"CREATE OR REPLACE TEMP TABLE stage_raw AS SELECT rowid + {skip + 1} AS _line, {keep} "
                "FROM stage_read")
    con.execute("DROP TABLE stage_read")
    # read_csv gives NULL for an empty field; a row with at most one value is a title, note or signature.
    filled = " + ".join(f"CAST(\"{c}\" IS NOT NULL AS INTEGER)" for c in columns[:len(names)])
    row = con.execute(f"SELECT count(*) FROM stage_raw WHERE ({filled}) <= 1").fetchone()
    skipped = int(row[0]) if row else 0
    if skipped:
        con.execute(f"DELETE FROM stage_raw WHERE ({filled}) <= 1")
    row = con.execute("SELECT count(*) FROM stage_raw").fetchone()
    return Staged(names, int(row[0]) if row else 0, header_line=header_line, skipped=skipped,
                  duplicates=_duplicates(found))


def _numbered_rows(rows: Iterator[tuple[object, ...]]) -> Iterator[tuple[int, list[object]]]:
    """(sheet row number, values) for the rows a sheet stores; at most 512 columns are read."""
    last = 0
    for row in rows:
        found = [getattr(c, "row", None) for c in row[:512]]
        number = next((int(n) for n in found if n), last + 1)
        last = number
        yield number, [getattr(c, "value", None) for c in row[:512]]


@dataclass(frozen=True)
class Limits:
    """What a workbook may unpack to before it is read at all (settings import.max_*)."""

    unpacked_mb: int = 2048
    shared_strings_mb: int = 128
    ratio: int = 200  # a part compressing better than this, and large, is a zip bomb


def check_workbook(path: Path, limits: Limits) -> None:
    """Refuse a workbook whose parts would unpack beyond the limits, reading only the zip directory."""
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ChisoError(f"{path.name}: not an Excel workbook (an .xlsx file is a zip); save it again from Excel",
                         vi=f"{path.name}: không phải sổ tính Excel (tệp .xlsx là một tệp zip); hãy lưu lại từ Excel"
                         ) from None
    total = sum(p.file_size for p in parts)
    if total > limits.unpacked_mb * 1_000_000:
        raise ChisoError(f"{path.name}: the workbook unpacks to {total / 1e6:,.0f} MB, more than "
                         f"{limits.unpacked_mb:,} MB (setting import.max_unpacked_mb); nothing was read",
                         vi=f"{path.name}: sổ tính giải nén ra {vn_number(total / 1e6, 0)} MB, quá "
                         f"{vn_number(limits.unpacked_mb, 0)} MB (cấu hình import.max_unpacked_mb); chưa đọc gì")
    for part in parts:
        name = part.filename.lower()
        if name.endswith("sharedstrings.xml") and part.file_size > limits.shared_strings_mb * 1_000_000:
            raise ChisoError(f"{path.name}: its shared strings unpack to {part.file_size / 1e6:,.0f} MB, more than "
                             f"{limits.shared_strings_mb:,} MB (setting import.max_shared_strings_mb); "
                             "nothing was read",
                             vi=f"{path.name}: bảng chuỗi dùng chung giải nén ra {vn_number(part.file_size / 1e6, 0)} "
                             f"MB, quá {vn_number(limits.shared_strings_mb, 0)} MB (cấu hình "
                             "import.max_shared_strings_mb); chưa đọc gì")
        if part.file_size > 10_000_000 and part.file_size > limits.ratio * max(part.compress_size, 1):
            raise ChisoError(f"{path.name}: part {part.filename} unpacks {part.file_size // max(part.compress_size, 1)}"
                             " times its size, as a zip bomb does; nothing was read",
                             vi=f"{path.name}: phần {part.filename} giải nén gấp "
                             f"{part.file_size // max(part.compress_size, 1)} lần kích thước, như một quả bom zip; "
                             "chưa đọc gì")


def stage_xlsx(con: duckdb.DuckDBPyConnection, path: Path, known: set[str], tell: Tell | None = None,
               limits: Limits | None = None) -> Staged:
    from openpyxl import load_workbook

    check_workbook(path, limits or Limits())
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ChisoError(f"{path.name}: cannot read as an Excel workbook ({type(exc).__name__})",
                         vi=f"{path.name}: không đọc được dạng sổ tính Excel ({type(exc).__name__})") from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # never trust the stated dimension: it pads every row to it
        numbered = _numbered_rows(sheet.iter_rows())
        head: list[tuple[int, list[object]]] = []
        for item in numbered:
            head.append(item)
            if len(head) >= SCAN_ROWS + 2:
                break
        if not any(_filled(r) for _, r in head):
            raise ChisoError(f"{path.name}: the first sheet is empty", vi=f"{path.name}: trang tính đầu tiên trống")
        # Blank rows are absent from the file: rebuild the top of the sheet with them, as a person sees it.
        top = head[-1][0] if head else 0
        grid: list[list[object]] = [[] for _ in range(min(top, SCAN_ROWS + 2))]
        for number, values in head:
            if number <= len(grid):
                grid[number - 1] = values
        start, found, header_line = _header(grid, known, path.name)
        headers = unique_headers(found)
        width = len(headers)
        out = _Appender(con, headers, tell)
        skipped = 0

        def take(number: int, row: list[object]) -> None:
            nonlocal skipped
            cells = row[:width]
            if _filled(cells) <= 1:
                skipped += 1 if _filled(cells) else 0
                return
            out.add(number, [_cell(v) for v in cells])

        for number, row in head:
            if number > start:
                take(number, row)
        for number, row in numbered:
            take(number, row)
        out.flush()
    finally:
        book.close()
    return Staged(headers, out.count, header_line=header_line, skipped=skipped, duplicates=_duplicates(found))


def _records(path: Path) -> Iterator[tuple[int, object, str]]:
    """(line, parsed value or an error text, raw text) for each record of a JSON Lines or JSON file."""
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    _check_text(head, path.name)
    stripped = head.lstrip()
    if path.suffix.lower() == ".json" and stripped[:1] in (b"[", b"{"):
        try:
            whole = json.loads(path.read_text(encoding="utf-8-sig"))
            if isinstance(whole, dict):
                lists = [v for v in whole.values() if isinstance(v, list)]
                whole = lists[0] if len(lists) == 1 else [whole]
            if isinstance(whole, list):
                for i, item in enumerate(whole, start=1):
                    yield i, item, ""
                return
        except (json.JSONDecodeError, RecursionError, UnicodeDecodeError):
            pass  # perhaps one object per line: read it as JSON Lines
    with path.open(encoding="utf-8", errors="strict") as handle:
        try:
            for number, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                try:
                    yield number, json.loads(text), text
                except json.JSONDecodeError as exc:
                    yield number, f"not valid JSON ({exc.msg})", text
                except RecursionError:
                    yield number, "JSON nested too deeply", text
        except UnicodeDecodeError:
            raise ChisoError(f"{path.name}: the file is not UTF-8 text; save it as UTF-8",
                             vi=f"{path.name}: tệp không phải văn bản UTF-8; hãy lưu lại dạng UTF-8") from None


def stage_json(con: duckdb.DuckDBPyConnection, path: Path, tell: Tell | None = None) -> Staged:
    return stage_records(con, _records(path), path.name, tell)


def stage_records(con: duckdb.DuckDBPyConnection, records: Iterable[tuple[int, object, str]], name: str,
                  tell: Tell | None = None) -> Staged:
    """Stage JSON records: (line or position, the parsed value or an error text, its raw text). Used by JSON
    files and by the push API, so that both are read and checked the same way."""
    out = _Appender(con, [], tell)
    position: dict[str, int] = {}
    names: dict[object, str] = {}  # each key as a column name, normalised once
    bad: list[tuple[int, str, str]] = []
    for number, record, raw in records:
        if isinstance(record, str):
            bad.append((number, raw.strip()[:80], record))
            continue
        if not isinstance(record, dict):
            bad.append((number, raw.strip()[:80] or str(record)[:80], "a record must be a JSON object"))
            continue
        values: list[str | None] = [None] * len(out.headers)
        for key, value in record.items():
            column = names.get(key)
            if column is None:
                column = names[key] = nfc(str(key)) or "column"
            if column not in position:
                position[column] = len(out.headers)
                out.add_column(column)
                values.append(None)
            values[position[column]] = _cell(value)
        out.add(number, values)
    if not out.headers:
        raise ChisoError(f"{name}: no JSON objects found", vi=f"{name}: không có đối tượng JSON nào")
    out.flush()
    return Staged(out.headers, out.count + len(bad), bad)


def stage_file(con: duckdb.DuckDBPyConnection, path: Path, known: set[str] | None = None,
               tell: Tell | None = None, limits: Limits | None = None) -> Staged:
    if not path.is_file():
        raise ChisoError(f"no such file: {str(path)!r}", vi=f"không có tệp {str(path)!r}")
    fmt = file_format(path)
    if fmt == "csv":
        return stage_csv(con, path, known or set())
    if fmt == "xlsx":
        return stage_xlsx(con, path, known or set(), tell, limits)
    return stage_json(con, path, tell)
