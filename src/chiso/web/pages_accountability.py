"""Kết quả thực hiện nhiệm vụ: each unit's scorecard for its head, the units ranked by the composite result, and
the candidates for commendation or a reminder with the figures behind each name."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chiso.domain.accountability import PART_VI, PARTS
from chiso.domain.errors import InvalidValue
from chiso.domain.targets import BAND_VI
from chiso.web.core import Web
from chiso.web.data import unit_cards
from chiso.web.pages_index import link


def routes(web: Web) -> list[Route]:
    def accountability(request: Request) -> Response:
        found = web.need(request)
        period = web.period(request)
        level = request.query_params.get("level", "department")
        if level not in ("department", "commune"):
            raise InvalidValue("level", level, "department | commune")
        every = unit_cards(web, period, level)
        units = web.units()
        rows = [c for c in every if found.account.may_read(units.ancestors(c.code))]
        settings = web.store().settings
        return web.render(request, "accountability.html", session=found, period=period, level=level, rows=rows,
                          parts=PARTS, part_vi=PART_VI, weights=settings.accountability_weights,
                          commend_from=settings.commend_from, remind_below=settings.remind_below,
                          band_vi={b.value: v for b, v in BAND_VI.items()}, link=link)

    return [Route("/accountability", accountability)]
