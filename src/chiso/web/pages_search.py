"""Search from every page: a dossier number opens the dossier, a unit's name or code opens the unit."""

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from chiso.domain.text import ascii_key
from chiso.engine.late import dossier_status
from chiso.web.core import Web

MAX_QUERY = 100
MAX_RESULTS = 50


def routes(web: Web) -> list[Route]:
    def search(request: Request) -> Response:
        found = web.need(request)
        text = (request.query_params.get("q") or "").strip()[:MAX_QUERY]
        period = request.query_params.get("period") or ""
        suffix = f"?period={period}" if period else ""
        units = web.units()
        readable = [u for u in units.by_code.values() if found.account.may_read(units.ancestors(u.code))]
        hits = []
        if text:
            at = web.latest()
            dossier = dossier_status(web.store(), at, text) if at is not None else None
            if dossier is not None and found.account.may_read(units.ancestors(dossier.unit)):
                return RedirectResponse(f"/dossier/{dossier.number}", status_code=303)
            key = ascii_key(text)
            exact = [u for u in readable if u.code.casefold() == text.casefold() or ascii_key(u.name) == key]
            hits = exact or [u for u in readable if key in ascii_key(u.name) or key in u.code.casefold()]
            if len(hits) == 1:
                return RedirectResponse(f"/unit/{hits[0].code}{suffix}", status_code=303)
        return web.render(request, "search.html", session=found, q=text, hits=hits[:MAX_RESULTS],
                          more=max(0, len(hits) - MAX_RESULTS), suffix=suffix)

    return [Route("/search", search)]
