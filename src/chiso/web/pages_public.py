"""Public pages (no login): a dossier's status and due date, the province's index and ranking, and the server's
health (for a load balancer, a monitor or the bench)."""

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from chiso.domain.status import STATUS_VI
from chiso.engine.late import dossier_status
from chiso.web import data
from chiso.web.core import Web

MAX_NUMBER = 64


def routes(web: Web) -> list[Route]:
    def status(request: Request) -> Response:
        number = (request.query_params.get("number") or "").strip()[:MAX_NUMBER]
        row = None
        at = web.latest()
        if number and at is not None:
            row = dossier_status(web.store(), at, number)  # the template shows number, procedure, dates, status
        return web.render(request, "public_status.html", number=number, row=row, at=at, status_vi=STATUS_VI,
                          status=200 if row or not number else 404)

    def index(request: Request) -> Response:
        period = web.period(request)
        root = web.units().root()
        head, _ = data.peers_rank(web, period, root.code)
        return web.render(request, "public_index.html", period=period, root=root, head=head,
                          departments=data.level_ranking(web, period, "department"),
                          communes=data.level_ranking(web, period, "commune"))

    def health(request: Request) -> Response:
        return JSONResponse(web.health())

    return [Route("/public/status", status), Route("/public/index", index), Route("/health", health)]
