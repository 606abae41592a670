"""One indicator across units and months, its distribution and its breakdown."""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chiso.domain.catalogue import Indicator
from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.periods import Period, month
from chiso.engine.compile import BREAKDOWNS
from chiso.engine.compute import Tally, as_of, run
from chiso.web.core import Web
from chiso.web.pages_index import link
from chiso.web.svg import Point, bar_chart, line_chart

BUCKETS = 10


def _histogram(values: list[float], top: float) -> list[Point]:
    counts = [0] * BUCKETS
    for v in values:
        counts[min(BUCKETS - 1, int(v / top * BUCKETS)) if top else 0] += 1
    width = top / BUCKETS
    return [Point(f"{i * width:.0f}–{(i + 1) * width:.0f}", float(c)) for i, c in enumerate(counts)]


def routes(web: Web) -> list[Route]:
    def indicator_list(request: Request) -> Response:
        found = web.need(request)
        period = web.period(request)
        items = [i for i in web.store().catalogue().latest() if i.kind != "reported" and i.in_force(period.end)]
        return web.render(request, "indicators.html", session=found, items=items, period=period, link=link)

    def indicator(request: Request) -> Response:
        found = web.need(request)
        period = web.period(request)
        query = request.query_params
        units = web.units()
        root = units.root()
        unit = query.get("unit") or (root.code if found.account.sees_everything else found.account.unit or "")
        web.need(request, unit=unit)
        by = query.get("by", "channel")
        level = query.get("level", "department")
        if by not in BREAKDOWNS:
            raise InvalidValue("by", by, " | ".join(BREAKDOWNS))
        if level not in ("department", "commune"):
            raise InvalidValue("level", level, "department | commune")
        try:
            ind: Indicator = web.store().catalogue().indicator(request.path_params["id"], period.end)
        except ChisoError:
            raise HTTPException(404) from None
        if ind.kind == "reported":
            raise HTTPException(404, "a reported indicator has no dossiers to count")
        months = [month(period.end.year, m) for m in range(1, period.end.month + 1)]
        periods: list[Period] = [period, *months]
        counted = web.memo.get(("indicator", ind, period), lambda: run(web.store(), [ind], periods,
                                                                     as_of(web.store())), until=period.end_before)
        split = web.memo.get(("indicator_by", ind, period, by), lambda: run(web.store(), [ind], [period],
                                                                          as_of(web.store()), by),
                             until=period.end_before)

        def value(code: str, pid: int) -> Tally | None:
            return counted.get((code, pid, None), {}).get(ind.id)

        rows = [(u, value(u.code, 0)) for u in units.of_level(level)
                if found.account.may_read(units.ancestors(u.code))]
        rows.sort(key=lambda r: (r[1] is None or r[1].value is None, -(r[1].value or 0) if r[1] else 0))
        values = [t.value for _, t in rows if t is not None and t.value is not None]
        top = 100.0 if ind.is_ratio else max(values or [1.0])
        parts = sorted(((key[2], t[ind.id]) for key, t in split.items() if key[0] == unit and key[2] is not None),
                       key=lambda kv: -(kv[1].denominator))[:25]
        trend = [Point(f"{p.start.month:02d}/{p.start.year % 100}", t.value if (t := value(unit, i + 1)) else None,
                       link(f"/indicator/{ind.id}", p, unit=unit)) for i, p in enumerate(months)]
        return web.render(
            request, "indicator.html", session=found, ind=ind, period=period, rows=rows, unit=units.get(unit),
            level=level, by=by, breakdowns=BREAKDOWNS, link=link, parts=parts,
            trend=line_chart(trend, ind.name_vi, low=0.0 if ind.is_ratio else None,
                             high=100.0 if ind.is_ratio else None),
            histogram=bar_chart(_histogram(values, top), "distribution"),
            bars=bar_chart([Point(u.name, t.value or 0.0, link(f"/indicator/{ind.id}", period, unit=u.code,
                                                                level=level, by=by))
                            for u, t in rows[:40] if t is not None and t.value is not None], ind.name_vi,
                           maximum=100.0 if ind.is_ratio else None))

    return [Route("/indicators", indicator_list), Route("/indicator/{id}", indicator)]
