"""`chiso accountability`: each unit's scorecard for its head, ranked by the composite result."""

from datetime import date

import typer

from chiso.cli.context import state
from chiso.cli.output import Format, emit
from chiso.domain.accountability import PARTS
from chiso.domain.periods import label_vi, parse_period


def command(
    ctx: typer.Context,
    period: str = typer.Option(..., "--period", help="2024-Q2, Quý II/2024, 2024 …"),
    level: str = typer.Option("department", "--level", help="department | commune"),
    fmt: Format = typer.Option(Format.TABLE, "--format", help="table | csv | json"),
) -> None:
    """Per unit of a level: the 766 total and rank, targets met, tasks on time, overdue and late dossiers with
    apologies, the composite result (weights: setting accountability.weights, illustrative) and its rank; then
    the candidates for commendation and for a reminder."""
    from chiso.domain.errors import InvalidValue
    from chiso.engine.accountability import cards

    if level not in ("department", "commune"):
        raise InvalidValue("--level", level, "department | commune")
    chosen = parse_period(period, date.today())
    with state(ctx).open(read_only=True) as store:
        found = cards(store, chosen, level)
    rows: list[dict[str, object]] = []
    for c in found:
        parts = c.parts
        rows.append({"rank": c.rank, "unit_code": c.code, "unit_name": c.name, "head": c.head,
                     "result": None if c.result.score is None else round(c.result.score, 2),
                     **{p: None if parts[p] is None else round(parts[p] or 0.0, 2) for p in PARTS},
                     "rank_766": c.rank_766, "overdue_dossiers": c.overdue, "late_dossiers": c.late,
                     "apologies": c.apologies, "left_out": ", ".join(c.result.left_out), "verdict": c.verdict})
    emit(rows, fmt, f"Kết quả thực hiện nhiệm vụ / Unit results, {label_vi(chosen)}")
    if fmt is Format.TABLE:
        for key, text in (("commend", "Đề xuất khen thưởng / candidates for commendation"),
                          ("remind", "Đề nghị nhắc nhở / for a reminder")):
            names = [f"{c.name} ({c.result.score:.2f})".replace(".", ",") for c in found
                     if c.verdict == key and c.result.score is not None]
            typer.echo(f"{text}: {'; '.join(names) if names else '—'}")
