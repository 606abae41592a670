"""Log in, log out, language switch."""

import hmac
import secrets
from urllib.parse import urlparse

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from chiso.store.accounts import LoginThrottled, Session, login, logout
from chiso.web.core import COOKIE, Web

LOGIN_CSRF = "chiso_login_csrf"


def _safe_next(text: str | None) -> str:
    """Only a path on this site (no scheme, no host) is followed after logging in."""
    if not text:
        return "/"
    parsed = urlparse(text)
    return text if not parsed.scheme and not parsed.netloc and text.startswith("/") else "/"


def routes(web: Web) -> list[Route]:
    def login_page(request: Request) -> Response:
        token = request.cookies.get(LOGIN_CSRF) or secrets.token_urlsafe(24)
        target = _safe_next(request.query_params.get("next"))
        response = web.render(request, "login.html", login_csrf=token, next=target, error="")
        response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", secure=web.secure)
        return response

    async def login_post(request: Request) -> Response:
        form = await web.form(request)
        cookie = request.cookies.get(LOGIN_CSRF, "")
        if not cookie or not hmac.compare_digest(cookie, str(form.get("csrf", ""))):
            return web.render(request, "login.html", status=403, login_csrf=cookie, next="/", error="CSRF")
        username, password = str(form.get("username", "")).strip(), str(form.get("password", ""))
        target = _safe_next(str(form.get("next", "/")))
        def work() -> Session | None:  # argon2 takes a moment: never on the event loop
            # the sessions' own lock (an import holding the data lock never delays it), not held during argon2; the
            # store itself: accounts are never in a local copy, so a login never waits for one (PostgreSQL)
            ip = request.client.host if request.client else ""
            with web.login_slot(ip):
                return login(web.store(live=True), username, password, ip=ip, guard=web.auth_lock)

        try:
            found = await run_in_threadpool(work)
        except LoginThrottled:
            return web.render(request, "login.html", status=429, login_csrf=cookie, next=target,
                              error="throttled")
        if found is None:
            return web.render(request, "login.html", status=401, login_csrf=cookie, next=target, error="bad_login")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, found.token, httponly=True, samesite="lax", secure=web.secure)
        response.delete_cookie(LOGIN_CSRF)
        return response

    async def logout_post(request: Request) -> Response:
        found = web.need(request)
        web.check_csrf(found, await web.form(request))
        def work() -> None:  # off the event loop, under the sessions' own lock
            with web.auth_lock:
                logout(web.store(live=True), found.token)

        await run_in_threadpool(work)
        web.forget(found.token)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    def lang(request: Request) -> Response:
        code = request.path_params["code"]
        response = RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
        response.set_cookie("lang", "en" if code == "en" else "vi", samesite="lax", secure=web.secure)
        return response

    return [Route("/login", login_page), Route("/login", login_post, methods=["POST"]),
            Route("/logout", logout_post, methods=["POST"]), Route("/lang/{code}", lang)]
