"""The OpenAPI 3.1 document of /api/v1 (served at /api/v1/openapi.json; the tests run schemathesis on it)."""

from typing import Any

from chiso import __version__

NUMBER = {"type": ["number", "null"]}
INTEGER = {"type": ["integer", "null"]}
TEXT = {"type": "string"}
TEXT_OR_NULL = {"type": ["string", "null"]}
DATE = {"type": "string", "format": "date"}
MOMENT_OR_NULL = {"type": ["string", "null"]}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


def _page(item: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return _object({**extra, "page": {"type": "integer"}, "page_size": {"type": "integer"},
                    "total": {"type": "integer"}, "items": {"type": "array", "items": item}})


ERROR = _object({"error": _object({"status": {"type": "integer"}, "code": TEXT, "message": TEXT,
                                   "message_vi": TEXT})})
PERIOD = _object({"label": TEXT, "start": DATE, "end": DATE})
UNIT = _object({"code": TEXT, "name": TEXT, "level": TEXT, "parent_code": TEXT_OR_NULL, "depth": {"type": "integer"}})
INDICATOR = _object({"id": TEXT, "version": TEXT, "name_vi": TEXT, "name_en": TEXT, "kind": TEXT,
                     "measure_unit": TEXT, "direction": TEXT, "valid_from": DATE,
                     "valid_to": {"type": ["string", "null"]}, "provisional": {"type": "boolean"}})
VALUE = _object({"unit_code": TEXT, "unit_name": TEXT, "level": TEXT, "numerator": INTEGER, "denominator": INTEGER,
                 "value": NUMBER})
GROUP = _object({"code": TEXT, "score": NUMBER, "maximum": NUMBER, "source": TEXT})
RANKED = _object({"unit_code": TEXT, "unit_name": TEXT, "level": TEXT, "total": NUMBER, "rank": INTEGER,
                  "band": TEXT_OR_NULL, "previous_total": NUMBER, "change_previous": NUMBER,
                  "last_year_total": NUMBER, "groups": {"type": "array", "items": GROUP}})
PLAN = _object({"code": TEXT, "name": TEXT, "document": TEXT_OR_NULL, "start": DATE, "end": DATE,
                "campaign": {"type": "boolean"}})
TARGET = _object({"target_code": TEXT, "name": TEXT, "unit_code": TEXT, "unit_name": TEXT,
                  "indicator": TEXT_OR_NULL, "target": NUMBER, "direction": TEXT, "deadline": DATE,
                  "actual": NUMBER, "source": TEXT, "attainment": NUMBER, "band": TEXT_OR_NULL,
                  "final": {"type": "boolean"}})
LATE = _object({"number": TEXT, "procedure_code": TEXT, "procedure_name": TEXT, "sector": TEXT, "unit_code": TEXT,
                "received_at": TEXT, "due_at": TEXT, "state": {"enum": ["overdue", "due_soon"]},
                "supplements": {"type": "integer"}})
REASON = _object({"column": TEXT, "value": TEXT, "reason": TEXT, "reason_vi": TEXT})
OUTCOME = _object({"index": {"type": "integer"}, "number": TEXT_OR_NULL,
                   "status": {"enum": ["inserted", "updated", "unchanged", "older", "rejected", "not_written"]},
                   "reasons": {"type": "array", "items": REASON}}, ["index", "number", "status"])
PUSHED = _object({"written": {"type": "boolean"}, "received": {"type": "integer"}, "accepted": {"type": "integer"},
                  "counts": {"type": "object", "additionalProperties": {"type": "integer"}}, "layout": TEXT,
                  "results": {"type": "array", "items": OUTCOME}})

PAGE_PARAMETERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000}},
    {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}]
PERIOD_PARAMETER = {"name": "period", "in": "query", "description": "2024, 2024-Q3, 2024-H1, 2024-07, "
                    "2024-01-01..2024-03-31; default: the quarter of the latest data", "schema": TEXT}
LEVEL_PARAMETER = {"name": "level", "in": "query",
                   "schema": {"enum": ["province", "department", "district", "commune"]}}
UNIT_PARAMETER = {"name": "unit", "in": "query", "description": "a unit code (with the units below it)",
                  "schema": TEXT}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    said = {400: "a parameter or the body cannot be used", 401: "no valid token or session",
            403: "outside the caller's rights or units", 404: "no such unit, indicator or plan",
            413: "the batch is too large", 422: "the batch was refused whole (a record of another unit)"}
    return {str(s): _json(ERROR if s != 422 else PUSHED, said[s]) for s in statuses}


def _get(summary: str, schema: dict[str, Any], parameters: list[dict[str, Any]], *errors: int) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": parameters,
                    "responses": {"200": _json(schema, "OK"), **_errors(400, 401, 403, *errors)}}}


def document() -> dict[str, Any]:
    path_id = {"name": "id", "in": "path", "required": True, "schema": TEXT}
    path_code = {"name": "code", "in": "path", "required": True, "schema": TEXT}
    return {
        "openapi": "3.1.0",
        "info": {"title": "chiso API", "version": __version__,
                 "description": "Figures of chiso for other systems, and a push endpoint for one-stop systems. "
                                "Authenticate with `Authorization: Bearer <token>` (`chiso token add`) or a "
                                "logged-in session. Keys are stable English snake_case."},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/units": _get("Units the caller may read", _page(UNIT), PAGE_PARAMETERS),
            "/api/v1/indicators": _get("Indicators of the catalogue in force", _page(INDICATOR),
                                       [PERIOD_PARAMETER, *PAGE_PARAMETERS]),
            "/api/v1/indicators/{id}": _get(
                "An indicator's counts and value for a unit, or for every unit of a level",
                _page(VALUE, indicator=INDICATOR, period=PERIOD),
                [path_id, PERIOD_PARAMETER, UNIT_PARAMETER, LEVEL_PARAMETER, *PAGE_PARAMETERS], 404),
            "/api/v1/index": _get("The 766 index of every unit of a level: total, groups, rank, band, changes",
                                  _page(RANKED, index=TEXT, period=PERIOD, level=TEXT),
                                  [PERIOD_PARAMETER, LEVEL_PARAMETER, *PAGE_PARAMETERS]),
            "/api/v1/plans": _get("Plans and campaigns", _page(PLAN), PAGE_PARAMETERS),
            "/api/v1/plans/{code}": _get(
                "A plan's targets with their actual values and bands at a day",
                _page(TARGET, plan=_object({"code": TEXT, "name": TEXT, "document": TEXT_OR_NULL, "start": DATE,
                                            "end": DATE}),
                      at=DATE, band_counts={"type": "object", "additionalProperties": {"type": "integer"}}),
                [path_code, PERIOD_PARAMETER, {"name": "at", "in": "query", "schema": {"type": "string",
                                                                                       "format": "date"}},
                 *PAGE_PARAMETERS], 404),
            "/api/v1/late": _get(
                "Open dossiers overdue or due within N working days (no personal data)",
                _page(LATE, at=MOMENT_OR_NULL, soon_until=MOMENT_OR_NULL, overdue={"type": "integer"},
                      due_soon={"type": "integer"}),
                [UNIT_PARAMETER, {"name": "state", "in": "query", "schema": {"enum": ["overdue", "due_soon"]}},
                 {"name": "within", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 60}},
                 *PAGE_PARAMETERS], 404),
            "/api/v1/dossiers": {"post": {
                "summary": "Push dossier records (the DVCQG sync record, or chiso's column names)",
                "description": "At most api.max_batch_records records and api.max_batch_mb MB. Each record is "
                               "inserted, updated, unchanged, older (ignored: a newer version is held) or "
                               "rejected with its reasons.",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "oneOf": [{"type": "array", "items": {"type": "object"}},
                              _object({"records": {"type": "array", "items": {"type": "object"}}})]}}}},
                "responses": {"200": _json(PUSHED, "written (some records may be rejected)"),
                              **_errors(400, 401, 403, 413, 422)}}},
        },
    }
