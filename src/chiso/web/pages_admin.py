"""Administration: accounts and roles, the audit log (viewable and exportable), calendar days off, settings."""

from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chiso.domain.audit_actions import action_vi
from chiso.domain.error_text import said
from chiso.domain.errors import ChisoError
from chiso.domain.roles import ROLE_VI, Role
from chiso.domain.settings import setting_table
from chiso.store.accounts import add_user, list_users, set_active, set_password
from chiso.store.alerts import contacts, set_contact
from chiso.store.audit import entries, record
from chiso.store.config_edit import set_calendar_day, set_setting
from chiso.store.spec import KIND_VI
from chiso.web.core import Web, lang_of
from chiso.web.export import xlsx_response

AUDIT_HEADERS = ["#", "Lúc", "Người thực hiện", "Thao tác", "Mã thao tác", "Đối tượng", "Giá trị cũ", "Giá trị mới",
                 "Lý do"]


def routes(web: Web) -> list[Route]:
    def users(request: Request, error: str = "", status: int = 200) -> Response:
        found = web.need(request, admin=True)
        return web.render(request, "admin_users.html", status=status, session=found, users=list_users(web.store()),
                          roles=list(Role), role_vi=ROLE_VI, error=error, contacts=contacts(web.store(live=True)),
                          units=sorted(web.units().by_code.values(), key=lambda u: (u.depth, u.code)))

    async def users_post(request: Request) -> Response:
        found = web.need(request, admin=True)
        form = await web.form(request)
        web.check_csrf(found, form)
        action, username = str(form.get("action", "add")), str(form.get("username", ""))

        def work() -> None:  # password hashing and writes, off the event loop
            with web.write_lock:
                if action == "add":
                    add_user(web.store(), username, str(form.get("role", "")), str(form.get("unit", "")) or None,
                             str(form.get("password", "")), found.account.username, str(form.get("full_name", "")))
                elif action in ("enable", "disable"):
                    if username == found.account.username:
                        raise ChisoError("an administrator cannot disable their own account",
                                         vi="quản trị viên không thể tự khóa tài khoản của mình")
                    set_active(web.store(), username, action == "enable", found.account.username)
                elif action == "password":
                    set_password(web.store(), username, str(form.get("password", "")), found.account.username)
                elif action == "contact":  # where alerts are mailed, and whether the account heads its unit
                    set_contact(web.store(), username, str(form.get("email", "")).strip(), bool(form.get("head")),
                                found.account.username)
                else:
                    raise ChisoError(f"unknown action {action!r}", vi=f"thao tác {action!r} không có")

        try:
            await run_in_threadpool(work)
            web.forget_user(username)
            await run_in_threadpool(web.changed)
        except ChisoError as exc:
            return users(request, error=said(exc, lang_of(request)), status=400)
        return users(request)

    def audit(request: Request) -> Response:
        found = web.need(request, admin=True)
        action = request.query_params.get("action") or None
        rows = entries(web.store(), 10_000 if request.url.path.endswith(".xlsx") else 500, action)
        if request.url.path.endswith(".xlsx"):
            return xlsx_response("Nhật ký thay đổi", AUDIT_HEADERS,
                                 [[e.id, e.logged_at, e.username, action_vi(e.action, KIND_VI), e.action, e.entity,
                                   e.old_value, e.new_value, e.reason] for e in rows], "nhat-ky-thay-doi.xlsx",
                                 demo=web.is_demo())
        return web.render(request, "audit.html", session=found, rows=rows, action=action or "",
                          action_vi=action_vi, kind_vi=KIND_VI)

    def settings(request: Request, error: str = "", done: bool = False, status: int = 200) -> Response:
        found = web.need(request, admin=True)
        store = web.store()
        local = [] if store.config is None or not (store.config / "calendar.csv").exists() else \
            (store.config / "calendar.csv").read_text(encoding="utf-8").splitlines()
        return web.render(request, "admin_settings.html", status=status, session=found, table=setting_table(),
                          values=store.settings.values, calendar=local, error=error, done=done,
                          config=str(store.config) if store.config else "")

    async def settings_post(request: Request) -> Response:
        found = web.need(request, admin=True)
        form = await web.form(request)
        web.check_csrf(found, form)
        who = found.account.username

        def work() -> None:  # due moments may be recomputed: off the event loop
            with web.write_lock:
                if form.get("what") == "calendar":
                    day = date.fromisoformat(str(form.get("day", "")))
                    old = set_calendar_day(web.workspace, day, str(form.get("kind", "")), str(form.get("name", "")),
                                           str(form.get("source", "")))
                    record(web.store(), who, "calendar.set", day.isoformat(), old,
                           f"{form.get('kind')},{form.get('name')}", str(form.get("source", "")))
                else:
                    key = str(form.get("key", ""))
                    before, after = set_setting(web.workspace, key, str(form.get("value", "")))
                    record(web.store(), who, "setting.set", key, before, after, str(form.get("reason", "")) or None)
                web.reload_config()

        try:
            await run_in_threadpool(work)
        except ValueError as exc:
            return settings(request, error=f"ngày không hợp lệ / invalid date: {exc}", status=400)
        except ChisoError as exc:
            return settings(request, error=said(exc, lang_of(request)), status=400)
        return settings(request, done=True)

    return [Route("/admin", users), Route("/admin/users", users), Route("/admin/users", users_post, methods=["POST"]),
            Route("/admin/audit", audit), Route("/admin/audit.xlsx", audit), Route("/admin/settings", settings),
            Route("/admin/settings", settings_post, methods=["POST"])]
