"""Drill-down: the dossiers behind a metric, one dossier and its due moment, the late-dossier monitor."""

from datetime import date, datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chiso.domain.errors import InvalidValue
from chiso.domain.filter_text import filter_vi
from chiso.domain.formatting import vn_number
from chiso.domain.periods import short_vi
from chiso.domain.status import STATUS_VI
from chiso.domain.tasks import STATUS_VI as TASK_STATUS_VI
from chiso.engine.apology import LATE_ENOUGH
from chiso.engine.explain import explain
from chiso.engine.late import (
    DEFINITION_EN,
    DEFINITION_VI,
    OVERDUE,
    STATES,
    LateUnit,
    dossier_status,
    late_dossiers,
    late_sentence,
    soon_limit,
)
from chiso.engine.late import explain_due as due_steps
from chiso.engine.units import LEVEL_VI, LEVELS
from chiso.store.apologies import letters
from chiso.web import data
from chiso.web.core import Web, lang_of
from chiso.web.export import xlsx_response
from chiso.web.labels import cell, header
from chiso.web.pages_index import link
from chiso.web.pages_tasks import quote_code

SHOWN = 300
MAX_WITHIN = 60  # working days ahead the late monitor looks
UNIT_HEADERS = ["Cấp", "Mã đơn vị", "Đơn vị", "Quá hạn", "Sắp đến hạn", "Cộng"]
LATE_HEADERS = ["Số hồ sơ", "Mã TTHC", "Thủ tục", "Lĩnh vực", "Đơn vị", "Tiếp nhận", "Hạn", "Tình trạng",
                "Lần bổ sung"]


def routes(web: Web) -> list[Route]:
    def metric(request: Request) -> Response:
        code, metric_code = request.path_params["code"], request.path_params["metric"]
        found = web.need(request, unit=code)
        period = web.period(request)
        try:
            export = request.url.path.endswith(".xlsx")  # every item; the page shows the first SHOWN
            result = web.memo.get(("explain", code, period, metric_code, export),
                                  lambda: explain(web.store(), code, period, metric_code, limit=None if export
                                                  else SHOWN, run=data.index_run(web, period)),
                                  until=period.end_before)
        except InvalidValue as exc:
            raise HTTPException(404, str(exc)) from None
        names = {c: u.name for c, u in web.units().by_code.items()}
        if request.url.path.endswith(".xlsx"):
            rows = [[row[c] if isinstance(row[c], datetime | int | float) else cell(c, row[c], "vi", names)
                     for c in result.columns] for row in result.items]
            unit = web.units().get(code)
            return xlsx_response(f"{metric_code} {period.label}", [header(c, "vi") for c in result.columns], rows,
                                 f"{code}-{metric_code}-{period.label}.xlsx",
                                 f"{unit.name}, {short_vi(period)}: {result.indicator.name_vi} — hồ sơ làm mất điểm "
                                 f"({vn_number(result.count)}); trạng thái tại "
                                 f"{period.status_moment(result.moment):%H:%M %d/%m/%Y}", web.is_demo())
        return web.render(request, "metric.html", session=found, period=period, x=result, shown=result.items[:SHOWN],
                          link=link, unit=web.units().get(code), header=header, cell=cell, names=names,
                          filter_vi=filter_vi)

    def dossier(request: Request) -> Response:
        number = request.path_params["number"]
        store = web.store()
        at = web.latest()
        if at is None:
            raise HTTPException(404)
        d = dossier_status(store, at, number)
        if d is None:
            raise HTTPException(404)
        found = web.need(request, unit=d.unit)
        stops = store.con.execute("SELECT kind, start_at, end_at FROM dossier_stops WHERE number = ? "
                                  "ORDER BY start_at", [number]).fetchall()
        lineage = web.units().ancestors(d.unit)
        return web.render(request, "dossier.html", session=found, d=d, unit=web.units().get(d.unit),
                          status_vi=STATUS_VI, due=due_steps(store, number), stops=stops, at=at,
                          letters=letters(store, number), may_apologise=d.status in LATE_ENOUGH and
                          found.account.may_enter(lineage), today=date.today())

    def late(request: Request) -> Response:
        query = request.query_params
        found, unit = web.reading_unit(request)
        within = _within(query.get("within"))
        state = query.get("state") or None
        if state is not None and state not in STATES:
            raise InvalidValue("state", state, " or ".join(STATES))
        procedure = query.get("procedure") or None
        at = web.latest()
        if at is None:
            raise HTTPException(404)
        export = request.url.path.endswith(".xlsx")
        view = web.memo.get(("late", unit, procedure, within, state, export), lambda: late_dossiers(
            web.store(), at, within, unit, procedure, limit=100_000 if export else 500, state=state))
        names = {c: u.name for c, u in web.units().by_code.items()}
        if export:
            rows = [[r.number, r.procedure_code, r.procedure_name, r.sector, names.get(r.unit, r.unit), r.received_at,
                     r.due, "quá hạn" if r.state == OVERDUE else "sắp đến hạn", r.supplements] for r in view.rows]
            # both counts, whichever rows are listed
            counts = (view.overdue, view.due_soon) if procedure or not state else \
                data.late(web, within).get(unit or web.units().root().code, (0, 0))
            return xlsx_response("Hồ sơ quá hạn, sắp đến hạn", LATE_HEADERS, rows, "ho-so-qua-han.xlsx",
                                 _late_note(view.at, view.soon_until, *counts), web.is_demo())
        apology_period, apology = data.apology_rate(web, unit)
        return web.render(request, "late.html", session=found, view=view, names=names, unit=unit,
                          apology=apology, apology_period=short_vi(apology_period),
                          may_print=found.account.may_import, today=date.today(),
                          procedure=procedure or "", within=within, overdue=OVERDUE, state=state or "",
                          definition=DEFINITION_VI if lang_of(request) == "vi" else DEFINITION_EN,
                          units=[u for u in web.units().by_code.values()
                                 if found.account.may_read(web.units().ancestors(u.code))],
                          tasks=data.tasks_due(web, unit), task_status_vi=TASK_STATUS_VI, quoted=quote_code)

    def late_units(request: Request) -> Response:
        found = web.need(request)
        within = _within(request.query_params.get("within"))
        at = web.latest()
        if at is None:
            raise HTTPException(404)
        levels = data.late_units(web, found.account, within)
        until = soon_limit(web.store(), at, within)
        if request.url.path.endswith(".xlsx"):
            rows = [[LEVEL_VI.get(kind, kind), r.code, r.name, r.overdue, r.due_soon, r.overdue + r.due_soon]
                    for kind, items in _ordered(levels) for r in items]
            total = data.late(web, within).get(web.units().root().code, (0, 0))
            return xlsx_response("Quá hạn theo đơn vị", UNIT_HEADERS, rows, "qua-han-theo-don-vi.xlsx",
                                 _late_note(at, until, *total), web.is_demo())
        return web.render(request, "late_units.html", session=found, levels=_ordered(levels), at=at, until=until,
                          within=within, level_vi=LEVEL_VI,
                          definition=DEFINITION_VI if lang_of(request) == "vi" else DEFINITION_EN)

    return [Route("/unit/{code}/metric/{metric}.xlsx", metric), Route("/unit/{code}/metric/{metric}", metric),
            Route("/dossier/{number}", dossier), Route("/late", late), Route("/late.xlsx", late),
            Route("/late/units", late_units), Route("/late/units.xlsx", late_units)]


def _within(text: str | None) -> int:
    if not text:
        return 3
    if not text.isdigit() or int(text) > MAX_WITHIN:
        raise InvalidValue("within", text, f"a number of working days from 0 to {MAX_WITHIN}")
    return int(text)


def _late_note(at: datetime, until: datetime, overdue: int, due_soon: int) -> str:
    return f"{late_sentence(at, until, overdue, due_soon)}. {DEFINITION_VI}"


def _ordered(levels: dict[str, list[LateUnit]]) -> list[tuple[str, list[LateUnit]]]:
    return sorted(levels.items(), key=lambda kv: LEVELS.index(kv[0]) if kv[0] in LEVELS else len(LEVELS))

