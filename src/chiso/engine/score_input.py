"""Scoring already aggregated figures from a file (no store needed): `chiso index score --input`.

The file is read as imports are (CSV UTF-8, XLSX or JSON; the header row may stand under title rows).

Input columns: unit_code, metric_code, numerator, denominator, and score for reported groups; the portal's own
rows are read as exported: display-only items (AVG_TIME, PETITION_CLASSIFICATION_*) are echoed with 0 points,
a blank numerator and denominator means "no data" (the metric's empty-denominator rule applies), rows of
computed groups and totals are read past, and other columns (names, ratio, maximum) are ignored.
Output rows: one per metric, one per group (metric_code = the group code) and a TOTAL per unit with its rank.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import duckdb

from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.index_definition import IndexDefinition
from chiso.domain.index_scoring import Figure, IndexScore, score_unit
from chiso.domain.scoring import competition_ranks
from chiso.store.reader import stage_file
from chiso.store.spec import header_key
from chiso.store.staging import q

REQUIRED = ("unit_code", "metric_code")
HEADERS = {"unit_code": ("unit_code", "ma don vi", "ma dv"), "metric_code": ("metric_code", "ma tieu chi", "tieu chi"),
           "numerator": ("numerator", "tu so"), "denominator": ("denominator", "mau so"),
           "score": ("score", "diem")}
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


@dataclass(frozen=True)
class ScoredRow:
    unit_code: str
    metric_code: str
    score: Decimal | None
    rank: int | None = None
    source: str = ""
    note: str = ""


def _int(value: str, line: int, column: str) -> int:
    text = value.replace(" ", "").replace("\u00a0", "")
    if _THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        return int(text)
    except ValueError:
        raise InvalidValue(f"line {line}, column {column}", value, "a whole number") from None


def _decimal(value: str, line: int) -> Decimal:
    try:
        return Decimal(value.replace(",", ".") if "." not in value else value)
    except InvalidOperation:
        raise InvalidValue(f"line {line}, column score", value, "a number such as 8.97 or 8,97") from None


Figures = dict[str, tuple[dict[str, Figure], dict[str, Decimal]]]


@dataclass
class PortalRows:
    """What a file of per-metric rows holds: figures to score, display-only items, rows read past."""

    units: Figures
    display: dict[str, list[str]]  # unit -> display-only codes seen
    skipped: int = 0


def _canonical(fieldnames: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in fieldnames:
        key = header_key(name)
        for column, accepted in HEADERS.items():
            if column not in out and key in (header_key(a) for a in accepted):
                out[column] = name
    return out


def read_portal_rows(path: Path, definition: IndexDefinition) -> PortalRows:
    """Per unit: metric figures and reported group scores. Every bad row is named with its line."""
    metrics = {m.code for m in definition.metrics}
    groups = {g.code for g in definition.groups if g.reported}
    computed_groups = {g.code for g in definition.groups if not g.reported} | {"TOTAL"}
    out: Figures = {}
    display: dict[str, list[str]] = {}
    skipped = 0
    problems: list[str] = []
    con = duckdb.connect()  # read as every import is: CSV, XLSX or JSON, title rows and encodings checked
    try:
        staged = stage_file(con, path, {header_key(a) for accepted in HEADERS.values() for a in accepted})
        columns = _canonical(staged.headers)
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise ChisoError(f"{path}: missing column(s) {', '.join(missing)}; expected unit_code, metric_code, "
                             "numerator, denominator, score")
        names = ["_line", *staged.headers]
        records = [dict(zip(names, r, strict=True)) for r in con.execute(
            f"SELECT {', '.join(q(n) for n in names)} FROM stage_raw ORDER BY _line").fetchall()]
    finally:
        con.close()

    def cell(row: dict[str, object], column: str) -> str:
        value = row.get(columns.get(column, ""))
        return "" if value is None else str(value).strip()

    for row in records:
        line = int(str(row["_line"]))
        try:
            unit, code = cell(row, "unit_code"), cell(row, "metric_code")
            if not unit and not code:
                continue
            figures, scores = out.setdefault(unit, ({}, {}))
            num_text, den_text = cell(row, "numerator"), cell(row, "denominator")
            if definition.is_display_only(code):
                display.setdefault(unit, []).append(code)
            elif code in groups:
                scores[code] = _decimal(cell(row, "score"), line)
            elif code in metrics:
                if not num_text and not den_text:  # the portal's "no data": the empty-denominator rule
                    figures[code] = Figure(0, 0, "input")
                    continue
                num = _int(num_text, line, "numerator")
                den = _int(den_text, line, "denominator")
                definition.metric(code).rule.exact(num, den)  # validates the counts
                figures[code] = Figure(num, den, "input")
            elif code in computed_groups:
                skipped += 1  # a group or total the portal shows: chiso computes it from the metrics
            else:
                raise InvalidValue(f"line {line}, metric_code", code,
                                   "a metric, group or display-only item of index " + definition.id)
        except InvalidValue as exc:
            problems.append(str(exc) if str(exc).startswith("line") else f"line {line}: {exc}")
    if problems:
        raise ChisoError(f"{path}: {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    return PortalRows(out, display, skipped)


def score_rows(definition: IndexDefinition, units: Figures, display: dict[str, list[str]] | None = None,
               ) -> list[ScoredRow]:
    scored: dict[str, IndexScore] = {u: score_unit(definition, f, g) for u, (f, g) in units.items()}
    ranks = dict(zip(scored, competition_ranks([s.total for s in scored.values()]), strict=True))
    rows: list[ScoredRow] = []
    for unit, score in scored.items():
        rows += [ScoredRow(unit, m.code, m.score, source=m.source,
                           note="display_only" if definition.is_display_only(m.code) else "")
                 for m in score.metrics if m.source != "missing"]
        rows += [ScoredRow(unit, code, Decimal(0), source="display_only", note="display_only")
                 for code in (display or {}).get(unit, []) if code not in {m.code for m in score.metrics}]
        rows += [ScoredRow(unit, g.code, g.score, source=g.source) for g in score.groups]
        rows.append(ScoredRow(unit, "TOTAL", score.total, ranks[unit],
                              "complete" if score.complete else "incomplete"))
    return rows


def write_rows(rows: Iterable[ScoredRow], handle: Any) -> None:
    """Write ``rows`` with a ``csv.writer``."""
    handle.writerow(["unit_code", "metric_code", "score", "rank", "note"])
    for r in rows:
        handle.writerow([r.unit_code, r.metric_code, "" if r.score is None else f"{r.score}",
                         "" if r.rank is None else r.rank, r.note])
