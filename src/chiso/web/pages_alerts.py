"""Cảnh báo: each account's inbox of alerts (dossiers due soon or overdue, overdue tasks, falling index totals,
milestones at risk), with the unread count in the menu; marking read."""

from datetime import datetime

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from chiso.domain.alerts import RULE_VI
from chiso.store.alerts import inbox, mark_read
from chiso.store.store import Store
from chiso.web.core import Web


def routes(web: Web) -> list[Route]:
    def inbox_page(request: Request) -> Response:
        found = web.need(request)
        name = found.account.username
        items = inbox(web.store(live=True), name)
        return web.render(request, "inbox.html", session=found, items=items, titles=RULE_VI,
                          unread=web.unread(name))

    async def read(request: Request) -> Response:
        found = web.need(request)
        form = await web.form(request)
        web.check_csrf(found, form)
        ident = str(form.get("id", ""))
        ids = None if form.get("all") else [int(ident)] if ident.isascii() and ident.isdigit() else []

        def work(store: Store) -> int:
            return mark_read(store, found.account.username, ids, datetime.now())

        await web.write(work, figures=False)
        web.memo.forget(("unread", found.account.username))
        return RedirectResponse("/inbox", status_code=303)

    return [Route("/inbox", inbox_page), Route("/inbox/read", read, methods=["POST"])]
