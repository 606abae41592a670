"""Plans and campaigns: targets with actual, band, forecast and gap; campaign milestones by unit."""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chiso.domain.errors import InvalidValue
from chiso.domain.forecast import OUTLOOK_VI
from chiso.domain.spreadsheet import attachment
from chiso.domain.targets import BAND_VI
from chiso.engine.plans import MILESTONE_STATES, MILESTONE_VI, campaign_by_unit, milestone_state
from chiso.engine.units import LEVEL_VI
from chiso.web import data
from chiso.web.core import Web
from chiso.web.pages_index import link


def routes(web: Web) -> list[Route]:
    def plan_list(request: Request) -> Response:
        found = web.need(request)
        period = web.period(request)
        plans = data.plans(web)
        account = found.account
        if not account.sees_everything:  # an officer sees the plans that give their units a target
            plans = [p for p in plans if account.unit and data.plan(
                web, p.code, data.plan_day(p, period, web.latest()), account.unit).rows]
        return web.render(request, "plans.html", session=found, plans=plans, period=period)

    def plan_page(request: Request) -> Response:
        code = request.path_params["code"]
        found = web.need(request)
        row = next((p for p in data.plans(web) if p.code == code), None)
        if row is None:
            raise HTTPException(404)
        period = web.period(request)
        _, unit = web.reading_unit(request)
        account = found.account
        # The summary ("x/y chỉ tiêu …") counts the targets the reader may see: an officer's, or one unit's.
        status = data.plan(web, code, data.plan_day(row, period, web.latest()), unit)
        units = web.units()
        rows = [r for r in status.rows if account.may_read(units.ancestors(r.target.unit))
                and (unit is None or unit in units.ancestors(r.target.unit))]
        target = request.query_params.get("target") or None
        state = request.query_params.get("state") or None
        if state is not None and state not in MILESTONE_STATES:
            raise InvalidValue("state", state, "one of " + ", ".join(MILESTONE_STATES))
        codes = sorted({r.target.code: r.target.name for r in rows}.items())
        if target is not None and target not in dict(codes):
            raise InvalidValue("target", target, "a target of this plan")
        rollup = campaign_by_unit(rows, target) if row.campaign else []
        levels = {u.code: u.kind for u in units.by_code.values()}
        if row.campaign and state is not None:
            rollup = [u for u in rollup if u.counts.get(state)]
        pairs = [(r, milestone_state(r) if r.target.milestone else "") for r in rows
                 if (target is None or r.target.code == target) and (state is None or milestone_state(r) == state)]
        return web.render(request, "plan.html", session=found, row=row, plan_status=status, rows=pairs,
                          band_vi=BAND_VI, outlook_vi=OUTLOOK_VI, milestone_vi=MILESTONE_VI, period=period, link=link,
                          unit=unit, rollup=rollup, levels=levels, target=target or "", state=state or "",
                          codes=codes, states=MILESTONE_STATES, level_vi=LEVEL_VI)

    def values(request: Request) -> Response:
        """The reported values behind a target: who, when, comment, evidence (append-only history)."""
        plan, target, unit = (request.query_params.get(k, "") for k in ("plan", "target", "unit"))
        found = web.need(request, unit=unit or "?")
        rows = web.store().con.execute(
            "SELECT id, value, as_of, entered_by, entered_at, comment, evidence_name, evidence_sha256 "
            "FROM target_values WHERE plan = ? AND target_code = ? AND unit_code = ? ORDER BY as_of, id",
            [plan, target, unit]).fetchall()
        return web.render(request, "values.html", session=found, plan=plan, target=target,
                          unit=web.units().get(unit), rows=rows)

    def evidence(request: Request) -> Response:
        web.need(request)  # logged in before anything is looked up: no one learns which values exist
        row = web.store().con.execute("SELECT unit_code, evidence_name, evidence FROM target_values WHERE id = ?",
                                      [int(request.path_params["id"])]).fetchone()
        if row is None or row[2] is None:
            raise HTTPException(404)
        web.need(request, unit=str(row[0]))
        return Response(bytes(row[2]), media_type="application/octet-stream",
                        headers={"Content-Disposition": attachment(str(row[1]))})

    return [Route("/plans", plan_list), Route("/values", values), Route("/evidence/{id:int}", evidence),
            Route("/plans/{code:path}", plan_page)]
