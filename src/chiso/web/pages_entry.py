"""Data entry: reported target values with comment and evidence; file imports with the rejected-rows report."""

import tempfile
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
from chiso.engine.plans import computed_target_count, entries_for
from chiso.store.importing import ImportRejected, ImportResult, import_file
from chiso.store.spec import KIND_VI, KINDS
from chiso.store.target_values import MAX_EVIDENCE, record_value
from chiso.web.core import Web, lang_of

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
        suffix = Path(upload.filename).suffix.lower()
        with tempfile.TemporaryDirectory(prefix="chiso-upload-") as tmp:
            path = Path(tmp, "upload" + suffix)
            path.write_bytes(await upload.read())
            fixed = _fixed(kind, form)

            job = web.jobs.add(kind, upload.filename, found.account.username)

            def work() -> ImportResult:  # off the event loop, the file read in a watched process of its own
                with web.write_lock:
                    return import_file(web.store(live=True), kind, path, by=found.account.username,
                                       source=upload.filename, fixed=fixed, scope=scope, isolated=True,
                                       progress=lambda step: web.jobs.step(job, step))

            try:
                result = await run_in_threadpool(work)
                web.jobs.end(job, True, f"{result.counts.inserted:,} / {result.counts.updated:,} / "
                                        f"{result.counts.unchanged:,}".replace(",", "."))
                await run_in_threadpool(web.changed)
            except ImportRejected as exc:
                web.jobs.end(job, False, f"{len(exc.result.rejects)} dòng/rows")
                return import_page(request, status=422, session=found,
                                  result=exc.result, error="")
            except ChisoError as exc:
                error = said(exc, lang_of(request))
                web.jobs.end(job, False, error)
                return import_page(request, status=400, session=found, result=None, error=error)
        return import_page(request, session=found, result=result, error="")

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
