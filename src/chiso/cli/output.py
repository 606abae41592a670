"""Rows printed as a table (labels for people), CSV or JSON (the rows' English snake_case keys)."""

import json
import sys
from collections.abc import Sequence
from enum import StrEnum

from rich.console import Console
from rich.table import Table

from chiso.cli.labels import label
from chiso.domain.spreadsheet import csv_writer

Row = dict[str, object]


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def emit(rows: Sequence[Row], fmt: Format, title: str | None = None) -> None:
    if fmt is Format.JSON:
        json.dump(list(rows), sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
        return
    columns = list(rows[0]) if rows else []
    if fmt is Format.CSV:
        writer = csv_writer(sys.stdout)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in columns])
        return
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(label(column))
    for row in rows:
        table.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
    Console(width=200).print(table)
