"""`chiso tasks import | list | summary | extend | report | review`: tasks assigned to units and their progress."""

import getpass
from datetime import date
from pathlib import Path

import typer

from chiso.cli import import_cmd
from chiso.cli.context import state
from chiso.cli.options import day as parse_day
from chiso.cli.output import Format, emit
from chiso.domain.periods import label_vi, parse_period
from chiso.domain.tasks import STATUS_VI, STATUSES, parse_percent

app = typer.Typer(help="Tasks assigned to units, their deadlines and progress. / Nhiệm vụ được giao.",
                  no_args_is_help=True)
FORMAT = typer.Option(Format.TABLE, "--format", help="table | csv | json")
BY = typer.Option(None, "--by", help="Who records it (default: the system user)")


@app.command("import")
def tasks_import(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="The task register (Danh mục nhiệm vụ): XLSX, CSV (UTF-8) or JSON Lines"),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Write the valid rows, report the rest"),
    report: Path | None = typer.Option(None, help="Where to save rejected rows (default FILE.rejected.csv)"),
    document: str | None = typer.Option(None, "--document",
                                        help="The assigning document, when the register has no column for it"),
) -> None:
    """Import a task register (same checks and atomicity as every import); same as `chiso import tasks`."""
    import_cmd.command(ctx, import_cmd.Kind("tasks"), file, skip_invalid, report, None, None, None, document, None)


def _today(at: str | None) -> date:
    found = parse_day(at)
    return found or date.today()


@app.command("list")
def tasks_list(
    ctx: typer.Context,
    at: str | None = typer.Option(None, "--at", help="Statuses at the end of this day (YYYY-MM-DD); default today"),
    unit: str | None = typer.Option(None, "--unit", help="Only the tasks this unit (or a unit below it) leads"),
    status: str | None = typer.Option(None, "--status", help=" | ".join(STATUSES)),
    fmt: Format = FORMAT,
) -> None:
    """Every task (each occurrence of a recurring one) with its deadline in force and its status."""
    from chiso.domain.errors import InvalidValue
    from chiso.engine.tasks import states
    from chiso.engine.units import Units

    if status is not None and status not in STATUSES:
        raise InvalidValue("--status", status, " | ".join(STATUSES))
    day = _today(at)
    with state(ctx).open(read_only=True) as store:
        codes = None if unit is None else [Units(store).get(unit).code]
        found = [s for s in states(store, day, codes) if status is None or s.status == status]
    table = fmt is Format.TABLE
    rows: list[dict[str, object]] = [{"code": s.occurrence.task.code, "content": s.occurrence.task.content,
             "lead_unit": s.occurrence.task.lead_unit,
             "occurrence": s.occurrence.occurrence, "original_deadline": s.occurrence.original,
             "deadline": s.deadline, "extensions": len(s.occurrence.extensions),
             "done_on": s.occurrence.done_on,
             "status": STATUS_VI[s.status] if table else s.status} for s in found]
    emit(rows, fmt, f"Nhiệm vụ / Tasks tại {day:%d/%m/%Y}")


@app.command("summary")
def tasks_summary(
    ctx: typer.Context,
    period: str = typer.Option(..., "--period", help="2024-Q2, Quý II/2024, 2024-H1, 2024 …"),
    unit: str | None = typer.Option(None, "--unit", help="Only this unit (default: every unit with tasks)"),
    fmt: Format = FORMAT,
) -> None:
    """Per unit: tasks assigned, done on time and late, open within time and overdue, and the on-time rate of the
    tasks due in the period; then the sentence a report uses."""
    from chiso.engine.tasks import period_counts, sentence_vi
    from chiso.engine.units import Units

    chosen = parse_period(period, date.today())
    with state(ctx).open(read_only=True) as store:
        units = Units(store)
        counts = period_counts(store, chosen)
        keep = [units.get(unit).code] if unit else sorted(counts, key=lambda c: (len(units.ancestors(c)), c))
    rows: list[dict[str, object]] = [
        {"unit": code, "name": units.get(code).name, "assigned": c.assigned, "tracked": c.total,
             "done_on_time": c.by_status["done_on_time"], "done_late": c.by_status["done_late"],
             "within_time": c.by_status["not_due"] + c.by_status["in_progress"], "overdue": c.by_status["overdue"],
             "due_in_period": c.due, "due_done_on_time": c.due_on_time,
             "on_time_rate": None if c.on_time_rate is None else round(c.on_time_rate, 2)}
            for code in keep if (c := counts.get(code)) is not None]
    emit(rows, fmt, f"Nhiệm vụ / Tasks, {label_vi(chosen)}")
    chosen_unit = units.get(unit) if unit else units.root()
    whole = counts.get(chosen_unit.code)
    if fmt is Format.TABLE and whole is not None:
        typer.echo(sentence_vi(whole, chosen_unit.name))


@app.command("extend")
def tasks_extend(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Task code (see `chiso tasks list`)"),
    to: str = typer.Option(..., "--to", help="The new deadline (YYYY-MM-DD)"),
    reason: str = typer.Option(..., "--reason", help="Why it was extended"),
    approver: str = typer.Option(..., "--approver", help="Who approved it, e.g. the document: 45/UBND-KGVX"),
    approved_on: str | None = typer.Option(None, "--approved-on", help="The day it was approved (default today)"),
    occurrence: str | None = typer.Option(None, "--occurrence",
                                          help="A recurring task: the original deadline of the occurrence"),
    by: str | None = BY,
) -> None:
    """Record an approved extension: the deadline moves; the original is kept and the extension counted."""
    from chiso.store.tasks import extend

    new = parse_day(to, "--to")
    assert new is not None
    approved = parse_day(approved_on, "--approved-on") or date.today()
    with state(ctx).open() as store:
        extend(store, code, new, reason, approver, approved, by or getpass.getuser(),
               parse_day(occurrence, "--occurrence"))
    typer.echo(f"đã gia hạn / extended: {code} đến {new:%d/%m/%Y}")


@app.command("report")
def tasks_report(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Task code (see `chiso tasks list`)"),
    text: str = typer.Option(..., "--text", help="What was done"),
    percent: str = typer.Option(..., "--percent", help="Progress, 0-100"),
    done: bool = typer.Option(False, "--done", help="The task is completed"),
    evidence: Path | None = typer.Option(None, "--evidence", help="A file proving it (kept with its sha256)"),
    occurrence: str | None = typer.Option(None, "--occurrence",
                                          help="A recurring task: the original deadline of the occurrence"),
    by: str | None = BY,
) -> None:
    """Report progress on a task (waits for review; a completed task counts once its report is accepted)."""
    from chiso.store.target_values import Evidence
    from chiso.store.tasks import report

    proof = Evidence(evidence.name, evidence.read_bytes()) if evidence else None
    with state(ctx).open() as store:
        ident = report(store, code, text, parse_percent(percent), done, by or getpass.getuser(), proof,
                       parse_day(occurrence, "--occurrence"))
    typer.echo(f"đã ghi báo cáo / reported: #{ident} {code}, chờ xem xét / waiting for review")


@app.command("review")
def tasks_review(
    ctx: typer.Context,
    ident: int = typer.Argument(..., help="Report number (shown when it was given)"),
    accept: bool = typer.Option(True, "--accept/--return", help="Accept the report, or return it to the unit"),
    note: str | None = typer.Option(None, "--note", help="Why (required when returning)"),
    by: str | None = BY,
) -> None:
    """Accept or return a progress report."""
    from chiso.store.tasks import review

    with state(ctx).open() as store:
        code = review(store, ident, accept, by or getpass.getuser(), note)
    typer.echo(f"{'đã chấp nhận / accepted' if accept else 'đã trả lại / returned'}: #{ident} ({code})")
