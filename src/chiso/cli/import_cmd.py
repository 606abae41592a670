"""`chiso import KIND FILE`: all-or-nothing by default, a report of every rejected row."""

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from chiso.cli.context import state
from chiso.domain.errors import ChisoError
from chiso.domain.formatting import vn_number
from chiso.domain.reject_reasons import reason_vi
from chiso.store.importing import ImportRejected, ImportResult, import_file
from chiso.store.spec import KINDS
from chiso.store.store import Store

Kind = StrEnum("Kind", {k.upper(): k for k in KINDS})  # type: ignore[misc]  # derived from the registry of kinds


def _reason(reason: str) -> str:
    """A rejection reason in Vietnamese, or in English with ``CHISO_LANG=en``."""
    return reason if os.environ.get("CHISO_LANG", "vi").lower().startswith("en") else reason_vi(reason)


def show_rejects(result: ImportResult, limit: int = 20) -> None:
    """One summary first (counts by reason), then the first rows."""
    err = Console(stderr=True, width=200)
    reasons = result.reasons()
    if reasons:
        err.print(f"bị loại / rejected: {vn_number(len(result.rejects))} problem(s) by reason:", markup=False)
        for reason, n in reasons:
            err.print(f"  {vn_number(n):>9}  {_reason(reason)}", markup=False, highlight=False)
    for r in result.rejects[:limit]:
        err.print(f"  dòng/line {r.line}, cột/column {r.column!r}, giá trị/value {r.value!r}: {_reason(r.reason)}",
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
    if result.seconds:
        text += f"; {vn_number(result.seconds, 1)} s ({vn_number(result.rows / result.seconds)} dòng/rows per s)"
    return text


def command(
    ctx: typer.Context,
    kind: Kind = typer.Argument(..., help="What the file holds"),
    file: Path = typer.Argument(..., help="CSV (UTF-8), XLSX or JSON Lines file"),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Write the valid rows, report the rest"),
    report: Path | None = typer.Option(None, help="Where to save rejected rows (default FILE.rejected.csv)"),
    layout: str | None = typer.Option(None, "--layout", help="Force an export layout (see chiso import-layouts)"),
    unit: str | None = typer.Option(None, "--unit", help="Dossiers: the receiving unit of a file without one"),
    period: str | None = typer.Option(None, "--period", help="Published: the period of a file without one"),
    document: str | None = typer.Option(None, "--document",
                                        help="Tasks: the assigning document of a register without the column"),
    index: str | None = typer.Option(None, "--index", help="Rankings: the index of a table without the column"),
) -> None:
    """Import units, procedures, dossiers, feedback, reported values, a plan, published figures, tasks or rankings.

    One bad row: nothing is written (unless --skip-invalid).
    """
    report_path = report or file.with_name(file.name + ".rejected.csv")
    fixed = _fixed(kind.value, unit, period, document, index)
    with state(ctx).open() as store:
        if sys.stderr.isatty():
            with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                          transient=True) as bar:
                task = bar.add_task(file.name, total=None)

                def tell(step: str) -> None:
                    bar.update(task, description=f"{file.name}: {step}")

                result = _run(store, kind, file, skip_invalid, report_path, tell, layout, fixed)
        else:
            result = _run(store, kind, file, skip_invalid, report_path, None, layout, fixed)
    typer.echo(describe(result), err=True)
    if result.unused_headers:
        typer.echo(f"cột không dùng / known columns not used: {', '.join(result.unused_headers)}", err=True)
    if result.ignored_headers:
        typer.echo(f"cột bỏ qua / ignored columns: {', '.join(result.ignored_headers)}", err=True)
    if result.dropped_headers:
        typer.echo(f"dữ liệu cá nhân không lưu / personal columns not stored: {', '.join(result.dropped_headers)}",
                   err=True)
    typer.echo(summary(result))
    for note in result.notes:
        typer.echo(note)
    if result.warnings:
        typer.echo(f"cảnh báo / flagged: {vn_number(len(result.warnings))} row(s)", err=True)
        for w in result.warnings[:10]:
            typer.echo(f"  dòng/line {w.line}: {w.value!r}: {_reason(w.reason)}", err=True)
    if result.rejects:
        show_rejects(result)
        typer.echo(f"báo cáo / report: {result.report}", err=True)


def describe(result: ImportResult) -> str:
    text = f"mẫu tệp / layout: {result.layout} ({result.layout_title}); dòng tiêu đề / header row {result.header_line}"
    if result.skipped:
        text += f"; {vn_number(result.skipped)} dòng ghi chú bỏ qua / note rows skipped"
    return text


def _fixed(kind: str, unit: str | None, period: str | None, document: str | None = None,
           index: str | None = None) -> dict[str, str]:
    fixed: dict[str, str] = {}
    if unit is not None:
        if kind != "dossiers":
            raise ChisoError("--unit applies to dossiers only")
        fixed["receiving_unit"] = unit
    if period is not None:
        if kind not in ("published", "rankings"):
            raise ChisoError("--period applies to published figures and rankings only")
        fixed["period"] = period
    if document is not None:
        if kind != "tasks":
            raise ChisoError("--document applies to tasks only")
        fixed["document"] = document
    if index is not None:
        if kind != "rankings":
            raise ChisoError("--index applies to rankings only")
        fixed["index"] = index
    return fixed


def _run(store: Store, kind: Kind, file: Path, skip: bool, report: Path, tell: Callable[[str], None] | None,
         layout: str | None, fixed: dict[str, str]) -> ImportResult:
    try:
        return import_file(store, kind.value, file, skip, report, tell, layout=layout, fixed=fixed)
    except ImportRejected as exc:
        typer.echo(describe(exc.result), err=True)
        show_rejects(exc.result)
        raise
