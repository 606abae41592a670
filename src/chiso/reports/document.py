"""A format-neutral report: paragraphs, charts and tables, rendered by the Word, Excel and PDF writers."""

from dataclasses import dataclass, field

from chiso.domain.letterhead import Letterhead
from chiso.reports.review import Trace

Cell = str | int | float | None
# Column formats: text | int (443.565) | dec2 (78,45) | pct1 (98,8%) | signed2 (+1,25)
FORMATS = ("text", "int", "dec2", "pct1", "signed2")


@dataclass(frozen=True)
class Para:
    text: str
    kind: str = "body"  # heading1 (I.) | heading2 (1.) | body | bullet | note


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str
    width_cm: float = 15.5


@dataclass(frozen=True)
class Table:
    title: str
    sheet: str  # Excel sheet name (≤ 31 characters)
    headers: list[str]
    formats: list[str]
    rows: list[list[Cell]]
    total: list[Cell] | None = None
    widths: list[float] = field(default_factory=list)  # relative column widths

    def __post_init__(self) -> None:
        if len(self.headers) != len(self.formats) or any(f not in FORMATS for f in self.formats):
            raise ValueError(f"table {self.title!r}: one known format per column is needed, got {self.formats}")


Block = Para | Chart | Table


@dataclass
class Report:
    letterhead: Letterhead
    body: list[Block]
    annexes: list[Table]
    traces: list[Trace]
    closing: str
    demo: bool = False
