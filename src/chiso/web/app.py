"""The Starlette application: routes of every page module, security headers, errors as pages."""

import logging
import os
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chiso.domain.error_text import said
from chiso.domain.errors import ChisoError
from chiso.store.watched import preload
from chiso.store.workspace import Workspace
from chiso.web import (
    alerts_schedule,
    api,
    api_push,
    api_read,
    data,
    pages_accountability,
    pages_achievements,
    pages_admin,
    pages_alerts,
    pages_apology,
    pages_auth,
    pages_drill,
    pages_entry,
    pages_index,
    pages_indicator,
    pages_pdf,
    pages_plans,
    pages_public,
    pages_rankings,
    pages_reports,
    pages_scorecards,
    pages_search,
    pages_tasks,
    pages_tokens,
)
from chiso.web.core import HERE, Web, lang_of

LOG = logging.getLogger("chiso.web")
API_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
             413: "too_large"}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin")]


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware: no per-request task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS,
                                      *([] if static else [(b"cache-control", b"no-store")])]
            await send(message)

        await self.app(scope, receive, with_headers)


class Freshness:
    """Before a page, let the app notice changes made elsewhere (another worker, a CLI import on PostgreSQL)."""

    def __init__(self, app: ASGIApp, web: Web) -> None:
        self.app = app
        self.web = web

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not str(scope.get("path", "")).startswith("/static"):
            await self.web.freshen()
        await self.app(scope, receive, send)


def from_environment() -> Starlette:
    """The app for a server worker process (``chiso serve --workers N``): store and options from the environment."""
    return create_app(Workspace.resolve(), os.environ.get("CHISO_SECURE_COOKIES") == "1")


def create_app(workspace: Workspace, secure: bool = False, warm: bool = True) -> Starlette:
    """The web app over the store of ``workspace``; ``secure`` marks cookies Secure (serve over HTTPS)."""
    web = Web(workspace, secure)
    preload("chiso.store.isolated", "chiso.reports.isolated")  # what the server's watched processes run

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if is_api(request):
            code = API_CODES.get(exc.status_code, "error")
            return api.error(exc.status_code, code, str(exc.detail), headers=exc.headers)
        if exc.status_code == 401:
            return RedirectResponse(f"/login?next={quote(str(request.url.path) + '?' + request.url.query)}",
                                    status_code=303)
        message = {403: "forbidden", 404: "not_found"}.get(exc.status_code, str(exc.detail))
        return web.render(request, "error.html", status=exc.status_code, message=message)

    async def user_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ChisoError)
        if is_api(request):
            return api.error(400, "invalid", str(exc), said(exc, "vi"))
        return web.render(request, "error.html", status=400, message=said(exc, lang_of(request)))

    async def server_error(request: Request, exc: Exception) -> Response:
        LOG.error("error on %s %s", request.method, request.url.path, exc_info=exc)  # path only: no query values
        if is_api(request):
            return api.error(500, "server_error", "the server failed; the error is in its log",
                             "máy chủ gặp lỗi; chi tiết đã ghi vào nhật ký")
        return web.render(request, "error.html", status=500, message="server_error")

    routes = [Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    for module in (pages_auth, pages_index, pages_drill, pages_plans, pages_entry, pages_admin, pages_public,
                   pages_indicator, pages_reports, pages_search, pages_pdf, pages_tasks, pages_rankings,
                   pages_accountability, pages_achievements, pages_scorecards, pages_alerts, pages_apology,
                   pages_tokens, api_push, api_read):
        routes += module.routes(web)
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders), Middleware(Freshness, web=web)],
                    exception_handlers={HTTPException: http_error, ChisoError: user_error, Exception: server_error})
    app.state.web = web
    if warm:
        web.warmer = data.warm
        web.rewarm()
        alerts_schedule.start(web)
    return app
