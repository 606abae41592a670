"""Nghị định 30/2020 building blocks in python-docx: page set-up, rules, fields, header and signature tables."""

from xml.sax.saxutils import escape

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
A4 = (Cm(21.0), Cm(29.7))


def set_font(doc: Document, size: float = 14) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)


def page(section: Section, landscape: bool = False) -> None:
    """A4, margins top/bottom 2 cm, left 3 cm, right 1.5 cm (binding side on the left in portrait)."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4[1], A4[0]) if landscape else A4
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin = Cm(2 if landscape else 3)
    section.right_margin = Cm(1.5)
    section.header_distance = Cm(1)


def text_width(section: Section) -> int:
    return int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)


def page_numbers(section: Section, first_page: bool) -> None:
    """A centred PAGE field in the header; with ``first_page`` False the first page of the section has none."""
    section.different_first_page_header_footer = not first_page
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)
    for r in p.runs:
        r.font.size = Pt(13)


def line(cell: _Cell | Document, text: str, size: float = 13, bold: bool = False, italic: bool = False,
         align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER, first: bool = False) -> Paragraph:
    p = cell.paragraphs[0] if first and isinstance(cell, _Cell) else cell.add_paragraph()
    p.alignment = align
    run = p.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return p


def rule_after(where: _Cell | Document, width_cm: float, room_cm: float) -> Paragraph:
    """A centred line ``width_cm`` long under the previous paragraph, in a space ``room_cm`` wide.

    It is the top border of an empty, 2-pt-high paragraph whose indents shorten it; the text above keeps its
    full width.
    """
    p = where.add_paragraph()
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(max(0.0, (room_cm - width_cm) / 2))
    fmt.line_spacing = Pt(2)
    fmt.space_before = fmt.space_after = Pt(0)
    p.add_run().font.size = Pt(1)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    p._p.get_or_add_pPr().append(borders)
    return p


def no_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), "nil")
        borders.append(node)
    table._tbl.tblPr.append(borders)


def two_columns(doc: Document, widths_cm: tuple[float, float]) -> tuple[_Cell, _Cell]:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    no_borders(table)
    cells = table.rows[0].cells
    for column, cell, width in zip(table.columns, cells, widths_cm, strict=True):
        column.width = cell.width = Cm(width)
    return cells[0], cells[1]


def repeat_header(table: Table) -> None:
    props = table.rows[0]._tr.get_or_add_trPr()
    node = OxmlElement("w:tblHeader")
    node.set(qn("w:val"), "true")
    props.append(node)


def keep_with_next(p: Paragraph) -> None:
    p.paragraph_format.keep_with_next = True


def row_xml(texts: list[str], twips: list[int], aligns: list[str], size: float, bold: bool) -> str:
    """One table row as WordprocessingML (thousands of rows: python-docx's cell objects are too slow)."""
    half_points = round(size * 2)
    props = f'{"<w:b/>" if bold else ""}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:jc w:val="{a}"/></w:pPr>'
        f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p></w:tc>'
        for t, w, a in zip(texts, twips, aligns, strict=True))
    return f"<w:tr {nsdecls('w')}>{cells}</w:tr>"
