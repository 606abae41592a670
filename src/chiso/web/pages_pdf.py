""""Tải PDF": the overview or a unit's page as an A4 PDF, as its reader sees it (their session, their units)."""

import functools
import re
from urllib.parse import parse_qs, quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import Message

from chiso.domain.errors import InvalidValue
from chiso.domain.spreadsheet import attachment
from chiso.reports.page_pdf import html_to_pdf
from chiso.web.core import HERE, Web

PRINTABLE = re.compile(r"/(unit/[A-Za-z0-9._-]{1,40})?")  # the overview, a unit's page
DROPPED_HEADERS = (b"accept-encoding", b"content-length", b"content-type")


def routes(web: Web) -> list[Route]:
    async def pdf(request: Request) -> Response:
        web.need(request)  # not logged in: the login page first
        wanted = request.query_params.get("page", "")
        parts = urlsplit(wanted)
        if parts.scheme or parts.netloc or not PRINTABLE.fullmatch(parts.path):
            raise InvalidValue("page", wanted[:100], "the overview (/) or a unit's page (/unit/CODE)")
        status, location, body = await _inside(request, parts.path, parts.query)
        if status in (302, 303, 307) and location:  # an officer's overview is their unit's page: print that
            parts = urlsplit(location)
            if not PRINTABLE.fullmatch(parts.path):
                return RedirectResponse(location, status_code=303)
            status, _, body = await _inside(request, parts.path, parts.query)
        if status != 200:  # not allowed, no such unit, a bad period: that page, as it would be shown
            return Response(body, status_code=status, media_type="text/html; charset=utf-8")
        content = await run_in_threadpool(html_to_pdf, body.decode("utf-8"), _stylesheet())
        period = parse_qs(parts.query).get("period", [""])[0]
        stem = "tong-quan" if parts.path == "/" else "don-vi-" + parts.path.removeprefix("/unit/")
        name = re.sub(r"[^A-Za-z0-9._-]", "-", f"{stem}-{period}" if period else stem)
        return Response(content, media_type="application/pdf",
                        headers={"Content-Disposition": attachment(f"{name}.pdf")})

    return [Route("/pdf", pdf)]


@functools.cache
def _stylesheet() -> str:
    return (HERE / "static" / "chiso.css").read_text(encoding="utf-8")


async def _inside(request: Request, path: str, query: str) -> tuple[int, str, bytes]:
    """The page at ``path?query`` as the application answers it for this request's session: its status, where
    it redirects to (or ""), its body."""
    scope = dict(request.scope)
    scope.update(path=path, raw_path=path.encode("ascii"), method="GET",
                 query_string=quote(query, safe="=&%+").encode("ascii"),
                 headers=[(k, v) for k, v in request.scope["headers"] if k not in DROPPED_HEADERS])
    status, location, chunks = 500, "", []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status, location
        if message["type"] == "http.response.start":
            status = int(message["status"])
            location = next((v.decode("latin-1") for k, v in message.get("headers", []) if k == b"location"), "")
        elif message["type"] == "http.response.body":
            chunks.append(bytes(message.get("body", b"")))

    await request.scope["app"](scope, receive, send)
    return status, location, b"".join(chunks)
