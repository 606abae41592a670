"""Why a figure is what it is: the definition, the counts, and the dossiers (or feedback) that cost points."""

import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce

import ibis
import ibis.expr.types as ir

from chiso.domain.catalogue import Indicator
from chiso.domain.formatting import vn_number
from chiso.domain.index_definition import IndexDefinition, Metric
from chiso.domain.index_scoring import MetricScore
from chiso.domain.periods import Period
from chiso.engine.compile import DOSSIER_KINDS, filter_columns, indicator_filters
from chiso.engine.compute import Tally, prepare
from chiso.engine.index import IndexRun, compute_index
from chiso.engine.relations import DOSSIER_COLUMNS, FEEDBACK_COLUMNS, dossier_relation, feedback_relation
from chiso.store.store import Store

DOSSIER_FIELDS = ("number", "procedure_code", "unit", "received_at", "_due", "_end", "status", "channel")
FEEDBACK_FIELDS = ("id", "unit", "received_at", "due_day", "answered_at", "status", "rating", "repeated")


@dataclass
class Explanation:
    unit: str
    unit_name: str
    period: Period
    moment: datetime | None
    definition: IndexDefinition
    metric: Metric
    indicator: Indicator
    score: MetricScore
    tally: Tally | None
    note: str = ""
    columns: list[str] = field(default_factory=list)
    items: list[dict[str, object]] = field(default_factory=list)
    sql: str = ""
    count: int = 0  # all the items that cost points (``items`` may hold only the first ``limit`` of them)

    def lines(self) -> list[tuple[str, str]]:
        ind, m = self.indicator, self.metric
        rule = m.rule.rule + (f" {m.rule.threshold}%" if m.rule.threshold is not None else "")
        out = [
            ("đơn vị / unit", f"{self.unit} {self.unit_name}"),
            ("kỳ / period", f"{self.period.label}: {self.period.start:%d/%m/%Y}–{self.period.end:%d/%m/%Y}"),
            ("trạng thái tại / status at", f"{self.period.status_moment(self.moment):%d/%m/%Y %H:%M:%S}"),
            ("chỉ số / index", f"{self.definition.id} version {self.definition.version} ({self.definition.origin})"),
            ("tiêu chí / metric", f"{m.code} — group {m.group}, max {m.maximum}, {rule}, empty denominator: "
                                  f"{m.rule.empty}" + (", province level" if m.level == "province" else "")),
            ("định nghĩa / definition", f"{ind.id} version {ind.version} in force from {ind.valid_from:%d/%m/%Y} "
                                        f"({ind.origin}); kind {ind.kind}, scope {ind.scope}"),
            ("tên / name", f"{ind.name_vi} — {ind.name_en}"),
        ]
        if ind.kind != "reported":
            out += [("mẫu số / denominator", ind.denominator), ("tử số / numerator", ind.numerator)]
            out += [("trừ đi / minus", s) for s in ind.subtract]
        s = self.score
        out.append(("số liệu / counts", f"{vn_number(s.numerator)} / {vn_number(s.denominator or 0)}"
                    if s.numerator is not None else "—"))
        out.append(("điểm / score", f"{s.score} of {s.maximum} (lost {s.lost}); source: {s.source}"
                    if s.score is not None else "N/A"))
        if self.note or s.note:
            out.append(("ghi chú / note", self.note or s.note))
        if ind.description:
            out.append(("mô tả / description", ind.description))
        return out


def explain(store: Store, unit: str, period: Period, metric_code: str, index_id: str = "766",
            at: datetime | None = None, limit: int | None = None, run: IndexRun | None = None) -> Explanation:
    """How ``metric_code`` of ``unit`` was computed, with the items that cost it points. ``run``: the index
    already computed for ``period`` (its first period), e.g. by a page."""
    result = run if run is not None and run.periods[0] == period else compute_index(store, [period], index_id, at)
    definition = result.definitions[0]
    metric = definition.metric(metric_code)
    code = result.units.get(unit).code
    indicator = store.catalogue().indicator(metric.indicator, period.end)
    score = result.score(code).metric(metric.code)
    tally = result.tallies.get((code, 0), {}).get(indicator.id)
    out = Explanation(code, result.units.get(code).name, period, result.moment, definition, metric, indicator,
                      score, tally)
    if indicator.kind == "reported":
        out.note = score.note or "no reported value for this unit and period (`chiso import reported`)"
        return out
    if indicator.kind == "procedure_ratio":
        out.note = "counts distinct procedures that had dossiers in the period"
    out.sql = costing_sql(store, indicator, result.units.below(code))
    prepare(store, [period], result.moment)
    sql = out.sql + (f" LIMIT {int(limit)}" if limit else "")
    cursor = store.con.execute(sql)
    out.columns = [d[0] for d in cursor.description or []]
    out.items = [dict(zip(out.columns, row, strict=True)) for row in cursor.fetchall()]
    out.count = len(out.items)
    if limit and out.count >= limit:
        row = store.con.execute(f"SELECT count(*) FROM ({out.sql})").fetchone()
        out.count = int(row[0]) if row else out.count
    return out


_SQL: dict[tuple[object, ...], str] = {}
_UNITS = ("chiso-unit-placeholder-1", "chiso-unit-placeholder-2")


def costing_sql(store: Store, indicator: Indicator, units: Sequence[str]) -> str:
    """The DuckDB query of ``costing_items``, compiled through Ibis once per indicator and settings (compiling
    takes a good part of a second): the units are put into the compiled text."""
    key = (indicator, tuple(store.settings.fingerprint()))
    if key not in _SQL:
        _SQL[key] = str(ibis.to_sql(costing_items(store, indicator, _UNITS), dialect="duckdb"))
    placeholder = ", ".join(_quote(u) for u in _UNITS)
    if _SQL[key].count(placeholder) != 1 or not units:
        return str(ibis.to_sql(costing_items(store, indicator, units), dialect="duckdb"))
    return _SQL[key].replace(placeholder, ", ".join(_quote(u) for u in units))


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def costing_items(store: Store, indicator: Indicator, units: Sequence[str]) -> ir.Table:
    """Items of ``units`` (a unit and its descendants: ``Units.below``) in the denominator that are not counted
    in the numerator."""
    settings = store.settings
    needed = filter_columns(indicator)
    if indicator.kind in DOSSIER_KINDS:
        t = dossier_relation(settings, needed | {"status", "channel"}, settings.unit_column, units)
        vocabulary: tuple[str, ...] = DOSSIER_COLUMNS
        fields: tuple[str, ...] = DOSSIER_FIELDS
    else:
        t = feedback_relation(settings, units)
        vocabulary, fields = FEEDBACK_COLUMNS, FEEDBACK_FIELDS
    columns = {n: t[n] for n in vocabulary if n in t.columns}
    den, num, subtract = indicator_filters(indicator, columns)
    lost = reduce(operator.or_, subtract) if subtract else ~num
    t = t.filter(den & lost)
    extra = sorted(n for n in needed if n in t.columns and n not in fields)
    shown = [f for f in fields if f in t.columns] + extra
    t = t.select(*shown)
    renames = {"due_at": "_due", "ended_at": "_end"}  # new name: column
    t = t.rename(**{new: old for new, old in renames.items() if old in t.columns})
    return t.order_by(["received_at", fields[0]])
