"""The portal's published 766 figures beside chiso's: per unit and metric, both counts and scores, the difference,
and for dossier metrics the dossiers that explain it.

Two causes are measured, not guessed: dossiers chiso counts that were never synchronised to the portal
(DOSSIER_SYNC's shortfall), and dossiers whose status differs between chiso's calendar and the one-stop
system's own due date (Ngày hẹn trả), which is the date the portal judges by.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import ibis

from chiso.domain.formatting import vn_number
from chiso.domain.index_scoring import Figure, IndexScore, score_unit
from chiso.domain.periods import Period
from chiso.domain.settings import Settings
from chiso.engine.compute import as_of, prepare
from chiso.engine.explain import costing_items
from chiso.engine.index import DEFAULT_INDEX, IndexRun, compute_index
from chiso.engine.units import Units
from chiso.store.store import Store

SYNC_METRIC = "DOSSIER_SYNC"
DUE_METRICS = ("ON_TIME", "DOSSIER_RECEIVING_SATISFACTION")


@dataclass(frozen=True)
class PublishedFigure:
    unit: str
    metric: str
    numerator: int | None
    denominator: int | None
    score: Decimal | None


@dataclass(frozen=True)
class Line:
    unit: str
    unit_name: str
    metric: str
    portal_numerator: int | None
    portal_denominator: int | None
    portal_score: Decimal | None
    chiso_numerator: int | None
    chiso_denominator: int | None
    chiso_score: Decimal | None
    why: str = ""

    @property
    def difference(self) -> Decimal | None:
        if self.portal_score is None or self.chiso_score is None:
            return None
        return self.chiso_score - self.portal_score


def published(store: Store, period: Period, unit: str | None = None) -> list[PublishedFigure]:
    sql = ("SELECT unit_code, metric, numerator, denominator, score FROM published_scores "
           "WHERE period_start = ? AND period_end = ?")
    params: list[object] = [period.start, period.end]
    if unit is not None:
        sql += " AND unit_code = ?"
        params.append(unit)
    rows = store.con.execute(sql + " ORDER BY unit_code, metric", params).fetchall()
    return [PublishedFigure(str(u), str(m), None if n is None else int(n), None if d is None else int(d),
                            None if s is None else Decimal(s)) for u, m, n, d, s in rows]


def portal_due_store(store: Store) -> Store:
    """The store judged by the one-stop system's due date (Ngày hẹn trả), as the portal judges."""
    values = dict(store.settings.values)
    values["status.due_source"] = "synchronised_else_computed"
    return store.with_settings(Settings(values))


def _chiso(score: IndexScore, code: str) -> tuple[int | None, int | None, Decimal | None]:
    if code == "TOTAL":
        return None, None, score.total
    for m in score.metrics:
        if m.code == code:
            return m.numerator, m.denominator, m.score
    for g in score.groups:
        if g.code == code:
            return None, None, g.score
    return None, None, Decimal(0)  # a display-only item: 0 points on both sides


def _why(run: IndexRun, portal_run: IndexRun, unit: str, figure: PublishedFigure,
         chiso_num: int | None, chiso_den: int | None) -> str:
    parts: list[str] = []
    if chiso_den is not None and figure.denominator is not None and chiso_den != figure.denominator:
        parts.append(f"mẫu số chiso {vn_number(chiso_den)} so với cổng {vn_number(figure.denominator)} "
                     f"(chênh {vn_number(chiso_den - figure.denominator)})")
        sync = run.score(unit).metric(SYNC_METRIC) if any(
            m.code == SYNC_METRIC for m in run.definitions[0].metrics) else None
        if sync is not None and sync.numerator is not None and sync.denominator is not None:
            missing = sync.denominator - sync.numerator
            if missing:
                parts.append(f"{vn_number(missing)} hồ sơ chưa đồng bộ lên Cổng quốc gia")
    if figure.metric in DUE_METRICS and chiso_num is not None:
        by_portal = portal_run.score(unit).metric(figure.metric)
        if by_portal.numerator is not None and by_portal.numerator != chiso_num:
            delta = by_portal.numerator - chiso_num
            if delta > 0:
                parts.append(f"{vn_number(delta)} hồ sơ trễ hạn chỉ theo lịch của chiso (đúng hạn theo Ngày hẹn trả "
                             "của hệ thống một cửa)")
            else:
                parts.append(f"{vn_number(-delta)} hồ sơ trễ hạn chỉ theo Ngày hẹn trả của hệ thống một cửa")
    return "; ".join(parts)


def portal_total(store: Store, period: Period, lines: list[Line], index_id: str = DEFAULT_INDEX) -> Decimal | None:
    """The portal's total for a unit: its TOTAL row, else its metric and group rows scored by the same rules."""
    for line in lines:
        if line.metric == "TOTAL" and line.portal_score is not None:
            return line.portal_score
    definition = store.catalogue().index(index_id, period.end)
    codes = {m.code for m in definition.metrics}
    figures = {ln.metric: Figure(ln.portal_numerator or 0, ln.portal_denominator or 0, "input") for ln in lines
               if ln.metric in codes and not definition.metric(ln.metric).display_only}
    groups = {ln.metric: ln.portal_score for ln in lines if ln.portal_score is not None
              and any(g.code == ln.metric and g.reported for g in definition.groups)}
    score = score_unit(definition, figures, {k: v for k, v in groups.items() if v is not None})
    return score.total if score.complete else None


@dataclass(frozen=True)
class Cause:
    """A dossier behind a difference: its number, the metric and why (stable English code)."""

    number: str
    metric: str
    reason: str  # not_synchronised | late_by_chiso_calendar_only | late_by_one_stop_due_only


def _costing(store: Store, period: Period, unit: str, metric: str, at: datetime | None, index_id: str) -> set[str]:
    """Numbers of the dossiers of ``unit`` in ``metric``'s denominator and not its numerator (no full index run)."""
    catalogue = store.catalogue()
    indicator = catalogue.indicator(catalogue.index(index_id, period.end).metric(metric).indicator, period.end)
    prepare(store, [period], as_of(store, at))
    sql = ibis.to_sql(costing_items(store, indicator, Units(store).below(unit)).select("number"), dialect="duckdb")
    return {str(r[0]) for r in store.con.execute(str(sql)).fetchall()}


def causes(store: Store, period: Period, unit: str, metrics: list[str], at: datetime | None = None,
           index_id: str = DEFAULT_INDEX) -> list[Cause]:
    """The dossiers that explain differences for ``unit``: never synchronised, or late by one due date only."""
    out: list[Cause] = []
    dossier_metrics = [m for m in metrics if m in DUE_METRICS or m == SYNC_METRIC]
    if not dossier_metrics:
        return out
    missing = _costing(store, period, unit, SYNC_METRIC, at, index_id)
    out += [Cause(n, SYNC_METRIC, "not_synchronised") for n in sorted(missing)]
    portal = portal_due_store(store)
    for metric in (m for m in dossier_metrics if m in DUE_METRICS):
        ours = _costing(store, period, unit, metric, at, index_id)
        theirs = _costing(portal, period, unit, metric, at, index_id)
        out += [Cause(n, metric, "late_by_chiso_calendar_only") for n in sorted(ours - theirs)]
        out += [Cause(n, metric, "late_by_one_stop_due_only") for n in sorted(theirs - ours)]
    return out


def reconcile(store: Store, period: Period, unit: str | None = None, index_id: str = DEFAULT_INDEX,
              at: datetime | None = None) -> list[Line]:
    """Every published figure of ``period`` (of ``unit``) beside chiso's, with what explains a difference."""
    figures = published(store, period, unit)
    if not figures:
        return []
    return beside(figures, compute_index(store, [period], index_id, at),
                  compute_index(portal_due_store(store), [period], index_id, at))


def beside(figures: list[PublishedFigure], run: IndexRun, portal_run: IndexRun) -> list[Line]:
    """``figures`` beside period 0 of ``run`` (chiso's calendar) and ``portal_run`` (the one-stop due date)."""
    lines: list[Line] = []
    for figure in figures:
        if figure.unit not in run.units.by_code:
            continue
        num, den, score = _chiso(run.score(figure.unit), figure.metric)
        why = _why(run, portal_run, figure.unit, figure, num, den) if num is not None else ""
        lines.append(Line(figure.unit, run.units.get(figure.unit).name, figure.metric, figure.numerator,
                          figure.denominator, figure.score, num, den, score, why))
    return lines
