"""`chiso apology letter | sent`: the apology letters of late dossiers (Phiếu xin lỗi và hẹn lại ngày trả kết quả)."""

import getpass
from datetime import date
from pathlib import Path

import typer

from chiso.cli.context import state
from chiso.cli.options import day as parse_day
from chiso.domain.errors import ChisoError

app = typer.Typer(help="Apology letters of late dossiers. / Phiếu xin lỗi, hẹn lại ngày trả kết quả.",
                  no_args_is_help=True)
DELAY = typer.Option(..., "--delay", help="Working days from the letter's day to the new return day")
REASON = typer.Option(..., "--reason", help="Why the dossier is late (printed in the letter)")
DAY = typer.Option(None, "--date", help="The letter's day, YYYY-MM-DD (default today)")


@app.command("letter")
def letter(
    ctx: typer.Context,
    numbers: list[str] = typer.Argument(..., help="Dossier numbers (one letter each)"),
    delay: int = DELAY,
    reason: str = REASON,
    day: str | None = DAY,
    name: str = typer.Option("", "--name", help="The applicant's name, with one dossier only (printed, never "
                                                "stored); empty: a blank line to fill by hand"),
    fmt: str = typer.Option("docx", "--format", help="docx | pdf"),
    output: Path | None = typer.Option(None, "--output", help="File or folder (default: the current folder)"),
) -> None:
    """Draft the letters (Word or PDF, one page each) with the new return day computed on the calendar."""
    from chiso.domain.apology import wording
    from chiso.engine.apology import LetterRequest, letters_for
    from chiso.reports.apology_letter import letters_file

    if name and len(numbers) > 1:
        raise ChisoError("--name goes with one dossier only", vi="--name chỉ dùng khi in cho một hồ sơ")
    with state(ctx).open(read_only=True) as store:
        asked = LetterRequest(parse_day(day, "--date") or date.today(), delay, reason)
        letters = letters_for(store, numbers, asked, {numbers[0]: name} if name else None)
        filename, content = letters_file(letters, wording(store.config), fmt)
    target = output or Path(filename)
    if target.is_dir():
        target = target / filename
    target.write_bytes(content)
    typer.echo(f"{len(letters)} phiếu / letters, hẹn lại / new day {letters[0].new_due:%d/%m/%Y}: {target}")


@app.command("sent")
def sent(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Dossier number"),
    delay: int = DELAY,
    reason: str = REASON,
    day: str | None = DAY,
    by: str | None = typer.Option(None, "--by", help="Who sent it (default: the system user)"),
) -> None:
    """Record that the letter was sent: the dossier counts as apologised for (APOLOGY_SENT), audited."""
    from chiso.domain.apology import check_reason, new_return_day
    from chiso.engine.apology import late_dossier
    from chiso.store.apologies import mark_sent

    with state(ctx).open() as store:
        late_dossier(store, number)
        letter_day = parse_day(day, "--date") or date.today()
        new_due = new_return_day(store.calendar, letter_day, delay)
        mark_sent(store, number, letter_day, delay, new_due, check_reason(reason), by or getpass.getuser())
    typer.echo(f"đã ghi nhận / recorded: {number}, hẹn lại / new day {new_due:%d/%m/%Y}")
