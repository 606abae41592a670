"""`chiso rankings import | show`: national tables of all provinces and the province's place in them."""

from pathlib import Path

import typer

from chiso.cli import import_cmd
from chiso.cli.context import state
from chiso.cli.output import Format, emit

app = typer.Typer(help="The province among provinces: 766, PAR INDEX, SIPAS, DTI … / Xếp hạng các tỉnh.",
                  no_args_is_help=True)
FORMAT = typer.Option(Format.TABLE, "--format", help="table | csv | json")


@app.command("import")
def rankings_import(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A national table: index, period, province, score, rank (XLSX, CSV …)"),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Write the valid rows, report the rest"),
    report: Path | None = typer.Option(None, help="Where to save rejected rows (default FILE.rejected.csv)"),
    index: str | None = typer.Option(None, "--index", help="The index of a table without the column (PAR INDEX …)"),
    period: str | None = typer.Option(None, "--period", help="The period of a table without the column (2024 …)"),
) -> None:
    """Import a national table as published (same as `chiso import rankings`)."""
    import_cmd.command(ctx, import_cmd.Kind("rankings"), file, skip_invalid, report, None, None, period, None, index)


@app.command("show")
def rankings_show(ctx: typer.Context, index: str | None = typer.Option(None, "--index", help="Only this index"),
                  fmt: Format = FORMAT) -> None:
    """The province's place in every table imported: rank of how many, change, rank in its region(s), the
    province just above and the gap; then the sentence a report uses."""
    from chiso.domain.periods import label_vi
    from chiso.domain.rankings import index_code, sentence_vi
    from chiso.engine.rankings import places

    with state(ctx).open(read_only=True) as store:
        found = [p for p in places(store) if index is None or p.table.index == index_code(index)]
    rows: list[dict[str, object]] = [
        {"index": p.table.index, "period": p.table.period.label, "score": p.standing.score, "rank": p.standing.rank,
         "of": p.standing.of, "change": p.standing.change, "previous_period": p.standing.previous_label,
         "regions": "; ".join(f"{r.region}: {r.rank}/{r.of}" for r in p.standing.regions),
         "above": p.standing.above, "gap": None if p.standing.gap is None else round(p.standing.gap, 4)}
        for p in found]
    emit(rows, fmt, "Xếp hạng toàn quốc / National rankings")
    if fmt is Format.TABLE:
        for p in found:
            previous = label_vi(p.previous.period) if p.previous else None
            typer.echo(sentence_vi(p.standing, p.table.name, label_vi(p.table.period), previous) + ".")
