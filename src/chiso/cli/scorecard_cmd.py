"""`chiso scorecard list | results | unit | score`: scorecard rounds (PAR Index, DTI, e-government levels, SIPAS …)."""

import getpass
from pathlib import Path

import typer

from chiso.cli.context import state
from chiso.cli.output import Format, emit

app = typer.Typer(help="Scorecards: self-assessment, appraisal, groups and levels. / Bộ tiêu chí đánh giá.",
                  no_args_is_help=True)
FORMAT = typer.Option(Format.TABLE, "--format", help="table | csv | json")
YEAR = typer.Option(..., "--year", help="The year assessed")


@app.command("list")
def scorecard_list(ctx: typer.Context, fmt: Format = FORMAT) -> None:
    """The scorecards: shipped data files and the province's own (<config>/scorecards/*.toml)."""
    from chiso.store.scorecards import definitions

    with state(ctx).open(read_only=True) as store:
        cards = definitions(store.config)
    emit([{"id": c.id, "version": c.version, "name": c.name_vi, "rule": c.rule, "criteria": len(c.leaves),
           "maximum": c.maximum, "template": c.template, "source": c.source, "file": c.origin}
          for c in cards.values()], fmt, "Bộ tiêu chí / Scorecards")


@app.command("results")
def scorecard_results(ctx: typer.Context, ident: str = typer.Argument(..., help="Scorecard id"), year: int = YEAR,
                      level: str = typer.Option("department", "--level", help="department | commune"),
                      fmt: Format = FORMAT) -> None:
    """The units of a level ranked: total, percentage, group or level, change from last year; then the
    distribution and the weakest criteria."""
    from chiso.domain.errors import InvalidValue
    from chiso.domain.scorecards import distribution_vi
    from chiso.engine.scorecards import placed, unit_results, weakest
    from chiso.engine.units import LEVEL_VI
    from chiso.store.scorecards import definition

    if level not in ("department", "commune"):
        raise InvalidValue("--level", level, "department | commune")
    with state(ctx).open(read_only=True) as store:
        card = definition(store, ident, year)
        found = unit_results(store, card, year, level)
    emit([{"rank": r.rank, "unit_code": r.code, "unit_name": r.name, "total": r.total, "percent": r.percent,
           "place": r.place, "last_year": r.last_year,
           "change": None if r.total is None or r.last_year is None else round(r.total - r.last_year, 2)}
          for r in found], fmt, f"{card.name_vi} {year}")
    if fmt is Format.TABLE:
        typer.echo(distribution_vi(LEVEL_VI.get(level, level).capitalize(), placed(card, found),
                                   sum(1 for r in found if r.place is None)))
        for code, share in weakest(card, found):
            typer.echo(f"  {code} {card.criterion(code).name_vi}: {share:.1f}%".replace(".", ","))


@app.command("unit")
def scorecard_unit(ctx: typer.Context, ident: str = typer.Argument(..., help="Scorecard id"), year: int = YEAR,
                   unit: str = typer.Option(..., "--unit", help="Unit code or name"), fmt: Format = FORMAT) -> None:
    """One unit's criteria: self-assessment, appraisal, final points and where they come from."""
    from chiso.engine.scorecards import unit_results
    from chiso.engine.units import Units
    from chiso.store.scorecards import definition

    with state(ctx).open(read_only=True) as store:
        card = definition(store, ident, year)
        code = Units(store).get(unit).code
        result = unit_results(store, card, year, unit=code)[0]
    emit([{"criterion": c.code, "name": c.name_vi, "maximum": c.maximum,
           "self": None if (line := result.lines[c.code]).own is None else line.own.points,
           "appraisal": None if line.appraisal is None else line.appraisal.points, "final": line.final,
           "source": line.source} for c in card.leaves], fmt, f"{card.name_vi} {year} — {result.name}")
    if fmt is Format.TABLE:
        typer.echo(f"tổng / total: {result.total} / {card.maximum:g} ({result.percent}%); {result.place or '—'}")


@app.command("score")
def scorecard_score(
    ctx: typer.Context, ident: str = typer.Argument(..., help="Scorecard id"), year: int = YEAR,
    unit: str = typer.Option(..., "--unit", help="Unit code or name"),
    criterion: str = typer.Option(..., "--criterion", help="Criterion code"),
    points: float = typer.Option(..., "--points", help="Points given"),
    appraisal: bool = typer.Option(False, "--appraisal", help="An appraisal (thẩm định), not the self-assessment"),
    explanation: str = typer.Option("", "--explanation", help="Explanation; the reason of an appraisal"),
    evidence: Path | None = typer.Option(None, "--evidence", help="Evidence file (kept with its sha256)"),
    by: str | None = typer.Option(None, "--by", help="Who enters it (default: the system user)"),
) -> None:
    """Enter a self-assessed or appraised score of one criterion (append-only; the latest counts)."""
    from chiso.engine.units import Units
    from chiso.store.scorecards import enter
    from chiso.store.target_values import Evidence

    proof = Evidence(evidence.name, evidence.read_bytes()) if evidence else None
    with state(ctx).open() as store:
        code = Units(store).get(unit).code
        enter(store, ident, year, code, criterion, "appraisal" if appraisal else "self", points,
              by or getpass.getuser(), explanation, proof)
    typer.echo(f"đã ghi / recorded: {ident} {year} {code} {criterion} = {points:g}")
