"""Mô hình, sáng kiến, đối thoại, khen thưởng: the period's results that are not numbers, for the reader's units,
and a form to record one with its evidence."""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from chiso.domain.error_text import said
from chiso.domain.errors import ChisoError
from chiso.domain.spreadsheet import attachment
from chiso.engine.achievements import KIND_VI, results, sentence_vi
from chiso.store import achievements as store_achievements
from chiso.store.target_values import MAX_EVIDENCE
from chiso.web.core import Web, lang_of
from chiso.web.pages_entry import parse_day


def routes(web: Web) -> list[Route]:
    def page(request: Request, error: str = "", status: int = 200) -> Response:
        found, unit = web.reading_unit(request)
        period = web.period(request)
        units = web.units()
        shown = results(web.store(), period, unit)
        names = {u.code: u.name for u in units.by_code.values()}
        enterable = sorted((u for u in units.by_code.values() if found.account.may_enter(units.ancestors(u.code))),
                           key=lambda u: (len(units.ancestors(u.code)), u.name))
        return web.render(request, "achievements.html", status=status, session=found, period=period, rows=shown.rows,
                          sentence=sentence_vi(shown, names), names=names, kind_vi=KIND_VI, unit=unit or "",
                          kinds=store_achievements.KINDS, enterable=enterable, error=error)

    async def add(request: Request) -> Response:
        found = web.need(request, enter=True)
        form = await web.form(request, max_part_size=MAX_EVIDENCE + 1024 * 1024)
        web.check_csrf(found, form)
        unit = str(form.get("unit", "") or "") or (found.account.unit or "")
        if not unit:
            return error_page(request, "chọn đơn vị / choose the unit")
        web.need(request, unit=unit, enter=True)
        proof = await web.evidence(form, MAX_EVIDENCE)
        try:
            day = parse_day(str(form.get("happened_on", "")))

            def number(name: str) -> int | None:
                text = str(form.get(name, "") or "").strip()
                return int(text) if text else None

            received, answered = number("received"), number("answered")

            code = web.units().get(unit).code
            await web.write(lambda store: store_achievements.add(
                store, str(form.get("kind", "")), str(form.get("title", "")), code, day, found.account.username,
                str(form.get("description", "")), str(form.get("chair", "")), received, answered,
                str(form.get("awarded_by", "")), proof))
        except ValueError as exc:
            return error_page(request, f"ngày hoặc số không hợp lệ / invalid date or number: {exc}")
        except ChisoError as exc:
            return error_page(request, said(exc, lang_of(request)))
        return RedirectResponse(f"/achievements?period={day.year}", status_code=303)

    def error_page(request: Request, error: str) -> Response:
        request.scope["query_string"] = b""
        return page(request, error, 400)

    def evidence(request: Request) -> Response:
        web.need(request)
        found = store_achievements.evidence(web.store(), request.query_params.get("key", ""))
        if found is None:
            raise HTTPException(404)
        web.need(request, unit=found[0])
        return Response(found[2], media_type="application/octet-stream",
                        headers={"Content-Disposition": attachment(found[1])})

    return [Route("/achievements", page), Route("/achievements", add, methods=["POST"]),
            Route("/achievements/evidence", evidence)]
