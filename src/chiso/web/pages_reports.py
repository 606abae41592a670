"""Review reports from the web, as background jobs: the figures are gathered in the server at a lower priority,
the file written in a watched process of its own (``reports/isolated.py``). The page waits up to
``report.wait_seconds`` and then hands over the file; a report that takes longer goes on, and the person is sent to
the job page, where the file is downloaded when it is ready. Only the job's owner (or an administrator) may
download it."""

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from chiso.domain.error_text import said
from chiso.domain.errors import ChisoError
from chiso.domain.periods import Period, short_vi
from chiso.domain.roles import Account
from chiso.engine.units import Unit
from chiso.reports.formats import formats, report_format
from chiso.reports.generate import default_name, review_report
from chiso.reports.isolated import write_isolated
from chiso.web.core import Web, lang_of, lower_priority
from chiso.web.export import file_download
from chiso.web.jobs import Work, wait


def routes(web: Web) -> list[Route]:
    def report_units(account: Account) -> list[Unit]:
        units = web.units()
        return [u for u in units.by_code.values() if u.parent is not None and u.kind in ("department", "commune")
                and account.may_read(units.ancestors(u.code))]

    def reports(request: Request) -> Response:
        found = web.need(request)
        return web.render(request, "reports.html", session=found, period=web.period(request), error="",
                          units=report_units(found.account), formats=sorted(formats()))

    async def report_post(request: Request) -> Response:
        found = web.need(request)
        form = await web.form(request)
        web.check_csrf(found, form)
        unit = str(form.get("unit", "")) or None
        if unit is None and not found.account.sees_everything:
            unit = found.account.unit
        if unit:
            web.need(request, unit=unit)
        try:
            period = web.parse_period(str(form.get("period") or ""))
            fmt = str(form.get("format", "docx"))
            suffix = report_format(fmt).suffix
        except ChisoError as exc:
            return web.render(request, "reports.html", status=400, session=found, period=web.period(request),
                              error=said(exc, lang_of(request)), units=report_units(found.account),
                              formats=sorted(formats()))
        name = default_name(period, unit, suffix)
        who = web.units().get(unit).name if unit else "Toàn tỉnh"

        def begin() -> "Future[Path]":  # the job's row and the pruning of old files: off the event loop
            job = web.jobs.add("report", f"Báo cáo {short_vi(period)} — {who} ({fmt})", found.account.username)
            return web.jobs.start(job, _writer(web, period, unit, fmt, name), lower_priority, lambda made: made.name)

        made = await run_in_threadpool(begin)
        waited = await wait(made, float(web.root.settings.number("report.wait_seconds")))
        if not waited:  # still being made: the job page offers the file when it is ready
            return RedirectResponse("/jobs", status_code=303)
        error = made.exception()
        if error is not None:
            message = said(error, lang_of(request)) if isinstance(error, ChisoError) else (
                "không tạo được báo cáo; chi tiết đã ghi vào nhật ký máy chủ" if lang_of(request) == "vi" else
                "the report could not be made; the error is in the server's log")
            return web.render(request, "reports.html", status=400, session=found, period=period, error=message,
                              units=report_units(found.account), formats=sorted(formats()))
        return file_download(made.result())

    def job_file(request: Request) -> Response:
        found = web.need(request)
        job = next((j for j in web.jobs.visible(found.account) if j.id == request.path_params["id"]), None)
        path = None if job is None else web.jobs.file_of(job)
        if path is None:  # another person's job, one that made no file, or one whose file is gone: as if none
            raise HTTPException(404)
        return file_download(path)

    return [Route("/reports", reports), Route("/reports", report_post, methods=["POST"]),
            Route("/jobs/{id}/file", job_file)]


def _writer(web: Web, period: Period, unit: str | None, fmt: str, name: str) -> Work[Path]:
    """The work of a report job: the figures from the store, then the file in a watched process."""
    def work(folder: Path, tell: Callable[[str], None]) -> Path:
        tell("tính số liệu / computing the figures")
        store = web.store()
        path = folder / name
        write_isolated(review_report(store, period, unit), fmt, path, store.settings, tell)
        return path
    return work

