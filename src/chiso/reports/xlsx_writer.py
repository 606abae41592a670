"""The review's tables as an Excel workbook: one formatted sheet per table, and the sources of every figure."""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from chiso.reports.cells import EXCEL_FORMATS
from chiso.reports.document import Cell, Report, Table
from chiso.reports.review import Trace

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
FONT = "Times New Roman"
TRACE_HEADERS = ["Mục", "Số liệu", "Giá trị trong báo cáo", "Kỳ", "Định nghĩa", "Phiên bản", "Tệp định nghĩa",
                 "Điều kiện lọc", "Tử số", "Mẫu số", "Nguồn"]


def _sheet(ws: Worksheet, table: Table) -> None:
    ws.cell(row=1, column=1, value=table.title).font = Font(name=FONT, bold=True, size=13)
    for j, header in enumerate(table.headers, start=1):
        c = ws.cell(row=3, column=j, value=header)
        c.font, c.fill, c.border = Font(name=FONT, bold=True, size=11), HEAD_FILL, BOX
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows: list[list[Cell]] = table.rows + ([table.total] if table.total else [])
    for i, row in enumerate(rows, start=4):
        bold = table.total is not None and i == 3 + len(rows)
        for j, (value, fmt) in enumerate(zip(row, table.formats, strict=True), start=1):
            c = ws.cell(row=i, column=j, value=value)
            if isinstance(value, str):
                c.data_type = "s"  # a unit's or target's name never runs as a formula
            c.font, c.border = Font(name=FONT, size=11, bold=bold), BOX
            c.number_format = EXCEL_FORMATS[fmt]
            c.alignment = Alignment(vertical="top", wrap_text=fmt == "text")
    if table.total is not None:
        last = 3 + len(rows)
        for j, fmt in enumerate(table.formats, start=1):
            if fmt == "int" and j > 1 and table.total[j - 1] is not None:
                letter = get_column_letter(j)
                ws.cell(row=last, column=j, value=f"=SUM({letter}4:{letter}{last - 1})")
    weights = table.widths or [1.0] * len(table.headers)
    for j, w in enumerate(weights, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(8.0, min(60.0, 11.0 * w))
    ws.row_dimensions[3].height = 32
    ws.freeze_panes = "C4" if len(table.headers) > 2 else "A4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(table.headers))}{3 + len(table.rows)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = "3:3"


SOURCE_VI = {"computed": "tính từ dữ liệu", "provisional": "tạm tính", "reported": "đơn vị báo cáo",
             "missing": "chưa có số liệu", "no_data": "chưa có số liệu"}


def _traces(ws: Worksheet, traces: list[Trace]) -> None:
    rows: list[list[Cell]] = [[t.ref, t.label, t.value, t.period, t.definition, t.version, t.origin, t.filters,
                               t.numerator, t.denominator, SOURCE_VI.get(t.source, t.source)] for t in traces]
    _sheet(ws, Table("Nguồn của từng số liệu trong báo cáo (định nghĩa, phiên bản, điều kiện lọc, số đếm)",
                     "Nguồn số liệu", TRACE_HEADERS, ["text"] * 8 + ["int", "int", "text"], rows,
                     widths=[1.2, 3.5, 2.5, 1.5, 2.2, 1.2, 2.5, 5, 1.1, 1.1, 1.1]))


def write_xlsx(report: Report, path: Path) -> None:
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    used: set[str] = set()
    tables = [b for b in report.body if isinstance(b, Table)] + report.annexes
    for table in tables:
        name = table.sheet
        n = 2
        while name in used:
            name = f"{table.sheet[:28]} {n}"
            n += 1
        used.add(name)
        _sheet(wb.create_sheet(name), table)
    _traces(wb.create_sheet("Nguồn số liệu"), report.traces)
    wb.properties.title = report.letterhead.subject
    wb.properties.creator = "chiso"
    wb.save(path)
