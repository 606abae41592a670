"""Catalogue indicators compiled into one backend-neutral aggregate query per source (dossiers, feedback).

The query counts, for every unit of ``chiso_unit_tree`` (descendants included) and every period of
``chiso_periods``, each indicator's denominator, numerator and subtracted counts. Procedure ratios count
distinct procedures, so they are rolled up at procedure level before being counted.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from chiso.domain.catalogue import Indicator
from chiso.domain.errors import InvalidValue
from chiso.domain.settings import Settings
from chiso.engine.filters import FilterError, compile_filter, names_in
from chiso.engine.relations import (
    DOSSIER_COLUMNS,
    FEEDBACK_COLUMNS,
    UNIT_TREE,
    dossier_relation,
    feedback_relation,
)

DOSSIER_KINDS = ("dossier_ratio", "procedure_ratio", "average", "count")
BREAKDOWNS = ("channel", "procedure_code", "sector", "status")


@dataclass(frozen=True)
class Compiled:
    source: str  # dossiers | feedback
    expr: ir.Table
    indicators: tuple[Indicator, ...]
    by: str | None
    stages: tuple[tuple[str, ir.Table], ...] = ()  # (temporary table name, query), computed first, in order

    def sql(self, dialect: str = "duckdb") -> str:
        return str(ibis.to_sql(self.expr, dialect=dialect))

    def stage_sql(self, dialect: str = "duckdb") -> list[tuple[str, str]]:
        return [(name, str(ibis.to_sql(expr, dialect=dialect))) for name, expr in self.stages]

    def script(self, dialect: str) -> str:
        """Every statement, for reading and for the committed per-dialect snapshots."""
        parts = [f"-- stage {name}: kept as a temporary table\n{sql};" for name, sql in self.stage_sql(dialect)]
        return "\n\n".join([*parts, f"-- result\n{self.sql(dialect)};"]) + "\n"


def source_of(indicator: Indicator) -> str:
    if indicator.kind in DOSSIER_KINDS:
        return "dossiers"
    if indicator.kind == "feedback_ratio":
        return "feedback"
    raise InvalidValue(f"indicator {indicator.id}: kind", indicator.kind, "a computed kind, not 'reported'")


def _texts(ind: Indicator) -> list[str]:
    return [ind.numerator, ind.denominator, *ind.subtract, *([ind.value] if ind.value else [])]


def filter_columns(ind: Indicator) -> set[str]:
    """The columns the numerator, denominator and subtracted filters of ``ind`` refer to."""
    return set().union(*(names_in(t) for t in (ind.numerator, ind.denominator, *ind.subtract)))


def indicator_filters(ind: Indicator, columns: dict[str, ir.Value]) -> tuple[ir.BooleanValue, ir.BooleanValue,
                                                                             list[ir.BooleanValue]]:
    """Denominator (scope included), numerator and subtracted filters of ``ind``, errors naming the indicator."""
    try:
        den = compile_filter(ind.denominator, columns)
        if ind.scope == "received":
            den = den & columns["in_received"]
        return den, compile_filter(ind.numerator, columns), [compile_filter(s, columns) for s in ind.subtract]
    except FilterError as exc:
        raise InvalidValue(f"indicator {ind.id} ({ind.origin}): {exc.what}", exc.value, exc.expected) from None


def _measures(t: ir.Table, ind: Indicator, columns: dict[str, ir.Value]) -> dict[str, ir.Value]:
    den, num, subtract = indicator_filters(ind, columns)
    key = ind.id
    if ind.kind == "procedure_ratio":
        return {f"{key}__pden": den.any(), f"{key}__pnum": (den & num).any()}
    if ind.kind == "average":
        assert ind.value is not None
        if ind.value not in columns:
            raise InvalidValue(f"indicator {ind.id}: value", ind.value, "a column: " + ", ".join(sorted(columns)))
        value = columns[ind.value]
        return {f"{key}__sum": value.sum(where=den & value.notnull()),
                f"{key}__den": t.count(where=den & value.notnull())}
    out: dict[str, ir.Value] = {f"{key}__den": t.count(where=den), f"{key}__num": t.count(where=den & num)}
    for i, sub in enumerate(subtract):
        out[f"{key}__sub{i}"] = t.count(where=den & sub)
    return out


def compile_indicators(indicators: Sequence[Indicator], settings: Settings, by: str | None = None,
                       unit_column: str = "processing_unit", only: bool = False) -> list[Compiled]:
    """One compiled query per source for ``indicators`` (none of kind ``reported``); ``only``: of the dossiers of
    the units of ``chiso_only_units`` alone (an incremental update)."""
    if by is not None and by not in BREAKDOWNS:
        raise InvalidValue("breakdown", by, " | ".join(BREAKDOWNS))
    out = []
    for source in ("dossiers", "feedback"):
        chosen = tuple(i for i in indicators if source_of(i) == source)
        if chosen:
            expr, stages = _compile(source, chosen, settings, by, unit_column, only)
            out.append(Compiled(source, expr, chosen, by, stages))
    return out


def _compile(source: str, chosen: Sequence[Indicator], settings: Settings, by: str | None,
             unit_column: str, only: bool = False) -> tuple[ir.Table, tuple[tuple[str, ir.Table], ...]]:
    vocabulary = DOSSIER_COLUMNS if source == "dossiers" else FEEDBACK_COLUMNS
    needed: set[str] = set()
    for ind in chosen:
        for text in _texts(ind):
            try:
                names = names_in(text)
            except FilterError as exc:
                raise InvalidValue(f"indicator {ind.id} ({ind.origin}): {exc.what}", exc.value, exc.expected) from None
            unknown = sorted(names - set(vocabulary))
            if unknown:
                raise InvalidValue(f"indicator {ind.id} ({ind.origin}): filter {text!r}", unknown[0],
                                   "a column: " + ", ".join(vocabulary))
            needed |= names
    if source == "dossiers":
        t = dossier_relation(settings, needed | ({by} if by else set()), unit_column, only=only)
    else:
        if by is not None:
            raise InvalidValue("breakdown of feedback indicators", by, "no breakdown")
        t = feedback_relation(settings)
    columns = {name: t[name] for name in vocabulary if name in t.columns}
    keys = ["unit", "pid"] + ([by] if by else [])
    measures: dict[str, ir.Value] = {}
    for ind in chosen:
        measures.update(_measures(t, ind, columns))
    counts = [m for m in measures if not m.endswith(("__pden", "__pnum"))]
    flags = [m for m in measures if m.endswith(("__pden", "__pnum"))]
    if not flags:
        return _rolled(t.group_by(keys).aggregate(**measures), keys, counts, []), ()
    # Distinct procedures: aggregate per procedure once (a stage kept as a temporary table), then roll up the
    # counts (summed) and the per-procedure flags ('any') separately, and count the procedures.
    pkeys = [*keys, "procedure_code"] if by != "procedure_code" else keys
    leaf_expr = t.group_by(pkeys).aggregate(**measures)
    leaf = ibis.table(leaf_expr.schema(), name=f"chiso_stage_{source}")
    totals = _rolled(leaf.group_by(keys).aggregate(**{m: leaf[m].sum() for m in counts}), keys, counts, [])
    per_proc = _rolled(leaf.select(*pkeys, *flags), pkeys, [], flags)
    final: dict[str, ir.Value] = {}
    for ind in chosen:
        if ind.kind == "procedure_ratio":
            den, num = per_proc[f"{ind.id}__pden"], per_proc[f"{ind.id}__pnum"]
            final[f"{ind.id}__den"] = per_proc.count(where=den)
            final[f"{ind.id}__num"] = per_proc.count(where=den & num)
    procs = per_proc.group_by(keys).aggregate(**final)
    return (totals.join(procs, keys) if counts else procs), ((leaf.get_name(), leaf_expr),)


def _rolled(leaf: ir.Table, keys: list[str], counts: list[str], flags: list[str]) -> ir.Table:
    """Figures of every unit's ancestors too: sums of counts, 'any' of flags."""
    up = leaf.join(UNIT_TREE, leaf.unit == UNIT_TREE.unit).drop("unit").rename(unit="ancestor")
    return up.group_by(keys).aggregate(**{m: up[m].sum() for m in counts}, **{m: up[m].any() for m in flags})
