"""Mã truy cập API: an administrator makes (shown once), lists and revokes the tokens other systems use, also
while the server runs on the embedded store (where the CLI cannot write)."""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chiso.domain.error_text import said
from chiso.domain.errors import ChisoError
from chiso.store.store import Store
from chiso.store.tokens import add_token, list_tokens, revoke_token
from chiso.web.core import Web, lang_of


def routes(web: Web) -> list[Route]:
    def page(request: Request, error: str = "", secret: str = "", made: str = "", status: int = 200) -> Response:
        found = web.need(request, admin=True)
        return web.render(request, "admin_tokens.html", status=status, session=found,
                          tokens=list_tokens(web.store(live=True)), error=error, secret=secret, made=made,
                          units=sorted(web.units().by_code.values(), key=lambda u: (u.depth, u.code)))

    async def post(request: Request) -> Response:
        found = web.need(request, admin=True)
        form = await web.form(request)
        web.check_csrf(found, form)
        action, name = str(form.get("action", "")), str(form.get("name", ""))
        units = [str(u) for u in form.getlist("units")]

        def work(store: Store) -> str:
            if action == "add":
                return add_token(store, name, units, bool(form.get("push")), bool(form.get("read")),
                                 found.account.username)
            if action == "revoke":
                revoke_token(store, name, found.account.username)
                return ""
            raise ChisoError(f"unknown action {action!r}", vi=f"thao tác {action!r} không có")

        try:
            secret = await web.write(work, figures=False)
        except ChisoError as exc:
            return page(request, error=said(exc, lang_of(request)), status=400)
        return page(request, secret=secret, made=name if secret else "")

    return [Route("/admin/tokens", page), Route("/admin/tokens", post, methods=["POST"])]
