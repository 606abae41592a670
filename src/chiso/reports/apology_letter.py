"""Apology letters as a Word document (one letter per page, the administrative letterhead of Nghị định
30/2020/NĐ-CP), or as PDF through LibreOffice; one or many at once."""

import tempfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from chiso.domain.apology import Letter, Wording
from chiso.domain.errors import InvalidValue
from chiso.domain.letterhead import date_line
from chiso.reports.docx_layout import line, page, rule_after, set_font, two_columns
from chiso.reports.docx_writer import LEFT_CM, MOTTO, MOTTO_CM, NATION, RIGHT_CM
from chiso.reports.pdf import docx_to_pdf

FORMATS = ("docx", "pdf")


def write_letters(letters: Sequence[Letter], words: Wording, path: Path) -> None:
    doc = docx.Document()
    set_font(doc)
    page(doc.sections[0])
    for i, letter in enumerate(letters):
        if i:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        form = line(doc, f"{words.form} — {words.form_source}", 10, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
        form.paragraph_format.space_after = Pt(4)
        left, right = two_columns(doc, (LEFT_CM, RIGHT_CM))
        first = True
        if letter.parent_body:
            line(left, letter.parent_body, 13, first=True)
            first = False
        line(left, letter.unit_name.upper(), 13, bold=True, first=first)
        rule_after(left, 2.2, LEFT_CM)
        line(left, words.number, 13).paragraph_format.space_before = Pt(6)
        line(right, NATION, 12, bold=True, first=True)
        line(right, MOTTO, 13, bold=True)
        rule_after(right, MOTTO_CM, RIGHT_CM)
        line(right, date_line(letter.place, letter.letter_date), 13, italic=True).paragraph_format.space_before = Pt(6)
        title = line(doc, words.title, 14, bold=True)
        title.paragraph_format.space_before, title.paragraph_format.space_after = Pt(18), Pt(12)
        for text in letter.paragraphs(words):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1.0)
            p.paragraph_format.space_after = Pt(6)
            p.add_run(text).font.size = Pt(14)
        _, sign = two_columns(doc, (7.5, 9.0))
        line(sign, words.signer_title, 13, bold=True, first=True)
        line(sign, words.signer_note, 13, italic=True)
    doc.core_properties.title = words.title
    doc.core_properties.author = "chiso"
    doc.core_properties.language = "vi-VN"
    doc.save(str(path))


def letters_file(letters: Sequence[Letter], words: Wording, fmt: str) -> tuple[str, bytes]:
    """The file name and bytes of the letters in ``fmt`` (docx or pdf)."""
    if fmt not in FORMATS:
        raise InvalidValue("format", fmt, " | ".join(FORMATS))
    stem = f"phieu-xin-loi-{letters[0].number}" if len(letters) == 1 else f"phieu-xin-loi-{len(letters)}-ho-so"
    stem = "".join(c if c.isalnum() or c in "-._" else "-" for c in stem)
    with tempfile.TemporaryDirectory(prefix="chiso-apology-") as tmp:
        source = Path(tmp, stem + ".docx")
        write_letters(letters, words, source)
        if fmt == "docx":
            return source.name, source.read_bytes()
        target = Path(tmp, stem + ".pdf")
        docx_to_pdf(source, target)
        return target.name, target.read_bytes()
