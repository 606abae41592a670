"""Excel exports of the tables a page shows."""

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from starlette.responses import Response

from chiso.domain.spreadsheet import attachment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]], filename: str) -> Response:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([v if isinstance(v, int | float | str) or v is None else str(v) for v in row])
        for cell in ws[ws.max_row]:  # text never runs as a formula in the reader's spreadsheet
            if isinstance(cell.value, str):
                cell.data_type = "s"
    ws.freeze_panes = "A2"
    for index, column in enumerate(ws.iter_cols(max_row=200, values_only=True), start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(60, max(10, *(len(str(v or "")) for v in column)))
    buffer = io.BytesIO()
    wb.save(buffer)
    return Response(buffer.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": attachment(filename)})
