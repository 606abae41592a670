"""GET /api/v1/…: the figures of the web pages for an operations centre or another system, as JSON with stable
English snake_case keys, paged, and scoped as the pages are (a token's or an account's units). No personal data:
a dossier is given by its number, procedure, unit and dates, never by its applicant."""

from datetime import date

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chiso.domain.catalogue import Indicator
from chiso.domain.errors import ChisoError
from chiso.domain.periods import Period
from chiso.engine.compute import Tally, as_of, run
from chiso.engine.index import Ranked
from chiso.engine.late import STATES, late_dossiers
from chiso.web import data
from chiso.web.api import Caller, answer, paged, reader, whole_number
from chiso.web.api_schema import document
from chiso.web.core import Web

LEVELS = ("province", "department", "district", "commune")


def _period(web: Web, request: Request) -> Period:
    return web.parse_period(request.query_params.get("period") or web.default_period())


def _level(request: Request, default: str = "department") -> str:
    level = request.query_params.get("level", default)
    if level not in LEVELS:
        raise HTTPException(400, f"level must be one of {', '.join(LEVELS)}")
    return level


def _readable(web: Web, found: Caller, codes: list[str]) -> list[str]:
    units = web.units()
    return [c for c in codes if found.may_read_unit(units.ancestors(c))]


def _period_json(period: Period) -> dict[str, object]:
    return {"label": period.label, "start": period.start, "end": period.end}


def _tally_json(tally: Tally | None) -> dict[str, object]:
    if tally is None:
        return {"numerator": None, "denominator": None, "value": None}
    return {"numerator": tally.numerator, "denominator": tally.denominator, "value": tally.value}


def _ranked_json(r: Ranked) -> dict[str, object]:
    return {"unit_code": r.code, "unit_name": r.name, "level": r.kind, "total": r.total, "rank": r.rank,
            "band": r.band, "previous_total": r.previous, "change_previous": r.change_previous,
            "last_year_total": r.last_year,
            "groups": [{"code": g.code, "score": g.score, "maximum": g.maximum, "source": g.source}
                       for g in r.score.groups]}


def _indicator_json(ind: Indicator) -> dict[str, object]:
    return {"id": ind.id, "version": ind.version, "name_vi": ind.name_vi, "name_en": ind.name_en,
            "kind": ind.kind, "measure_unit": ind.unit, "direction": ind.direction,
            "valid_from": ind.valid_from, "valid_to": ind.valid_to, "provisional": ind.provisional}


def routes(web: Web) -> list[Route]:
    def units(request: Request) -> Response:
        found = reader(web, request)
        every = web.units()
        rows = [{"code": u.code, "name": u.name, "level": u.kind, "parent_code": u.parent, "depth": u.depth}
                for u in every.by_code.values() if found.may_read_unit(every.ancestors(u.code))]
        return answer(paged(request, rows))

    def indicators(request: Request) -> Response:
        reader(web, request)
        day = _period(web, request).end
        rows = [_indicator_json(i) for i in web.store().catalogue().latest() if i.in_force(day)]
        return answer(paged(request, rows))

    def indicator(request: Request) -> Response:
        unit = request.query_params.get("unit") or None
        found = reader(web, request, unit)
        period = _period(web, request)
        try:
            ind = web.store().catalogue().indicator(request.path_params["id"], period.end)
        except ChisoError:
            raise HTTPException(404, f"no indicator {request.path_params['id']!r} in force then") from None
        if ind.kind == "reported":
            raise HTTPException(404, "a reported indicator has no dossiers to count: see the plan targets")
        every = web.units()
        if unit is not None:
            codes = [every.get(unit).code]
        else:
            codes = _readable(web, found, [u.code for u in every.of_level(_level(request))])
        counted = web.memo.get(("api_indicator", ind, period), lambda: run(
            web.store(), [ind], [period], as_of(web.store())), until=period.end_before)
        rows = [{"unit_code": c, "unit_name": every.by_code[c].name, "level": every.by_code[c].kind,
                 **_tally_json(counted.get((c, 0, None), {}).get(ind.id))} for c in codes]
        return answer({"indicator": _indicator_json(ind), "period": _period_json(period), **paged(request, rows)})

    def index(request: Request) -> Response:
        found = reader(web, request)
        period = _period(web, request)
        level = _level(request)
        ranking = data.level_ranking(web, period, level)
        readable = set(_readable(web, found, [r.code for r in ranking]))
        rows = [_ranked_json(r) for r in ranking if r.code in readable]
        return answer({"index": "766", "period": _period_json(period), "level": level, **paged(request, rows)})

    def plans(request: Request) -> Response:
        reader(web, request)
        rows = [{"code": p.code, "name": p.name, "document": p.document, "start": p.start, "end": p.end,
                 "campaign": p.campaign} for p in data.plans(web)]
        return answer(paged(request, rows))

    def plan(request: Request) -> Response:
        found = reader(web, request)
        code = request.path_params["code"]
        row = next((p for p in data.plans(web) if p.code == code), None)
        if row is None:
            raise HTTPException(404, f"no plan {code!r}")
        text = request.query_params.get("at")
        try:
            at = date.fromisoformat(text) if text else data.plan_day(row, _period(web, request), web.latest())
        except ValueError:
            raise HTTPException(400, "at must be a date, YYYY-MM-DD") from None
        if not date(1900, 1, 1) <= at <= date(2100, 12, 31):
            raise HTTPException(400, "at must be a date from 1900 to 2100")
        status = data.plan(web, code, at)
        units = web.units()
        rows = [{"target_code": r.target.code, "name": r.target.name, "unit_code": r.target.unit,
                 "unit_name": r.unit_name, "indicator": r.target.indicator, "target": r.target.value,
                 "direction": r.target.direction, "deadline": r.target.deadline, "actual": r.actual,
                 "source": r.source, "attainment": r.assessed.attainment,
                 "band": None if r.band is None else r.band.value, "final": r.final}
                for r in status.rows if found.may_read_unit(units.ancestors(r.target.unit))]
        bands: dict[str, int] = {}
        for item in rows:
            key = str(item["band"] or "no_data")
            bands[key] = bands.get(key, 0) + 1
        return answer({"plan": {"code": row.code, "name": row.name, "document": row.document, "start": row.start,
                                "end": row.end}, "at": at, "band_counts": bands, **paged(request, rows)})

    def late(request: Request) -> Response:
        unit = request.query_params.get("unit") or None
        found = reader(web, request, unit)
        state = request.query_params.get("state")  # absent: every state; given, one of the schema's (not empty)
        if state is not None and state not in STATES:
            raise HTTPException(400, f"state must be one of {', '.join(STATES)}")
        within = whole_number(request, "within", 3, 0, 60)
        at = web.latest()
        # a caller scoped to units: each of them (with the units below); else the unit asked for, or the province
        chosen = list(found.units) if found.units is not None and unit is None else [unit or web.units().root().code]
        views = [late_dossiers(web.store(), at, within, code, state=state, limit=100_000)
                 for code in chosen] if at else []
        unique = {d.number: d for view in views for d in view.rows}  # units of a token may overlap
        rows = [{"number": d.number, "procedure_code": d.procedure_code, "procedure_name": d.procedure_name,
                 "sector": d.sector, "unit_code": d.unit, "received_at": d.received_at, "due_at": d.due,
                 "state": "overdue" if d.state == "open_overdue" else d.state, "supplements": d.supplements}
                for d in sorted(unique.values(), key=lambda d: (d.due, d.number))]
        return answer({"at": at, "soon_until": views[0].soon_until if views else None,
                       "overdue": sum(v.overdue for v in views), "due_soon": sum(v.due_soon for v in views),
                       **paged(request, rows)})

    def openapi(request: Request) -> Response:
        return answer(document())

    return [Route("/api/v1/units", units), Route("/api/v1/indicators", indicators),
            Route("/api/v1/indicators/{id}", indicator), Route("/api/v1/index", index),
            Route("/api/v1/plans", plans), Route("/api/v1/plans/{code}", plan), Route("/api/v1/late", late),
            Route("/api/v1/openapi.json", openapi)]
