"""What every API endpoint shares: who is calling (a bearer token or a logged-in session), what they may read
or write (the same unit scoping as the web pages), JSON answers and errors with stable English keys."""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from chiso.domain.roles import Account
from chiso.store.tokens import ApiToken, find_token
from chiso.web.core import Web

PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000


@dataclass(frozen=True)
class Caller:
    """A token or a session, with the units it may read (each with the units below; None: every unit)."""

    name: str  # for the audit log: the username, or ``token:NAME``
    units: tuple[str, ...] | None
    may_push: bool
    may_read: bool

    def may_read_unit(self, lineage: list[str]) -> bool:
        """``lineage``: a unit followed by its ancestors."""
        return self.units is None or any(u in lineage for u in self.units)


def of_token(token: ApiToken) -> Caller:
    return Caller(f"token:{token.name}", None if token.everywhere else token.units, token.may_push, token.may_read)


def of_account(account: Account) -> Caller:
    units = None if account.sees_everything else (account.unit,) if account.unit else ()
    return Caller(account.username, units, False, True)  # pushing needs a token (no cookie-authenticated writes)


def caller(web: Web, request: Request) -> Caller:
    """The caller of ``request``, or 401. Tokens are looked up on every request, so a revoked one stops at once.
    Called off the event loop (it reads the store)."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        token = find_token(web.store(live=True), secret.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise HTTPException(401, "unknown or revoked token")
        return of_token(token)
    found = web.current(request)
    if found is None:
        raise HTTPException(401, "a bearer token or a session is needed")
    return of_account(found.account)


@cache
def _parameters() -> list[tuple[re.Pattern[str], frozenset[str]]]:
    """Each path of the OpenAPI document as a pattern, with the query parameters its operations take."""
    from chiso.web.api_schema import document

    return [(re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(path)) + "$"),
             frozenset(p["name"] for op in ops.values() for p in op.get("parameters", []) if p["in"] == "query"))
            for path, ops in document()["paths"].items()]


def check_query(request: Request) -> None:
    """A query parameter the operation does not know is a 400 naming it (a typo such as ``perod`` would
    otherwise silently give the default period). The known ones are those of the OpenAPI document."""
    path = request.url.path
    known = next((names for pattern, names in _parameters() if pattern.match(path)), frozenset[str]())
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(400, f"unknown query parameter {unknown[0]!r}; this operation takes "
                                 f"{', '.join(sorted(known)) or 'none'}")


def reader(web: Web, request: Request, unit: str | None = None) -> Caller:
    """A caller allowed to read (and to read ``unit``), else 401/403/404; unknown query parameters: 400."""
    found = caller(web, request)
    check_query(request)
    if not found.may_read:
        raise HTTPException(403, "this token may not read")
    if unit is not None:
        lineage = web.units().ancestors(unit)
        if not lineage:
            raise HTTPException(404, f"no unit {unit!r}")
        if not found.may_read_unit(lineage):
            raise HTTPException(403, f"unit {unit!r} is outside this caller's units")
    return found


def plain(value: object) -> Any:
    """A value as JSON: decimals and floats rounded to 4 places (non-finite: null), dates ISO 8601."""
    if isinstance(value, Decimal):
        return None if not value.is_finite() else float(round(value, 4))
    if isinstance(value, float):
        return None if not math.isfinite(value) else round(value, 4)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def answer(body: object, status: int = 200) -> JSONResponse:
    return JSONResponse(plain(body), status_code=status, headers={"cache-control": "no-store"})


def error(status: int, code: str, message: str, message_vi: str | None = None,
          headers: Mapping[str, str] | None = None) -> JSONResponse:
    """``{"error": {"status", "code", "message", "message_vi"}}``: the same shape for every API error."""
    body: dict[str, object] = {"status": status, "code": code, "message": message,
                               "message_vi": message_vi or message}
    found = answer({"error": body}, status)
    found.headers.update(headers or {})
    if status == 401:
        found.headers["www-authenticate"] = "Bearer"
    return found


def paged(request: Request, rows: list[Any]) -> dict[str, object]:
    """``?page=`` (from 1) and ``?page_size=`` (at most MAX_PAGE_SIZE) of ``rows``, with the total."""
    page = whole_number(request, "page", 1, 1, 1_000_000)
    size = whole_number(request, "page_size", PAGE_SIZE, 1, MAX_PAGE_SIZE)
    start = (page - 1) * size
    return {"page": page, "page_size": size, "total": len(rows), "items": rows[start:start + size]}


def whole_number(request: Request, name: str, default: int, low: int, high: int) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise HTTPException(400, f"{name} must be a whole number from {low} to {high}")
    return int(text)
