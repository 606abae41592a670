"""`chiso calendar due` and `chiso calendar days`."""

from datetime import date, datetime

import typer

from chiso.cli.context import state
from chiso.domain.due import compute_due, fmt_day
from chiso.domain.errors import InvalidValue
from chiso.domain.limits import TimeLimit
from chiso.domain.office_hours import parse_clock

app = typer.Typer(help="Working days, holidays and due dates. / Lịch ngày làm việc và hạn xử lý.",
                  no_args_is_help=True)


def parse_moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue("RECEIVED", text, "ISO 8601 like 2025-01-24T10:00") from None


@app.command()
def due(
    ctx: typer.Context,
    received: str = typer.Argument(..., help="Receipt moment, ISO 8601: 2025-01-24T10:00"),
    limit: str = typer.Argument(..., help="Time limit: '3 ngày làm việc', '8 giờ làm việc', '15 ngày', '1 tháng'"),
    cutoff: str | None = typer.Option(None, help="Same-day cut-off HH:MM (e.g. 15:00)"),
    explain: bool = typer.Option(False, "--explain", help="Show the days skipped and why"),
) -> None:
    """Print the due moment (ISO 8601, first line) of a dossier received at RECEIVED with LIMIT."""
    ws = state(ctx).workspace()
    settings = ws.settings()
    cal = ws.calendar(settings)
    result = compute_due(parse_moment(received), TimeLimit.parse(limit), cal, settings.due_rules,
                         parse_clock(cutoff) if cutoff else None)
    typer.echo(result.due_at.isoformat(timespec="seconds"))
    if explain:
        for note in result.notes[:-1]:
            typer.echo(note)
        for day, reason in result.days_off:
            typer.echo(f"  bỏ qua {fmt_day(day)}: {reason}")
        typer.echo(result.notes[-1])


@app.command()
def days(ctx: typer.Context, year: int = typer.Argument(..., help="Year, e.g. 2025")) -> None:
    """List the year's holidays, days off and make-up working days, with their sources."""
    ws = state(ctx).workspace()
    settings = ws.settings()
    cal = ws.calendar(settings)
    cal.check(date(year, 1, 1))
    for entry in sorted(cal.entries.values(), key=lambda e: e.day):
        if entry.day.year != year:
            continue
        kind = "nghỉ / day off" if entry.kind.value == "off" else "làm bù / make-up working day"
        typer.echo(f"{entry.day.isoformat()}  {fmt_day(entry.day):<22} {kind:<30} {entry.name}  [{entry.source}]")
