"""Public pages (no login): a dossier's status and due date, and the province's index and ranking."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chiso.domain.status import STATUS_VI
from chiso.engine.status import status_relation
from chiso.web import data
from chiso.web.core import Web

MAX_NUMBER = 64


def routes(web: Web) -> list[Route]:
    def status(request: Request) -> Response:
        number = (request.query_params.get("number") or "").strip()[:MAX_NUMBER]
        row = None
        at = web.latest()
        if number and at is not None:
            store = web.store()
            # only the number, the procedure's name, dates and status: never the applicant
            row = store.con.execute(
                "SELECT s.number, p.name, s.received_at, s.due, s.status FROM (" + status_relation(store.settings, at)
                + ") s LEFT JOIN procedures p ON p.code = s.procedure_code WHERE s.number = ?", [number]).fetchone()
        return web.render(request, "public_status.html", number=number, row=row, at=at,
                          status_vi={k.value: v for k, v in STATUS_VI.items()},
                          status=200 if row or not number else 404)

    def index(request: Request) -> Response:
        period = web.period(request)
        root = next(u for u in web.units().by_code.values() if u.parent is None)
        head, _ = data.peers_rank(web, period, root.code)
        return web.render(request, "public_index.html", period=period, root=root, head=head,
                          departments=data.level_ranking(web, period, "department"),
                          communes=data.level_ranking(web, period, "commune"))

    return [Route("/public/status", status), Route("/public/index", index)]
