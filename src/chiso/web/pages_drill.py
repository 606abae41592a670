"""Drill-down: the dossiers behind a metric, one dossier and its due moment, the late-dossier monitor."""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chiso.domain.errors import InvalidValue
from chiso.domain.status import STATUS_VI
from chiso.engine.explain import explain
from chiso.engine.late import OVERDUE, dossier_status, late_dossiers
from chiso.engine.late import explain_due as due_steps
from chiso.web import data
from chiso.web.core import Web
from chiso.web.export import xlsx_response
from chiso.web.pages_index import link

SHOWN = 300
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
                                                  else SHOWN, run=data.index_run(web, period)))
        except InvalidValue as exc:
            raise HTTPException(404, str(exc)) from None
        if request.url.path.endswith(".xlsx"):
            rows = [[row[c] for c in result.columns] for row in result.items]
            return xlsx_response(metric_code, result.columns, rows, f"{code}-{metric_code}-{period.label}.xlsx")
        return web.render(request, "metric.html", session=found, period=period, x=result, shown=result.items[:SHOWN],
                          link=link, unit=web.units().get(code))

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
        return web.render(request, "dossier.html", session=found, d=d, unit=web.units().get(d.unit),
                          status_vi=STATUS_VI, due=due_steps(store, number), stops=stops, at=at)

    def late(request: Request) -> Response:
        query = request.query_params
        unit = query.get("unit") or None
        found = web.need(request, unit=unit)
        if unit is None and not found.account.sees_everything:
            unit = found.account.unit
        try:
            within = int(query.get("within", "3") or 3)
        except ValueError:
            raise HTTPException(400, "within: a number of working days") from None
        procedure = query.get("procedure") or None
        at = web.latest()
        if at is None:
            raise HTTPException(404)
        export = request.url.path.endswith(".xlsx")
        view = web.memo.get(("late", unit, procedure, within, export), lambda: late_dossiers(
            web.store(), at, within, unit, procedure, limit=100_000 if export else 500))
        names = {c: u.name for c, u in web.units().by_code.items()}
        if export:
            rows = [[r.number, r.procedure_code, r.procedure_name, r.sector, names.get(r.unit, r.unit), r.received_at,
                     r.due, "quá hạn" if r.state == OVERDUE else "sắp đến hạn", r.supplements] for r in view.rows]
            return xlsx_response("Hồ sơ trễ hạn", LATE_HEADERS, rows, "ho-so-tre-han.xlsx")
        return web.render(request, "late.html", session=found, view=view, names=names, unit=unit,
                          procedure=procedure or "", within=within, overdue=OVERDUE,
                          units=[u for u in web.units().by_code.values()
                                 if found.account.may_read(web.units().ancestors(u.code))])

    return [Route("/unit/{code}/metric/{metric}.xlsx", metric), Route("/unit/{code}/metric/{metric}", metric),
            Route("/dossier/{number}", dossier), Route("/late", late), Route("/late.xlsx", late)]
