"""Tasks (nhiệm vụ): the period's counts and list for the reader's units, one task with its deadlines, extensions
and progress reports; lead units report progress with evidence, the steering side accepts or returns reports,
an administrator records approved extensions."""

from datetime import date
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from chiso.domain.error_text import said
from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.periods import label_vi
from chiso.domain.spreadsheet import attachment
from chiso.domain.tasks import RECURRENCE_VI, STATUS_VI, STATUSES, parse_percent
from chiso.engine.tasks import TaskState, sentence_vi, task_states
from chiso.store import tasks as task_store
from chiso.store.target_values import MAX_EVIDENCE
from chiso.web import data
from chiso.web.core import Web, lang_of
from chiso.web.export import xlsx_response
from chiso.web.pages_entry import parse_day


def quote_code(code: str) -> str:
    """A task code in an address (codes hold '/' and '#')."""
    from urllib.parse import quote

    return quote(code, safe="")


def _occurrence(form: Any) -> date | None:
    """The occurrence of a recurring task a form names (its original deadline, YYYY-MM-DD), or None."""
    text = str(form.get("occurrence", "") or "").strip()
    return date.fromisoformat(text) if text else None


def routes(web: Web) -> list[Route]:
    def visible(request: Request) -> tuple[list[TaskState], str | None]:
        """The period's tasks the reader may see (one unit's with ?unit=), and the unit chosen."""
        _, unit = web.reading_unit(request)
        rows = data.task_states(web, web.period(request))
        if unit is not None:
            inside = set(web.units().below(unit))
            rows = [s for s in rows if s.occurrence.task.lead_unit in inside]
        status = request.query_params.get("status") or None
        if status is not None and status not in STATUSES:
            raise InvalidValue("status", status, " | ".join(STATUSES))
        return [s for s in rows if status is None or s.status == status], unit

    def task_list(request: Request, error: str = "") -> Response:
        found = web.need(request)
        period = web.period(request)
        rows, unit = visible(request)
        counts = data.task_counts(web, period)  # each unit counts its own subtree: the same for the whole or a part
        units = web.units()
        shown = units.get(unit) if unit else units.root()
        whole = counts.get(shown.code)
        readable = [u for u in units.by_code.values() if found.account.may_read(units.ancestors(u.code))]
        by_unit = sorted(((units.get(c), n) for c, n in counts.items() if c != shown.code and c in units.by_code
                          and units.get(c).parent == shown.code), key=lambda p: (-p[1].by_status["overdue"], p[0].name))
        return web.render(request, "tasks.html", session=found, period=period, rows=rows, unit=unit or "",
                          shown=shown, whole=whole, sentence=sentence_vi(whole, shown.name) if whole else "",
                          by_unit=by_unit, units=sorted(readable, key=lambda u: (len(units.ancestors(u.code)), u.name)),
                          chosen_status=request.query_params.get("status") or "", statuses=STATUSES,
                          status_vi=STATUS_VI, quoted=quote_code, period_label=label_vi(period), error=error,
                          enterable=[u for u in readable if found.account.may_enter(units.ancestors(u.code))])

    def task_xlsx(request: Request) -> Response:
        web.need(request)
        period = web.period(request)
        rows, _ = visible(request)
        names = {u.code: u.name for u in web.units().by_code.values()}
        table = [[s.occurrence.task.code, s.occurrence.task.content, names.get(s.occurrence.task.lead_unit, ""),
                  s.occurrence.task.coordinators, s.occurrence.task.document, s.occurrence.original, s.deadline,
                  len(s.occurrence.extensions), s.occurrence.done_on, STATUS_VI[s.status]] for s in rows]
        headers = ["Mã nhiệm vụ", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Văn bản giao",
                   "Thời hạn ban đầu", "Thời hạn", "Số lần gia hạn", "Ngày hoàn thành", "Tình trạng"]
        return xlsx_response(f"Nhiệm vụ {label_vi(period)}", headers, table, f"nhiem-vu-{period.label}.xlsx",
                             note=f"Tình trạng tại {min(period.end, date.today()):%d/%m/%Y}", demo=web.is_demo())

    def load_task(request: Request, code: str) -> task_store.TaskRow:
        found = web.need(request)
        rows = task_store.load(web.store(), code) if code else []
        if not rows:
            raise HTTPException(404)
        task = rows[0]
        if not found.account.may_read(web.units().ancestors(task.lead_unit)):
            raise HTTPException(403)
        return task

    def task_page(request: Request, error: str = "", done: str = "", status: int = 200) -> Response:
        found = web.need(request)
        code = request.query_params.get("code", "")
        task = load_task(request, code)
        occurrences = task_states(task, date.today(), web.store().settings.extension_counts_on_time)
        units = web.units()
        lineage = units.ancestors(task.lead_unit)
        enterable = [u for u in units.by_code.values() if found.account.may_enter(units.ancestors(u.code))]
        return web.render(request, "task.html", status=status, session=found, task=task, occurrences=occurrences,
                          enterable=sorted(enterable, key=lambda u: (len(units.ancestors(u.code)), u.name)),
                          status_vi=STATUS_VI, recurrence_vi=RECURRENCE_VI, error=error, done=done,
                          lead=units.get(task.lead_unit), names={u.code: u.name for u in units.by_code.values()},
                          may_report=found.account.may_enter(lineage), may_review=found.account.may_review,
                          may_extend=found.account.may_administer, quoted=quote_code, today=f"{date.today():%d/%m/%Y}")

    def _back(code: str, done: str) -> Response:
        return RedirectResponse(f"/task?code={quote_code(code)}&done={done}", status_code=303)

    async def report_post(request: Request) -> Response:
        found = web.need(request, enter=True)
        form = await web.form(request, max_part_size=MAX_EVIDENCE + 1024 * 1024)
        web.check_csrf(found, form)
        code = str(form.get("code", ""))
        task = load_task(request, code)
        web.need(request, unit=task.lead_unit, enter=True)  # only the lead unit (or an administrator) reports
        proof = await web.evidence(form, MAX_EVIDENCE)
        try:
            percent = parse_percent(str(form.get("percent", "")))
            occurrence = _occurrence(form)
            text, is_done = str(form.get("text", "")), form.get("done") == "1"
            ident = await web.write(lambda store: task_store.report(
                store, task.code, text, percent, is_done, found.account.username, proof, occurrence))
        except ValueError as exc:
            return task_page_for(request, code, f"ngày không hợp lệ / invalid date: {exc}")
        except ChisoError as exc:
            return task_page_for(request, code, said(exc, lang_of(request)))
        return _back(task.code, f"report-{ident}")

    async def review_post(request: Request) -> Response:
        found = web.need(request)
        if not found.account.may_review:
            raise HTTPException(403)
        form = await web.form(request)
        web.check_csrf(found, form)
        code = str(form.get("code", ""))
        task = load_task(request, code)
        try:
            ident = int(str(form.get("report", "")))
            accepted = form.get("verdict") == "accept"
            note = str(form.get("note", "") or "") or None

            await web.write(lambda store: task_store.review(store, ident, accepted, found.account.username, note,
                                                            task.code))
        except ValueError as exc:
            return task_page_for(request, code, f"{exc}")
        except ChisoError as exc:
            return task_page_for(request, code, said(exc, lang_of(request)))
        return _back(task.code, "reviewed")

    async def extend_post(request: Request) -> Response:
        found = web.need(request, admin=True)
        form = await web.form(request)
        web.check_csrf(found, form)
        code = str(form.get("code", ""))
        task = load_task(request, code)
        try:
            new = parse_day(str(form.get("new_deadline", "")))
            approved = parse_day(str(form.get("approved_on", "") or f"{date.today():%d/%m/%Y}"))
            occurrence = _occurrence(form)
            reason, approver = str(form.get("reason", "")), str(form.get("approver", ""))
            await web.write(lambda store: task_store.extend(store, task.code, new, reason, approver, approved,
                                                            found.account.username, occurrence))
        except ValueError as exc:
            return task_page_for(request, code, f"ngày không hợp lệ / invalid date: {exc}")
        except ChisoError as exc:
            return task_page_for(request, code, said(exc, lang_of(request)))
        return _back(task.code, "extended")

    async def save_post(request: Request) -> Response:
        """Add a task, or correct one (``replace``): the lead unit, old and new, within the user's units."""
        found = web.need(request, enter=True)
        form = await web.form(request)
        web.check_csrf(found, form)
        replace = str(form.get("replace", "") or "") or None
        if replace is not None:
            old = load_task(request, replace)
            web.need(request, unit=old.lead_unit, enter=True)
        lead = str(form.get("lead_unit", "") or "") or (found.account.unit or "")

        def back(error: str) -> Response:
            return task_page_for(request, replace, error) if replace else task_list_error(request, error)

        if not lead:
            return back("chọn cơ quan chủ trì / choose the lead unit")
        web.need(request, unit=lead, enter=True)
        try:
            day_text = str(form.get("document_date", "") or "").strip()
            entered = task_store.TaskInput(
                content=str(form.get("content", "")), lead_unit=web.units().get(lead).code,
                deadline_text=str(form.get("deadline", "")), code=str(form.get("code", "") or ""),
                coordinators=str(form.get("coordinators", "") or ""), document=str(form.get("document", "") or ""),
                document_date=parse_day(day_text) if day_text else None, withdrawn=form.get("withdrawn") == "1")
            code = await web.write(lambda store: task_store.save(store, entered, found.account.username, replace))
        except ValueError as exc:
            return back(f"ngày không hợp lệ / invalid date: {exc}")
        except ChisoError as exc:
            return back(said(exc, lang_of(request)))
        return _back(code, "saved")

    def task_list_error(request: Request, error: str) -> Response:
        request.scope["query_string"] = b""
        response = task_list(request, error)
        response.status_code = 400
        return response

    def task_page_for(request: Request, code: str, error: str) -> Response:
        """The task's page again with the form's error (a POST has the code in its form, not its address)."""
        request.scope["query_string"] = f"code={quote_code(code)}".encode()
        return task_page(request, error=error, status=400)

    def evidence(request: Request) -> Response:
        web.need(request)  # logged in before anything is looked up
        found = task_store.evidence(web.store(), int(request.path_params["id"]))
        if found is None:
            raise HTTPException(404)
        web.need(request, unit=found.lead_unit)
        return Response(found.content, media_type="application/octet-stream",
                        headers={"Content-Disposition": attachment(found.name)})

    return [Route("/tasks", task_list), Route("/tasks.xlsx", task_xlsx), Route("/task", task_page),
            Route("/task/report", report_post, methods=["POST"]), Route("/task/review", review_post, methods=["POST"]),
            Route("/task/extend", extend_post, methods=["POST"]), Route("/task/save", save_post, methods=["POST"]),
            Route("/task/evidence/{id:int}", evidence)]
