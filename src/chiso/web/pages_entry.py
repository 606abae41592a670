"""Data entry: reported target values with comment and evidence; file imports with the rejected-rows report."""

import shutil
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from chiso.domain.error_text import said
from chiso.domain.errors import ChisoError
from chiso.domain.formatting import vn_number
from chiso.engine.plans import computed_target_count, entries_for
from chiso.store.importing import ImportRejected, ImportResult, import_file, write_report
from chiso.store.spec import KIND_VI, KINDS
from chiso.store.target_values import MAX_EVIDENCE, record_value
from chiso.web.core import Web, lang_of, lower_priority
from chiso.web.jobs import Work, wait

ADMIN_KINDS = ("units", "procedures", "published", "rankings", "scores")  # province-wide data: administrators only
MAX_UPLOAD = 200 * 1024 * 1024


def parse_day(text: str) -> date:
    """A day typed as people write it (31/12/2024) or as a date control sends it (2024-12-31)."""
    text = text.strip()
    if "/" in text:
        day, month, year = (int(part) for part in text.split("/"))
        return date(year, month, day)
    return date.fromisoformat(text)


def routes(web: Web) -> list[Route]:
    def import_page(request: Request, **context: Any) -> Response:
        return web.render(request, "entry_import.html", kinds=KINDS, kind_vi=KIND_VI, **context)

    def value_form(request: Request, error: str = "", done: str = "", status: int = 200) -> Response:
        found = web.need(request)
        account = found.account
        if not (account.may_administer or account.unit):
            return web.render(request, "error.html", status=403, message="forbidden")
        scope = None if account.may_administer else web.units().below(str(account.unit))
        targets = entries_for(web.store(), scope)
        computed = 0 if targets or scope is None else computed_target_count(web.store(), scope)
        unit = web.units().get(account.unit) if account.unit else None
        return web.render(request, "entry_value.html", status=status, session=found, targets=targets,
                          computed=computed, unit=unit, error=error, done=done, today=f"{date.today():%d/%m/%Y}")

    async def value_post(request: Request) -> Response:
        found = web.need(request, enter=True)  # who may enter values at all (403), before which unit (404)
        form = await web.form(request)
        web.check_csrf(found, form)
        plan, target, unit = [*str(form.get("target", "")).split("|"), "", "", ""][:3]
        web.need(request, unit=unit or "?", enter=True)
        proof = await web.evidence(form, MAX_EVIDENCE)
        try:
            value = float(str(form.get("value", "")).replace(",", "."))
            day = parse_day(str(form.get("as_of", "")))
            comment = str(form.get("comment", "")) or None

            def work() -> None:
                with web.write_lock:
                    record_value(web.store(), target, unit, value, day, found.account.username, comment, proof, plan)

            await run_in_threadpool(work)
            await run_in_threadpool(web.changed)
        except ValueError as exc:
            return value_form(request, error=f"giá trị hoặc ngày không hợp lệ / invalid value or date: {exc}",
                              status=400)
        except ChisoError as exc:
            return value_form(request, error=said(exc, lang_of(request)), status=400)
        return value_form(request, done=f"{plan} {target} {unit} = {value}")

    def import_form(request: Request) -> Response:
        found = web.need(request, enter=True)
        return import_page(request, session=found, result=None, error="")

    async def import_post(request: Request) -> Response:
        found = web.need(request, enter=True)
        form = await web.form(request, max_part_size=MAX_UPLOAD)
        web.check_csrf(found, form)
        kind = str(form.get("kind", ""))
        upload = form.get("file")
        if kind not in KINDS or not isinstance(upload, UploadFile) or not upload.filename:
            return import_page(request, status=400, session=found, result=None,
                              error="chọn loại dữ liệu và tệp / choose a kind and a file")
        if kind in ADMIN_KINDS and not found.account.may_administer:
            return web.render(request, "error.html", status=403, message="forbidden")
        account = found.account
        # An administrator writes for every unit; an officer for their unit and the units below it.
        scope = None if account.may_administer else web.units().below(account.unit) if account.unit else []
        source = upload.filename
        fixed = _fixed(kind, form)

        def begin() -> "Future[ImportResult]":  # the job's row and its copy of the upload: off the event loop
            job = web.jobs.add(kind, source, account.username)
            path = web.jobs.incoming(job) / ("upload" + Path(source).suffix.lower()[:16])
            with path.open("wb") as out:
                shutil.copyfileobj(upload.file, out)
            return web.jobs.start(job, _importer(web, kind, path, source, account.username, fixed, scope),
                                  lower_priority, _written, turn=False, keep_failed=True)

        made = await run_in_threadpool(begin)
        if not await wait(made, float(web.root.settings.number("import.wait_seconds"))):
            return RedirectResponse("/jobs", status_code=303)  # the job page shows how it ends
        error = made.exception()
        if isinstance(error, ImportRejected):
            return import_page(request, status=422, session=found, result=error.result, error="")
        if isinstance(error, ChisoError):
            return import_page(request, status=400, session=found, result=None, error=said(error, lang_of(request)))
        if error is not None:
            raise error
        return import_page(request, session=found, result=made.result(), error="")

    def _fixed(kind: str, form: Any) -> dict[str, str]:
        """A value for a column the file lacks: the receiving unit of a one-agency list, the period of the portal's
        figures or of a national table, the assigning document of a task register."""
        column = {"dossiers": "receiving_unit", "published": "period", "rankings": "period",
                  "tasks": "document"}.get(kind)
        value = str(form.get("fixed", "") or "").strip()
        return {column: value} if column and value else {}

    def jobs(request: Request) -> Response:
        found = web.need(request)  # one's own imports and reports; an administrator's, every one
        shown = web.jobs.visible(found.account)
        return web.render(request, "jobs.html", session=found, jobs=shown,
                          files={j.id for j in shown if web.jobs.file_of(j) is not None},
                          kind_vi={**KIND_VI, "report": "báo cáo"},
                          running=any(j.state in ("queued", "running") for j in shown))

    def entry_home(request: Request) -> Response:
        web.need(request, enter=True)
        return RedirectResponse("/entry/value", status_code=303)

    return [Route("/entry", entry_home), Route("/entry/value", value_form),
            Route("/entry/value", value_post, methods=["POST"]), Route("/entry/import", import_form),
            Route("/entry/import", import_post, methods=["POST"]), Route("/jobs", jobs)]


def _importer(web: Web, kind: str, path: Path, source: str, by: str, fixed: dict[str, str],
              scope: list[str] | None) -> Work[ImportResult]:
    """The work of an import job: the file read in a watched process of its own, checked and written under the
    write lock; a refused file leaves the list of its rejected rows (applicants' values are never in it) in the
    job's folder, for its owner to download."""
    def work(folder: Path, tell: Callable[[str], None]) -> ImportResult:
        if web.write_lock.locked():
            tell("chờ lượt ghi (một việc ghi khác đang chạy) / waiting for another write to end")
        with web.write_lock:
            try:
                result = import_file(web.store(live=True), kind, path, by=by, source=source, fixed=fixed,
                                     scope=scope, isolated=True, progress=tell)
            except ImportRejected as exc:
                write_report(exc.result.rejects, folder / f"{Path(source).stem[:80]}-dong-bi-tu-choi.csv")
                raise
        tell("cập nhật các trang / updating the pages")
        web.changed()
        return result
    return work


def _written(result: ImportResult) -> str:
    """A finished import's outcome on the job page, in both languages."""
    c = result.counts
    return (f"thêm {vn_number(c.inserted, 0)}, cập nhật {vn_number(c.updated, 0)}, không đổi "
            f"{vn_number(c.unchanged, 0)} / inserted {c.inserted:,}, updated {c.updated:,}, unchanged {c.unchanged:,}")
