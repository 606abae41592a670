"""`chiso import KIND FILE`: all-or-nothing by default, a report of every rejected row."""

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from chiso.cli.context import state
from chiso.domain.formatting import vn_number
from chiso.store.importing import ImportRejected, ImportResult, import_file
from chiso.store.store import Store


class Kind(StrEnum):
    DOSSIERS = "dossiers"
    FEEDBACK = "feedback"
    UNITS = "units"
    PROCEDURES = "procedures"
    REPORTED = "reported"
    PLAN = "plan"


def show_rejects(result: ImportResult, limit: int = 20) -> None:
    err = Console(stderr=True, width=200)
    for r in result.rejects[:limit]:
        err.print(f"  dòng/line {r.line}, cột/column {r.column!r}, giá trị/value {r.value!r}: {r.reason}",
                  markup=False, highlight=False)
    if len(result.rejects) > limit:
        err.print(f"  … {len(result.rejects) - limit} more in the report", markup=False)


def summary(result: ImportResult) -> str:
    c = result.counts
    text = (f"{result.source}: {vn_number(result.rows)} dòng/rows; thêm/inserted {vn_number(c.inserted)}, "
            f"cập nhật/updated {vn_number(c.updated)}, không đổi/unchanged {vn_number(c.unchanged)}")
    if c.older:
        text += f", bỏ qua bản cũ hơn/older kept {vn_number(c.older)}"
    if result.rejects:
        text += f", bị loại/rejected {vn_number(len(result.rejects))} problem(s)"
    return text


def command(
    ctx: typer.Context,
    kind: Kind = typer.Argument(..., help="What the file holds"),
    file: Path = typer.Argument(..., help="CSV (UTF-8), XLSX or JSON Lines file"),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Write the valid rows, report the rest"),
    report: Path | None = typer.Option(None, help="Where to save rejected rows (default FILE.rejected.csv)"),
) -> None:
    """Import units, procedures, dossiers, feedback, reported values or a plan.

    One bad row: nothing is written (unless --skip-invalid).
    """
    report_path = report or file.with_name(file.name + ".rejected.csv")
    with state(ctx).open() as store:
        if sys.stderr.isatty():
            with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                          transient=True) as bar:
                task = bar.add_task(file.name, total=None)

                def tell(step: str) -> None:
                    bar.update(task, description=f"{file.name}: {step}")

                result = _run(store, kind, file, skip_invalid, report_path, tell)
        else:
            result = _run(store, kind, file, skip_invalid, report_path, None)
    if result.ignored_headers:
        typer.echo(f"cột bỏ qua / ignored columns: {', '.join(result.ignored_headers)}", err=True)
    if result.dropped_headers:
        typer.echo(f"dữ liệu cá nhân không lưu / personal columns not stored: {', '.join(result.dropped_headers)}",
                   err=True)
    typer.echo(summary(result))
    if result.rejects:
        show_rejects(result)
        typer.echo(f"báo cáo / report: {result.report}", err=True)


def _run(store: Store, kind: Kind, file: Path, skip: bool, report: Path,
         tell: Callable[[str], None] | None) -> ImportResult:
    try:
        return import_file(store, kind.value, file, skip, report, tell)
    except ImportRejected as exc:
        show_rejects(exc.result)
        raise
