"""The review as a Word document in the Nghị định 30/2020 layout."""

import io
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm, Emu, Pt

from chiso.reports.cells import cell_text
from chiso.reports.document import Chart, Para, Report, Table
from chiso.reports.docx_layout import (
    keep_with_next,
    line,
    page,
    page_numbers,
    repeat_header,
    row_xml,
    rule_after,
    set_font,
    text_width,
    two_columns,
)

MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
LEFT_CM, RIGHT_CM = 6.2, 10.3
MOTTO_CM = 6.4  # the width of the motto in 13-pt bold Times: the rule under it is as long as the line


def _letterhead(doc: Document, report: Report) -> None:
    head = report.letterhead
    left, right = two_columns(doc, (LEFT_CM, RIGHT_CM))
    first = True
    for text in head.parent_body:
        line(left, text, 13, first=first)
        first = False
    for text in head.issuing_body:
        line(left, text, 13, bold=True, first=first)
        first = False
    rule_after(left, 2.2, LEFT_CM)
    line(left, head.number, 13).paragraph_format.space_before = Pt(6)
    line(right, NATION, 12, bold=True, first=True)
    line(right, MOTTO, 13, bold=True)
    rule_after(right, MOTTO_CM, RIGHT_CM)
    date = line(right, head.date_line, 13, italic=True)
    date.paragraph_format.space_before = Pt(6)


def _title(doc: Document, report: Report) -> None:
    p = line(doc, "BÁO CÁO", 14, bold=True)
    p.paragraph_format.space_before = Pt(18)
    line(doc, report.letterhead.subject, 14, bold=True)
    rule_after(doc, 4.0, 16.5)
    doc.add_paragraph().paragraph_format.space_after = Pt(6)


def _para(doc: Document, block: Para) -> None:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.27)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    text = f"- {block.text}" if block.kind == "bullet" else block.text
    run = p.add_run(text)
    if block.kind in ("heading1", "heading2"):
        run.bold = True
        keep_with_next(p)
        fmt.space_before = Pt(6)
    if block.kind == "note":
        run.italic = True
        if block.text.isupper():
            run.bold, run.italic = True, False
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.first_line_indent = Cm(0)


def _chart(doc: Document, block: Chart) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    keep_with_next(p)
    p.add_run().add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
    caption = line(doc, block.caption, 12, italic=True)
    caption.paragraph_format.space_after = Pt(6)


def _table(doc: Document, table: Table, width: int, size: float, titled: bool = True) -> None:
    if titled:
        title = line(doc, table.title, 13, bold=True)
        title.paragraph_format.space_after = Pt(6)
        keep_with_next(title)
    rows = table.rows + ([table.total] if table.total else [])
    grid = doc.add_table(rows=1, cols=len(table.headers))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    weights = table.widths or [1.0] * len(table.headers)
    widths = [int(width * w / sum(weights)) for w in weights]
    for column, w in zip(grid.columns, widths, strict=True):
        column.width = w
    for cell, header, w in zip(grid.rows[0].cells, table.headers, widths, strict=True):
        cell.width = w
        line(cell, header, size, bold=True, first=True)
    repeat_header(grid)
    aligns = ["center" if j == 0 else ("left" if fmt == "text" else "right") for j, fmt in enumerate(table.formats)]
    twips = [Emu(w).twips for w in widths]
    for i, row in enumerate(rows, start=1):
        bold = table.total is not None and i == len(rows)
        texts = [cell_text(value, fmt) for value, fmt in zip(row, table.formats, strict=True)]
        grid._tbl.append(parse_xml(row_xml(texts, twips, aligns, size, bold)))


def _annex(doc: Document, annex: Table, report: Report, width: int) -> None:
    """An annex on its own landscape pages, titled and tied to the report it goes with."""
    head = report.letterhead
    number, _, title = annex.title.partition(". ")
    line(doc, number.upper(), 13, bold=True)
    line(doc, title, 13, bold=True)
    tie = line(doc, f"(Kèm theo Báo cáo số{head.number.partition(':')[2]} {head.date_line.partition(', ')[2]})",
               13, italic=True)
    tie.paragraph_format.space_after = Pt(6)
    _table(doc, annex, width, 11 if len(annex.headers) <= 9 else 10, titled=False)


def _signature(doc: Document, report: Report) -> None:
    head = report.letterhead
    doc.add_paragraph().paragraph_format.space_after = Pt(6)
    left, right = two_columns(doc, (7.5, 9.0))
    line(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for text in head.recipient_lines:
        line(left, text, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for text in [*head.authority, head.signer_title]:
        line(right, text, 13, bold=True, first=first)
        first = False
    for _ in range(4):
        line(right, "", 14)
    line(right, head.signer_name, 14, bold=True)


def write_docx(report: Report, path: Path) -> None:
    doc = docx.Document()
    set_font(doc)
    section = doc.sections[0]
    page(section)
    page_numbers(section, first_page=False)
    _letterhead(doc, report)
    _title(doc, report)
    width = text_width(section)
    for block in report.body:
        if isinstance(block, Para):
            _para(doc, block)
        elif isinstance(block, Chart):
            _chart(doc, block)
        else:
            _table(doc, block, width, 12)
    _para(doc, Para(report.closing))
    _signature(doc, report)
    for annex in report.annexes:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        page(section, landscape=True)
        section.different_first_page_header_footer = False
        _annex(doc, annex, report, text_width(section))
    doc.core_properties.title = f"BÁO CÁO {report.letterhead.subject}"
    doc.core_properties.author = "chiso"
    doc.core_properties.language = "vi-VN"
    doc.save(str(path))
