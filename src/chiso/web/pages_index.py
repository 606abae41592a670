"""The province overview and the unit page: index, ranks, trend, what-if, targets, late dossiers."""

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from chiso.domain.errors import InvalidValue
from chiso.domain.index_scoring import SOURCES_VI
from chiso.domain.periods import Period, label_vi
from chiso.domain.rankings import change_vi
from chiso.domain.scoring import competition_ranks
from chiso.domain.targets import BAND_VI
from chiso.engine.plans import milestone_state
from chiso.engine.whatif import what_if
from chiso.web import data
from chiso.web.core import Web
from chiso.web.pages_rankings import latest
from chiso.web.svg import Point, bar_chart, line_chart


def link(path: str, period: Period, **extra: str) -> str:
    return f"{path}?{urlencode({'period': period.label, **extra})}"


def trend_points(web: Web, period: Period, code: str) -> list[Point]:
    months, run = data.months_run(web, period)
    return [Point(f"{p.start.month:02d}/{p.start.year % 100}", None if (t := run.total(code, i)) is None
                  else float(t), link(f"/unit/{code}", p)) for i, p in enumerate(months)]


def plan_summaries(web: Web, period: Period, unit: str | None) -> list[dict[str, object]]:
    out = []
    for row, day in data.plans_in(web, period):
        status = data.plan(web, row.code, day, unit)
        if not status.rows:
            continue
        item: dict[str, object] = {"row": row, "status": status, "bands": status.counts}
        if row.campaign:
            states = [milestone_state(r) for r in status.rows]
            item["milestones"] = {s: states.count(s) for s in ("reached", "missed", "at_risk", "on_track", "no_data")}
        out.append(item)
    return out


def rank_history(web: Web, period: Period, code: str) -> list[Point]:
    """The unit's rank among its peers in each month of the year so far."""
    months, run = data.months_run(web, period)
    peers = [u.code for u in web.units().siblings(code)]
    out = []
    for i, p in enumerate(months):
        totals = [run.score(c, i).total if run.total(c, i) is not None else None for c in peers]
        ranks = competition_ranks(totals)
        rank = ranks[peers.index(code)] if totals[peers.index(code)] is not None else None
        out.append(Point(f"{p.start.month:02d}/{p.start.year % 100}", None if rank is None else float(rank),
                         link(f"/unit/{code}", p), f"{p.label}: hạng {rank}/{len(peers)}"))
    return out


def routes(web: Web) -> list[Route]:
    def overview(request: Request) -> Response:
        found = web.need(request)
        if found.account.unit and not found.account.sees_everything:
            return RedirectResponse(f"/unit/{found.account.unit}?{request.url.query}", status_code=303)
        period = web.period(request)
        units = web.units()
        root = units.root()
        head, _ = data.peers_rank(web, period, root.code)
        departments = data.level_ranking(web, period, "department")
        communes = data.level_ranking(web, period, "commune")
        late = data.late(web)
        groups = head.score.groups
        names = {g.code: g.name_vi for g in data.index_run(web, period).definitions[0].groups}
        return web.render(
            request, "overview.html", session=found, period=period, root=root, head=head, names=names,
            trend=line_chart(trend_points(web, period, root.code), "766"),
            groups_chart=bar_chart([Point(names[g.code], float(g.score or 0)) for g in groups], "groups",
                                   maxima=[float(g.maximum) for g in groups]),
            departments=departments, communes=communes, late=late, link=link,
            dept_chart=bar_chart([Point(r.name, float(r.total), link(f"/unit/{r.code}", period)) for r in departments],
                                 "departments", maximum=100),
            plans=plan_summaries(web, period, None), band_vi=BAND_VI,
            tasks=data.task_counts(web, period).get(root.code), national=latest(data.national_places(web)),
            tasks_soon=sum(1 for t in data.tasks_due(web, None) if t.status != "overdue"),
            change_vi=change_vi, label_vi=label_vi)

    def unit_page(request: Request) -> Response:
        code = request.path_params["code"]
        found = web.need(request, unit=code)
        period = web.period(request)
        unit = web.units().get(code)
        head, peers = data.peers_rank(web, period, unit.code)
        text = request.query_params.get("dossiers", "100") or "100"
        if not text.isdigit() or int(text) > 1_000_000:
            raise InvalidValue("dossiers", text, "a number from 0 to 1000000")
        n = int(text)
        plan = web.memo.get(("whatif", unit.code, period, n), lambda: what_if(web.store(), unit.code, period, n,
                                                                     computed=data.index_run(web, period)),
                            until=period.end_before)
        history = rank_history(web, period, unit.code)
        children = [u.code for u in web.units().by_code.values() if u.parent == unit.code]
        definition = data.index_run(web, period).definitions[0]
        return web.render(
            request, "unit.html", session=found, period=period, unit=unit, head=head, peers=peers, plan=plan, n=n,
            names={g.code: g.name_vi for g in definition.groups}, link=link,
            metric_names={m.code: web.store().catalogue().indicator(m.indicator, period.end).name_vi
                          for m in definition.metrics},
            trend=line_chart(trend_points(web, period, unit.code), "766"),
            rank_chart=line_chart(history, "rank", low=1, high=float(peers), invert=True, decimals=0),
            late=data.late(web).get(unit.code, (0, 0)), children=data.ranked(web, period, children) if children
            else [], plans=plan_summaries(web, period, unit.code), band_vi=BAND_VI,
            portal=data.portal(web, period, unit.code), source_vi=SOURCES_VI,
            tasks=data.task_counts(web, period).get(unit.code),
            tasks_soon=sum(1 for t in data.tasks_due(web, unit.code) if t.status != "overdue"))

    return [Route("/", overview), Route("/unit/{code}", unit_page)]
