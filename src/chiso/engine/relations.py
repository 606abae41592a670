"""The store's tables as backend-neutral Ibis tables, and dossiers/feedback seen from a reporting period.

Two helper tables are supplied at run time: ``chiso_periods`` (pid, p_start, p_end exclusive, p_at: the moment
statuses are taken) and ``chiso_unit_tree`` (unit, ancestor: every unit with itself and all its ancestors); an
incremental update (engine/incremental.py) also supplies ``chiso_only_units`` (unit), the only units it reads.
"""

from collections.abc import Callable, Sequence

import ibis
import ibis.expr.types as ir

from chiso.domain.settings import Settings

DOSSIERS = ibis.table({
    "number": "string", "procedure_code": "string", "receiving_unit": "string", "processing_unit": "string",
    "received_at": "timestamp", "due_at": "timestamp", "due_at_computed": "timestamp",
    "finished_at": "timestamp", "returned_at": "timestamp", "state": "string", "state_at": "timestamp",
    "channel": "string", "fee": "boolean", "paid_online": "boolean", "digitized_input": "boolean",
    "electronic_result": "boolean", "reused_data": "boolean", "personal_store_used": "boolean",
    "citizen_data_used": "boolean", "synced_to_portal": "boolean", "rating": "string", "apology_sent": "boolean",
    "supplement_count": "int32",
}, name="dossiers")
STOPS = ibis.table({"number": "string", "kind": "string", "start_at": "timestamp", "end_at": "timestamp"},
                   name="dossier_stops")
PROCEDURES = ibis.table({
    "code": "string", "sector": "string", "fee": "boolean", "paper_result": "boolean", "online_level": "string",
    "applies_to_persons": "boolean",
}, name="procedures")
FEEDBACK = ibis.table({
    "id": "string", "unit_code": "string", "received_at": "timestamp", "transferred_at": "timestamp",
    "answered_at": "timestamp", "category": "string", "rating": "string", "repeated": "boolean",
}, name="feedback")
CALENDAR = ibis.table({"day": "date", "is_workday": "boolean", "wd_seq": "int32"}, name="calendar_days")
PERIODS = ibis.table({"pid": "int32", "p_start": "timestamp", "p_end": "timestamp", "p_at": "timestamp"},
                     name="chiso_periods")
UNIT_TREE = ibis.table({"unit": "string", "ancestor": "string"}, name="chiso_unit_tree")
ONLY_UNITS = ibis.table({"unit": "string"}, name="chiso_only_units")  # the units an incremental update reads
FIXED = ("pid", "unit", "procedure_code", "in_received")
DOSSIER_COLUMNS = (
    "status", "finished", "in_received", "channel", "state", "rating", "fee", "paid_online", "digitized_input",
    "electronic_result", "reused_data", "personal_store_used", "citizen_data_used", "synced_to_portal",
    "apology_sent", "supplement_count", "procedure_code", "procedure_fee", "procedure_paper_result",
    "procedure_online_level", "procedure_applies_to_persons", "sector", "processing_working_days",
)
FEEDBACK_COLUMNS = ("status", "answered", "in_received", "category", "rating", "repeated")
WHOLE_NUMBER_COLUMNS = ("supplement_count", "processing_working_days")  # their sums are whole, exact in any order
PROCEDURE_COLUMNS = {"procedure_fee": "fee", "procedure_paper_result": "paper_result",
                     "procedure_online_level": "online_level", "procedure_applies_to_persons": "applies_to_persons",
                     "sector": "sector"}
TERMINAL = ("refused", "stopped", "withdrawn")
OPEN_END = ibis.timestamp("9999-12-31 00:00:00")  # still open: handled in every period from its receipt


def without(t: ir.Table, *names: str) -> ir.Table:
    """``t`` without ``names``, keeping column order (compiled SQL must not depend on set ordering)."""
    return t.select(*[c for c in t.columns if c not in names])


def _end(t: ir.Table) -> ir.TimestampValue:
    """The first terminal event: finished, returned, or refused/stopped/withdrawn (deadlines.md)."""
    stopped = ibis.cases((t.state.isin(TERMINAL), t.state_at), else_=ibis.null("timestamp"))
    return ibis.coalesce(t.finished_at, t.returned_at, stopped)


def _due(t: ir.Table, settings: Settings) -> ir.TimestampValue:
    choose: dict[str, Callable[[], ir.TimestampValue]] = {
        "computed": lambda: t.due_at_computed,
        "synchronised": lambda: t.due_at,
        "synchronised_else_computed": lambda: ibis.coalesce(t.due_at, t.due_at_computed),
    }
    return choose[settings.due_source]()


def _supplements() -> ir.Table:
    """Per dossier and period: supplement requests made by the period's moment, and whether one is pending."""
    s = STOPS.filter(STOPS.kind == "supplement", STOPS.start_at < PERIODS.p_end.max())
    j = s.join(PERIODS, s.start_at <= PERIODS.p_at)
    pending = j.end_at.isnull() | (j.end_at > j.p_at)
    return j.group_by(["number", "pid"]).aggregate(requests=j.count(), waiting=pending.any())


def dossier_relation(settings: Settings, needed: set[str], unit_column: str,
                     units: Sequence[str] | None = None, only: bool = False) -> ir.Table:
    """Dossiers handled in each period (received by its end, not finished before its start), with ``needed``;
    ``units``: only the dossiers of these units, ``only``: of the units of ``chiso_only_units`` (both filtered on
    the stored table, so the engine skips the rest while scanning rather than after the joins)."""
    d = DOSSIERS if units is None else DOSSIERS.filter(DOSSIERS[unit_column].isin(list(units)))
    if only:
        d = d.filter(d[unit_column].isin(ONLY_UNITS.unit))
    if needed & set(PROCEDURE_COLUMNS):
        # Joined first, on the stored table, so that the engine sees the sizes and builds its hash table on
        # the small procedures side. An inner join: imports reject dossiers of unknown procedures.
        p = PROCEDURES.select(code=PROCEDURES.code, **{k: PROCEDURES[v] for k, v in PROCEDURE_COLUMNS.items()})
        d = without(d.join(p, d.procedure_code == p.code), "code")
    d = d.mutate(_end=_end(d), _due=_due(d, settings), unit=d[unit_column])
    d = d.mutate(_open_until=ibis.coalesce(d._end, OPEN_END))
    bounds = PERIODS.aggregate(_lo=PERIODS.p_start.min(), _hi=PERIODS.p_end.max())
    d = d.cross_join(bounds)
    d = d.filter(d.received_at < d._hi, d._open_until >= d._lo)  # cheap envelope: only dossiers of the periods
    keep = {"number", "unit", "received_at", "procedure_code", "_end", "_due", "_open_until"}
    d = d.select(*[c for c in d.columns if c in keep or c in needed])  # carry only what is used through joins
    j = d.join(PERIODS, [d.received_at < PERIODS.p_end, d._open_until >= PERIODS.p_start])
    j = j.mutate(in_received=j.received_at >= j.p_start)
    if "status" in needed or "finished" in needed:
        sup = _supplements()
        j = j.left_join(sup, [j.number == sup.number, j.pid == sup.pid])
        j = without(j, "number_right", "pid_right")
        requests = j.requests.fill_null(0)
        done = j._end.notnull() & (j._end <= j.p_at)
        over = requests > settings.max_supplements_on_time
        status = ibis.cases(
            (j._due.isnull(), ibis.null("string")),
            (done & (over | (j._end > j._due)), "late"),
            (done & (j._end.date() < j._due.date()), "early"),
            (done, "on_time"),
            (over, "open_overdue"),
            (j.waiting.fill_null(False) | (j.p_at <= j._due), "open_within"),
            else_="open_overdue",
        )
        j = j.mutate(status=status, finished=done)
    if "processing_working_days" in needed:
        c1 = CALENDAR.select(r_day=CALENDAR.day, r_seq=CALENDAR.wd_seq)
        c2 = CALENDAR.select(e_day=CALENDAR.day, e_seq=CALENDAR.wd_seq)
        j = j.left_join(c1, j.received_at.date() == c1.r_day).left_join(c2, j._end.date() == c2.e_day)
        j = j.mutate(processing_working_days=(j.e_seq - j.r_seq).cast("int64"))
        j = without(j, "r_day", "e_day")
    return j


def feedback_relation(settings: Settings, units: Sequence[str] | None = None) -> ir.Table:
    """Feedback handled in each period, with its status against the working-day limit at the period's moment;
    ``units``: only the feedback of these units."""
    f = FEEDBACK if units is None else FEEDBACK.filter(FEEDBACK.unit_code.isin(list(units)))
    f = f.mutate(_open_until=ibis.coalesce(f.answered_at, OPEN_END))
    f = f.filter(f.received_at < PERIODS.p_end.max(), f._open_until >= PERIODS.p_start.min())
    j = f.join(PERIODS, [f.received_at < PERIODS.p_end, f._open_until >= PERIODS.p_start])
    start = ibis.coalesce(j.transferred_at, j.received_at).date()
    c1 = CALENDAR.select(s_day=CALENDAR.day, s_seq=CALENDAR.wd_seq)
    w = CALENDAR.filter(CALENDAR.is_workday).select(due_day=CALENDAR.day, due_seq=CALENDAR.wd_seq)
    j = j.mutate(_start=start).left_join(c1, start == c1.s_day)
    j = j.mutate(_due_seq=j.s_seq + settings.feedback_limit_working_days)
    j = j.left_join(w, j._due_seq == w.due_seq)
    answered = j.answered_at.notnull() & (j.answered_at <= j.p_at)
    status = ibis.cases(
        (answered & (j.answered_at.date() <= j.due_day), "on_time"),
        (answered, "late"),
        (j.p_at.date() <= j.due_day, "open_within"),
        else_="open_overdue",
    )
    return j.mutate(status=status, answered=answered, in_received=j.received_at >= j.p_start,
                    unit=j.unit_code, procedure_code=ibis.literal("", "string"))
