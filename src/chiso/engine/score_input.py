"""Scoring already aggregated figures from a CSV file (no store needed): `chiso index score --input`.

Input columns: unit_code, metric_code, numerator, denominator, and score for reported groups. Output rows:
one per metric, one per group (metric_code = the group code) and a TOTAL per unit with its rank.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.index_definition import IndexDefinition
from chiso.domain.index_scoring import Figure, IndexScore, score_unit
from chiso.domain.scoring import competition_ranks

REQUIRED = ("unit_code", "metric_code")


@dataclass(frozen=True)
class ScoredRow:
    unit_code: str
    metric_code: str
    score: Decimal | None
    rank: int | None = None
    source: str = ""


def _int(value: str, line: int, column: str) -> int:
    try:
        return int(value.replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        raise InvalidValue(f"line {line}, column {column}", value, "a whole number") from None


def _decimal(value: str, line: int) -> Decimal:
    try:
        return Decimal(value.replace(",", ".") if "." not in value else value)
    except InvalidOperation:
        raise InvalidValue(f"line {line}, column score", value, "a number such as 8.97 or 8,97") from None


def read_figures(path: Path, definition: IndexDefinition) -> dict[str, tuple[dict[str, Figure], dict[str, Decimal]]]:
    """Per unit: metric figures and reported group scores. Every bad row is named with its line."""
    metrics = {m.code for m in definition.metrics}
    groups = {g.code for g in definition.groups if g.reported}
    out: dict[str, tuple[dict[str, Figure], dict[str, Decimal]]] = {}
    problems: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ChisoError(f"{path}: missing column(s) {', '.join(missing)}; expected unit_code, metric_code, "
                             "numerator, denominator, score")
        for line, row in enumerate(reader, start=2):
            try:
                unit, code = row["unit_code"].strip(), row["metric_code"].strip()
                figures, scores = out.setdefault(unit, ({}, {}))
                if code in groups:
                    scores[code] = _decimal((row.get("score") or "").strip(), line)
                elif code in metrics:
                    num = _int((row.get("numerator") or "").strip(), line, "numerator")
                    den = _int((row.get("denominator") or "").strip(), line, "denominator")
                    definition.metric(code).rule.exact(num, den)  # validates the counts
                    figures[code] = Figure(num, den, "input")
                else:
                    raise InvalidValue(f"line {line}, metric_code", code,
                                       "a metric or reported group of index " + definition.id)
            except InvalidValue as exc:
                problems.append(str(exc) if str(exc).startswith("line") else f"line {line}: {exc}")
    if problems:
        raise ChisoError(f"{path}: {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    return out


def score_rows(definition: IndexDefinition, units: dict[str, tuple[dict[str, Figure], dict[str, Decimal]]],
               ) -> list[ScoredRow]:
    scored: dict[str, IndexScore] = {u: score_unit(definition, f, g) for u, (f, g) in units.items()}
    ranks = dict(zip(scored, competition_ranks([s.total for s in scored.values()]), strict=True))
    rows: list[ScoredRow] = []
    for unit, score in scored.items():
        rows += [ScoredRow(unit, m.code, m.score, source=m.source) for m in score.metrics if m.source != "missing"]
        rows += [ScoredRow(unit, g.code, g.score, source=g.source) for g in score.groups]
        rows.append(ScoredRow(unit, "TOTAL", score.total, ranks[unit],
                              "complete" if score.complete else "incomplete"))
    return rows


def write_rows(rows: Iterable[ScoredRow], handle: Any) -> None:
    """Write ``rows`` with a ``csv.writer``."""
    handle.writerow(["unit_code", "metric_code", "score", "rank"])
    for r in rows:
        handle.writerow([r.unit_code, r.metric_code, "" if r.score is None else f"{r.score}",
                         "" if r.rank is None else r.rank])
