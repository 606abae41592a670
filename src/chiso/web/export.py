"""Excel exports of the tables a page shows: a title, the moment and the synthetic-data label above the headers,
real numbers and dates in every cell (with Vietnamese display formats), text never read as a formula; and the
files pages hand over (reports), by their media type."""

import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from starlette.responses import FileResponse, Response

from chiso.domain.spreadsheet import attachment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA = {".xlsx": XLSX, ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".pdf": "application/pdf", ".csv": "text/csv; charset=utf-8"}  # the files pages hand over, by suffix
SYNTHETIC = "DỮ LIỆU MÔ PHỎNG / SYNTHETIC DEMO DATA — không phải số liệu thật của tỉnh"
FORMATS = {int: "#,##0", float: "#,##0.00", datetime: "dd/mm/yyyy hh:mm", date: "dd/mm/yyyy"}
HEADER_ROW = 4  # title, note, blank, headers


CellValue = int | float | str | datetime | date | None


def _cell_value(value: object) -> CellValue:
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float | str | datetime | date) or value is None:
        return value
    return str(value)


def workbook_bytes(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]],
                   note: str = "", demo: bool = False) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet"
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    ws.cell(row=1, column=1).data_type = "s"
    lines = [x for x in (note, SYNTHETIC if demo else "") if x]
    if lines:
        ws.cell(row=2, column=1, value=" — ".join(lines)).data_type = "s"
        if demo:
            ws.cell(row=2, column=1).font = Font(bold=True, color="9C0006")
    for j, header in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=j, value=header)
        cell.font, cell.data_type = Font(bold=True), "s"
    for i, row in enumerate(rows, start=HEADER_ROW + 1):
        for j, raw in enumerate(row, start=1):
            value = _cell_value(raw)
            cell = ws.cell(row=i, column=j, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text never runs as a formula in the reader's spreadsheet
            elif type(value) in FORMATS:
                cell.number_format = FORMATS[type(value)]
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    if headers:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{HEADER_ROW + len(rows)}"
    for index, column in enumerate(ws.iter_cols(min_row=HEADER_ROW, max_row=HEADER_ROW + 200, values_only=True),
                                   start=1):
        widths = [16 if isinstance(v, datetime | date) else len(str(v or "")) for v in column]
        ws.column_dimensions[get_column_letter(index)].width = min(60, max(10, *widths))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]], filename: str,
                  note: str = "", demo: bool = False) -> Response:
    """The table as a workbook download; ``note`` (the moment, the definition) and the demo label above it."""
    return Response(workbook_bytes(title, headers, rows, note, demo), media_type=XLSX,
                    headers={"Content-Disposition": attachment(filename)})


def file_download(path: Path) -> FileResponse:
    """A file made for its reader (a report), downloaded under its own name."""
    return FileResponse(path, media_type=MEDIA.get(path.suffix, "application/octet-stream"),
                        headers={"Content-Disposition": attachment(path.name)})
