"""`chiso report review | formats`: review reports in Word, Excel or PDF."""

from pathlib import Path

import typer

from chiso.cli.context import state
from chiso.cli.index_cmd import _period
from chiso.cli.options import day, moment

app = typer.Typer(help="Review reports (sơ kết, tổng kết) in Word, Excel or PDF. / Báo cáo sơ kết, tổng kết.",
                  no_args_is_help=True)


@app.command("review")
def review(
    ctx: typer.Context,
    period: str = typer.Option(..., "--period", help="2024-Q1, 2024-H1, 2024-9M, 2024, 2024-06 or a date range"),
    unit: str | None = typer.Option(None, "--unit", help="Report on this unit (default: the province)"),
    plan: list[str] = typer.Option([], "--plan", help="Plan or campaign to report on (repeatable); default: "
                                                      "every plan overlapping the period"),
    fmt: str = typer.Option("docx", "--format", help="docx | xlsx | pdf (or a format a plugin adds); several "
                                                     "separated by commas, e.g. docx,xlsx,pdf"),
    output: Path | None = typer.Option(None, "--output", help="File or folder to write (default: a file named "
                                                              "after the period in the current folder)"),
    made: str | None = typer.Option(None, "--date", help="Date printed on the report, YYYY-MM-DD (default: today)"),
    at: str | None = typer.Option(None, "--at", help="Take statuses at this moment (ISO 8601); default: the "
                                                     "latest event"),
) -> None:
    """Write the review report: letterhead, results, shortcomings, tasks, charts, annexes and sources."""
    from chiso.reports.generate import generate_review

    with state(ctx).open(read_only=True) as store:
        result = generate_review(store, _period(period, store), [f.strip() for f in fmt.split(",") if f.strip()],
                                 output, unit, plan or None, day(made, "--date"), moment(at))
    for path in result.paths:
        typer.echo(f"{path} — {len(result.report.traces)} số liệu có nguồn / figures traced, "
                   f"{len(result.report.annexes)} phụ lục / annexes")


@app.command("formats")
def formats() -> None:
    """List the report formats (built-in and from plugins)."""
    from chiso.reports.formats import formats as known

    for f in known().values():
        typer.echo(f"{f.name}\t{f.suffix}\t{f.description}")
