"""Bộ tiêu chí đánh giá: each scorecard's round for a year (units ranked, by group or level, the weakest criteria)
and each unit's criteria, where an officer assesses their unit and the steering side appraises, with evidence."""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from chiso.domain.error_text import said
from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.scorecards import distribution_vi
from chiso.domain.spreadsheet import attachment
from chiso.engine.scorecards import placed, unit_results, weakest
from chiso.engine.units import LEVEL_VI
from chiso.store import scorecards as store_cards
from chiso.store.target_values import MAX_EVIDENCE
from chiso.web.core import Web, lang_of


def _year(request: Request, web: Web) -> int:
    text = request.query_params.get("year") or ""
    if not text:
        latest = web.latest()
        return (latest.year if latest else 2024)
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise InvalidValue("year", text, "a year within 1900-2100")
    return int(text)


def routes(web: Web) -> list[Route]:
    def card_of(ident: str, year: int | None = None) -> store_cards.Scorecard:
        try:
            return store_cards.definition(web.store(), ident, year)
        except InvalidValue:
            raise HTTPException(404) from None

    def listing(request: Request) -> Response:
        found = web.need(request)
        year = _year(request, web)
        cards = store_cards.definitions(web.store().config, year)
        return web.render(request, "scorecards.html", session=found, cards=list(cards.values()), year=year)

    def results(request: Request) -> Response:
        found = web.need(request)
        year = _year(request, web)
        card = card_of(request.query_params.get("id", ""), year)
        level = request.query_params.get("level", "department")
        if level not in ("department", "commune"):
            raise InvalidValue("level", level, "department | commune")
        every = unit_results(web.store(), card, year, level)
        units = web.units()
        rows = [r for r in every if found.account.may_read(units.ancestors(r.code))]
        sentence = distribution_vi(LEVEL_VI.get(level, level).capitalize(), placed(card, every),
                                   sum(1 for r in every if r.place is None)) if found.account.sees_everything else ""
        return web.render(request, "scorecard.html", session=found, card=card, year=year, level=level, rows=rows,
                          sentence=sentence, weakest=weakest(card, every) if found.account.sees_everything else [])

    def unit_page(request: Request, error: str = "", status: int = 200) -> Response:
        found = web.need(request)
        year = _year(request, web)
        card = card_of(request.query_params.get("id", ""), year)
        unit = request.query_params.get("unit", "")
        web.need(request, unit=unit or "?")
        code = web.units().get(unit).code
        result = unit_results(web.store(), card, year, unit=code)[0]
        lineage = web.units().ancestors(code)
        return web.render(request, "scorecard_unit.html", status=status, session=found, card=card, year=year,
                          result=result, may_assess=found.account.may_enter(lineage),
                          may_appraise=found.account.may_review, error=error)

    async def score_post(request: Request) -> Response:
        found = web.need(request)
        form = await web.form(request, max_part_size=MAX_EVIDENCE + 1024 * 1024)
        web.check_csrf(found, form)
        ident, unit = str(form.get("id", "")), str(form.get("unit", ""))
        stage = str(form.get("stage", "self"))
        if stage == "appraisal":
            if not found.account.may_review:
                raise HTTPException(403)
            web.need(request, unit=unit or "?")
        else:
            web.need(request, unit=unit or "?", enter=True)
        card = card_of(ident, int(str(form.get("year", "0"))) if str(form.get("year", "")).isdigit() else None)
        proof = await web.evidence(form, MAX_EVIDENCE)
        try:
            year = int(str(form.get("year", "")))
            points = float(str(form.get("points", "")).replace(",", "."))
            code = web.units().get(unit).code

            await web.write(lambda store: store_cards.enter(
                store, card.id, year, code, str(form.get("criterion", "")), stage, points, found.account.username,
                str(form.get("explanation", "") or ""), proof))
        except ValueError as exc:
            return again(request, ident, unit, str(form.get("year", "")), f"số không hợp lệ / invalid number: {exc}")
        except ChisoError as exc:
            return again(request, ident, unit, str(form.get("year", "")), said(exc, lang_of(request)))
        return RedirectResponse(f"/scorecard/unit?id={card.id}&year={year}&unit={code}", status_code=303)

    def again(request: Request, ident: str, unit: str, year: str, error: str) -> Response:
        from urllib.parse import urlencode

        request.scope["query_string"] = urlencode({"id": ident, "unit": unit, "year": year}).encode()
        return unit_page(request, error, 400)

    def evidence(request: Request) -> Response:
        web.need(request)
        found = store_cards.evidence(web.store(), int(request.path_params["id"]))
        if found is None:
            raise HTTPException(404)
        web.need(request, unit=found[0])
        return Response(found[2], media_type="application/octet-stream",
                        headers={"Content-Disposition": attachment(found[1])})

    return [Route("/scorecards", listing), Route("/scorecard", results), Route("/scorecard/unit", unit_page),
            Route("/scorecard/score", score_post, methods=["POST"]),
            Route("/scorecard/evidence/{id:int}", evidence)]
