"""Phiếu xin lỗi và hẹn lại ngày trả kết quả: printing the apology letters of late dossiers (one from the dossier
page, many from the late monitor) and recording that one was sent. The applicant's name is typed into the form
and goes only into the document: it is neither stored nor logged."""

from datetime import date
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from chiso.domain.apology import check_reason, new_return_day, wording
from chiso.domain.errors import InvalidValue
from chiso.domain.spreadsheet import attachment
from chiso.engine.apology import MAX_LETTERS, LetterRequest, late_dossier, letters_for
from chiso.reports.apology_letter import FORMATS, letters_file
from chiso.store.apologies import mark_sent
from chiso.store.store import Store
from chiso.web.core import Web
from chiso.web.export import MEDIA


def _delay(text: str) -> int:
    if not text.strip().isdigit():
        raise InvalidValue("delay", text, "1 to 120 working days")
    return int(text.strip())


def _day(text: str) -> date:
    if not text.strip():
        return date.today()
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue("date", text, "a date YYYY-MM-DD") from None
    if not 2000 <= day.year <= 2100:
        raise InvalidValue("date", text, "a date from 2000 to 2100")
    return day


def routes(web: Web) -> list[Route]:
    def allowed(request: Request, numbers: list[str]) -> None:
        """The officer of each dossier's unit (or an administrator) may print and record its letter."""
        store = web.store()
        for number in numbers:
            row = store.con.execute(f"SELECT {store.settings.unit_column} FROM dossiers WHERE number = ?",
                                    [number]).fetchone()
            if row is None:
                raise HTTPException(404)
            web.need(request, unit=str(row[0]), enter=True)

    async def print_letters(request: Request) -> Response:
        found = web.need(request, enter=True)
        form = await web.form(request)
        web.check_csrf(found, form)
        numbers = [str(n) for n in form.getlist("number")][:MAX_LETTERS + 1]
        fmt = str(form.get("format", "docx"))
        if fmt not in FORMATS:
            raise InvalidValue("format", fmt, " | ".join(FORMATS))
        asked = LetterRequest(_day(str(form.get("date", ""))), _delay(str(form.get("delay", ""))),
                              str(form.get("reason", "")))
        name = str(form.get("name", ""))[:200]

        def work() -> tuple[str, bytes]:  # LibreOffice may take seconds: off the event loop
            allowed(request, numbers)
            store = web.store()
            letters = letters_for(store, numbers, asked, {numbers[0]: name} if name and len(numbers) == 1 else None)
            return letters_file(letters, wording(store.config), fmt)

        filename, content = await run_in_threadpool(work)
        return Response(content, media_type=MEDIA["." + fmt], headers={"Content-Disposition": attachment(filename),
                                                                 "Cache-Control": "no-store"})

    async def sent(request: Request) -> Response:
        found = web.need(request, enter=True)
        form = await web.form(request)
        web.check_csrf(found, form)
        number = str(form.get("number", ""))
        day, delay, reason = _day(str(form.get("date", ""))), _delay(str(form.get("delay", ""))), \
            check_reason(str(form.get("reason", "")))
        await run_in_threadpool(allowed, request, [number])

        def work(store: Store) -> None:
            late_dossier(store, number)
            mark_sent(store, number, day, delay, new_return_day(store.calendar, day, delay), reason,
                      found.account.username)

        await web.write(work)
        return RedirectResponse(f"/dossier/{quote(number, safe='')}#apology", status_code=303)

    return [Route("/apology", print_letters, methods=["POST"]), Route("/apology/sent", sent, methods=["POST"])]
