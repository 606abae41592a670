"""Xếp hạng toàn quốc: the province in every national table imported (766, PAR INDEX, SIPAS, DTI, ICT …)."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chiso.domain.periods import label_vi
from chiso.domain.rankings import change_vi, ranked, sentence_vi
from chiso.engine.rankings import Place, own_province
from chiso.web import data
from chiso.web.core import Web


def latest(places: list[Place]) -> list[Place]:
    """Per index, the latest table's place."""
    out: dict[str, Place] = {}
    for place in places:
        out[place.table.index] = place
    return list(out.values())


def sentence(place: Place) -> str:
    previous = label_vi(place.previous.period) if place.previous else None
    return sentence_vi(place.standing, place.table.name, label_vi(place.table.period), previous)


def routes(web: Web) -> list[Route]:
    def rankings(request: Request) -> Response:
        found = web.need(request)
        every = data.national_places(web)
        newest = latest(every)
        by_index = {p.table.index: [q for q in every if q.table.index == p.table.index] for p in newest}
        return web.render(request, "rankings.html", session=found, newest=newest, by_index=by_index,
                          sentence=sentence, change_vi=change_vi, ranked=ranked, label_vi=label_vi,
                          own=own_province(web.store()) if newest else "")

    return [Route("/rankings", rankings)]
