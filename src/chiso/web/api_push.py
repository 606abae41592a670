"""POST /api/v1/dossiers: a one-stop system pushes dossier records as they happen.

The records are those it already sends to the national portal (the DVCQG sync record: ``MaHoSo, MaTTHC,
KenhThucHien, NgayTiepNhan …``, dates ``yyyyMMddHHmmss``) or carry chiso's own column names. They go through the
file import's code path (``store.importing.import_records``): the same layouts, checks, pseudonymisation and due
rules. The same record twice changes nothing; an older version of a dossier (by its latest event) arriving after
a newer one is ignored; a withdrawn or refused dossier is a state, never a delete.
"""

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chiso.domain.error_text import said
from chiso.domain.errors import ChisoError
from chiso.domain.reject_reasons import reason_vi
from chiso.store.importing import ImportRejected, ImportResult, import_records
from chiso.store.store import Store
from chiso.web.api import Caller, answer, caller, error
from chiso.web.core import Web

LIST_KEYS = ("records", "dossiers", "data")  # an object holding the records under one of these keys
NUMBER_KEYS = ("MaHoSo", "number", "maHoSo", "dossierNo")
MAX_DEPTH = 32  # JSON nesting beyond this is refused (a record is two or three levels deep)


class BadBody(ChisoError):
    """The body is not a batch of JSON records."""


def _refuse_constant(name: str) -> None:
    raise BadBody(f"the body holds {name}, which is not a JSON number",
                  vi=f"dữ liệu gửi lên có {name}, không phải số JSON hợp lệ")


def _depth(value: object, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def parse_batch(body: bytes, max_columns: int = 500) -> list[Any]:
    """The records of a push: a JSON array, or an object holding one under ``records`` (or ``dossiers``,
    ``data``). UTF-8 only; NaN, Infinity and deep nesting are refused."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        found = "UTF-16" if body[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in body[:64] else "not UTF-8"
        raise BadBody(f"the body is not UTF-8 text ({found}); send JSON encoded as UTF-8",
                      vi=f"dữ liệu gửi lên không phải văn bản UTF-8 ({found}); hãy gửi JSON mã hóa UTF-8") from None
    try:
        parsed = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise BadBody("the JSON is nested too deeply", vi="JSON lồng nhau quá sâu") from None
    except json.JSONDecodeError as exc:
        raise BadBody(f"the body is not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})",
                      vi=f"dữ liệu gửi lên không phải JSON hợp lệ ({exc.msg}, dòng {exc.lineno} cột {exc.colno})"
                      ) from None
    if isinstance(parsed, dict):
        lists = [parsed[k] for k in LIST_KEYS if isinstance(parsed.get(k), list)]
        parsed = lists[0] if lists else None
    if not isinstance(parsed, list):
        raise BadBody("send a JSON array of dossier records, or an object with them under \"records\"",
                      vi="hãy gửi một mảng JSON các bản ghi hồ sơ, hoặc một đối tượng có mảng đó ở khóa \"records\"")
    if not parsed:
        raise BadBody("the batch holds no record", vi="lô gửi lên không có bản ghi nào")
    if _depth(parsed) > MAX_DEPTH:
        raise BadBody("the JSON is nested too deeply", vi="JSON lồng nhau quá sâu")
    keys = {k for record in parsed if isinstance(record, dict) for k in record}
    if len(keys) > max_columns:
        raise BadBody(f"the records hold {len(keys):,} different keys; at most {max_columns:,} "
                      "(setting import.max_columns)",
                      vi=f"các bản ghi có {len(keys):,} khóa khác nhau; tối đa {max_columns:,} "
                      "(cấu hình import.max_columns)")
    return parsed


def _number(record: object) -> str | None:
    if isinstance(record, dict):
        for key in NUMBER_KEYS:
            value = record.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool):
                return str(value)[:100]
    return None


def results(records: list[Any], result: ImportResult, written: bool) -> dict[str, object]:
    """Per record: ``inserted``, ``updated``, ``unchanged``, ``older`` (a newer version is already held; ignored),
    ``rejected`` with its reasons, or ``not_written`` (the batch was refused)."""
    reasons: dict[int, list[dict[str, str]]] = {}
    for r in result.rejects:
        reasons.setdefault(r.line, []).append({"column": r.column, "value": r.value[:200], "reason": r.reason,
                                               "reason_vi": reason_vi(r.reason)})
    items = []
    counts = {"inserted": 0, "updated": 0, "unchanged": 0, "older": 0, "rejected": 0, "not_written": 0}
    for index, record in enumerate(records, start=1):
        if index in reasons:
            status = "rejected"
        elif written:
            status = result.outcomes.get(index, "rejected")
        else:
            status = "not_written"
        counts[status] += 1
        item: dict[str, object] = {"index": index, "number": _number(record), "status": status}
        if index in reasons:
            item["reasons"] = reasons[index]
        items.append(item)
    return {"written": written, "received": len(records), "accepted": counts["inserted"] + counts["updated"],
            "counts": counts, "layout": result.layout, "results": items}


def routes(web: Web) -> list[Route]:
    async def push(request: Request) -> Response:
        found: Caller = await run_in_threadpool(caller, web, request)
        if not found.may_push:
            raise HTTPException(403, "this token may not push dossiers")
        settings = web.root.settings
        limit = settings.number("api.max_batch_mb") * 1024 * 1024
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return _too_large(f"{int(declared):,} bytes", f"{limit:,} bytes (api.max_batch_mb)")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return _too_large(f"more than {limit:,} bytes", f"{limit:,} bytes (api.max_batch_mb)")
        try:
            records = await run_in_threadpool(parse_batch, bytes(body), settings.number("import.max_columns"))
        except BadBody as exc:
            return error(400, "bad_body", str(exc), said(exc, "vi"))
        most = settings.number("api.max_batch_records")
        if len(records) > most:
            return _too_large(f"{len(records):,} records", f"{most:,} records (api.max_batch_records)")
        scope = None if found.units is None else sorted({c for u in found.units for c in web.units().below(u)})

        def work(store: Store) -> ImportResult:
            return import_records(store, "dossiers", records, f"api:{found.name.removeprefix('token:')}",
                                  found.name, scope)

        try:
            result = await web.write(work, soon=True)
        except ImportRejected as exc:
            return answer(results(records, exc.result, written=False), 422)
        except ChisoError as exc:
            return error(400, "refused", str(exc), said(exc, "vi"))
        return answer(results(records, result, written=True))

    return [Route("/api/v1/dossiers", push, methods=["POST"])]


def _too_large(found: str, most: str) -> Response:
    return error(413, "too_large", f"the batch is too large: {found}; at most {most}; send smaller batches",
                 f"lô gửi lên quá lớn: {found}; tối đa {most}; hãy chia thành các lô nhỏ hơn")
