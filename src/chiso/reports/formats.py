"""Report formats are plugins: the built-in ones and a province's own share one interface.

A province adds a format by publishing an entry point in the group ``chiso.report_formats`` whose object has
``name``, ``suffix``, ``description`` and ``write(report, path)``.
"""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from chiso.domain.errors import InvalidValue
from chiso.reports.document import Report
from chiso.reports.docx_writer import write_docx
from chiso.reports.pdf import docx_to_pdf
from chiso.reports.xlsx_writer import write_xlsx

GROUP = "chiso.report_formats"


class ReportFormat(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def suffix(self) -> str: ...

    @property
    def description(self) -> str: ...

    def write(self, report: Report, path: Path) -> None: ...


@dataclass(frozen=True)
class Builtin:
    name: str
    suffix: str
    description: str
    writer: Callable[[Report, Path], None]

    def write(self, report: Report, path: Path) -> None:
        self.writer(report, path)


def _pdf(report: Report, path: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="chiso-report-") as tmp:
        source = Path(tmp, path.stem + ".docx")
        write_docx(report, source)
        docx_to_pdf(source, path)


BUILTINS: tuple[ReportFormat, ...] = (
    Builtin("docx", ".docx", "Word, Nghị định 30/2020 layout, charts and annexes", write_docx),
    Builtin("xlsx", ".xlsx", "Excel: one sheet per table and the source of every figure", write_xlsx),
    Builtin("pdf", ".pdf", "PDF: the Word report rendered by LibreOffice", _pdf),
)


def formats() -> dict[str, ReportFormat]:
    found: dict[str, ReportFormat] = {f.name: f for f in BUILTINS}
    for entry in entry_points(group=GROUP):
        plugin = entry.load()
        found[str(plugin.name)] = plugin
    return found


def report_format(name: str) -> ReportFormat:
    known = formats()
    if name not in known:
        raise InvalidValue("format", name, " | ".join(known))
    return known[name]
