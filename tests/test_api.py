"""The API on a real `chiso serve`: a one-stop system pushes DVCQG records with its token, an operations centre
reads figures; hostile batches get a clear answer and write nothing; schemathesis checks every operation
against the OpenAPI document."""

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from chiso.web.api_schema import document
from tests.conftest import chiso
from tests.web_server import PERIOD, Server, start

TOKENS: dict[str, str] = {}
# (name, options): the province's one-stop system (every unit), Sở Tư pháp's own system, a read-only
# operations-centre token, and one to be revoked
MADE = (("motcua", ("--push", "--read")), ("motcua-stp", ("--push", "--units", "H21.03")),
        ("ioc", ("--read",)), ("ioc-stp", ("--read", "--units", "H21.03")), ("cu", ("--push",)))


def make_tokens(env: dict[str, str]) -> None:
    for name, options in MADE:
        done = chiso("token", "add", name, *options, env=env)
        assert done.returncode == 0, done.stderr
        TOKENS[name] = done.stdout.strip().splitlines()[-1]
    revoked = chiso("token", "revoke", "cu", env=env)
    assert revoked.returncode == 0, revoked.stderr
    listed = json.loads(chiso("token", "list", "--format", "json", env=env).stdout)
    assert {t["name"]: t["units"] for t in listed}["motcua-stp"] == "H21.03"
    assert all(secret not in json.dumps(listed) for secret in TOKENS.values()), "a token is never shown again"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from start(tmp_path_factory.mktemp("api"), before_serving=make_tokens)


def bearer(name: str) -> dict[str, str]:
    return {"authorization": f"Bearer {TOKENS[name]}"}


def record(number: str, **changes: object) -> dict[str, object]:
    """A DVCQG sync record as a one-stop system sends it (dates yyyyMMddHHmmss, codes for channel and status)."""
    base: dict[str, object] = {
        "MaHoSo": number, "MaTTHC": "1.001193", "TenTTHC": "Chứng thực bản sao", "MaLinhVuc": "CT",
        "KenhThucHien": 2, "SoGiayToChuHoSo": "064123456789", "ChuHoSo": "Nguyễn Thị Hoa", "LoaiDoiTuong": 1,
        "SoDienThoai": "0912345678", "NgayNopHoSo": "20251222070000", "NgayTiepNhan": "20251222083000",
        "NgayHenTra": "20251224170000", "TrangThaiHoSo": 4, "NoiNopHoSo": "Sở Tư pháp", "DonViXuLy": "Sở Tư pháp",
        "DanhSachLePhi": [], "DanhSachHoSoBoSung": [], "TaiLieuNop": [{"TepDinhKem": "don.pdf"}]}
    return {**base, **changes}


def push(server: Server, body: object, token: str = "motcua") -> httpx.Response:
    return httpx.post(server.url + "/api/v1/dossiers", json=body, headers=bearer(token), timeout=120)


def statuses(answer: httpx.Response) -> list[str]:
    return [r["status"] for r in answer.json()["results"]]


def test_a_one_stop_system_pushes_its_records(server: Server) -> None:
    first = push(server, [record("H21.03-251222-7001"), record("H21.03-251222-7002", NgayTiepNhan="hôm qua")])
    assert first.status_code == 200, first.text
    assert statuses(first) == ["inserted", "rejected"]
    assert first.json()["layout"] == "dvcqg-dong-bo"
    assert first.json()["results"][1]["reasons"][0]["column"] == "NgayTiepNhan"
    assert "không phải ngày giờ" in first.json()["results"][1]["reasons"][0]["reason_vi"]
    again = push(server, {"records": [record("H21.03-251222-7001")]})
    assert statuses(again) == ["unchanged"], "the same record twice changes nothing"
    done = record("H21.03-251222-7001", TrangThaiHoSo=10, NgayKetThucXuLy="20251223100000",
                  NgayTra="20251223150000")
    assert statuses(push(server, [done])) == ["updated"]
    assert statuses(push(server, [record("H21.03-251222-7001")])) == ["older"], "an older version is ignored"
    withdrawn = record("H21.03-251222-7003", TrangThaiHoSo=7, NgayTuChoi="20251223090000")
    assert statuses(push(server, [withdrawn])) == ["inserted"]
    officer = server.client("sotuphap")
    page = officer.get("/dossier/H21.03-251222-7003")
    assert page.status_code == 200 and "H21.03-251222-7003" in page.text, "withdrawn: a state, not a delete"
    for secret in ("Nguyễn Thị Hoa", "064123456789", "0912345678"):
        assert secret not in officer.get("/dossier/H21.03-251222-7001").text


def test_a_pushed_overdue_dossier_is_in_the_late_monitor_within_seconds(server: Server) -> None:
    began = time.monotonic()
    assert statuses(push(server, [record("H21.03-251222-7010")], token="motcua-stp")) == ["inserted"]
    officer = server.client("sotuphap")
    seen = None
    while time.monotonic() - began < 30:
        if "H21.03-251222-7010" in officer.get("/late?unit=H21.03").text:
            seen = time.monotonic() - began
            break
        time.sleep(0.2)
    assert seen is not None, "the pushed overdue dossier never reached the late monitor"
    late = httpx.get(server.url + "/api/v1/late?state=overdue&page_size=1000", headers=bearer("ioc-stp")).json()
    assert "H21.03-251222-7010" in [d["number"] for d in late["items"]]
    assert late["overdue"] == late["total"]
    print(f"pushed → late monitor in {seen:.2f} s")


def test_a_token_pushes_only_its_units(server: Server) -> None:
    other = record("H21.04-251222-7020", NoiNopHoSo="Sở Tài chính", DonViXuLy="Sở Tài chính")
    refused = push(server, [record("H21.03-251222-7021"), other], token="motcua-stp")
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["written"] is False and statuses(refused) == ["not_written", "rejected"]
    assert "ngoài phạm vi" in body["results"][1]["reasons"][0]["reason_vi"]
    officer = server.client("sotuphap")
    assert officer.get("/dossier/H21.03-251222-7021").status_code == 404, "nothing of a refused batch is written"


@pytest.mark.parametrize(("body", "status", "said"), [
    (b'[{"MaHoSo": NaN}]', 400, "NaN"),
    ('[{"MaHoSo": "1"}]'.encode("utf-16"), 400, "UTF-8"),
    ("[{\"MaHoSo\": \"Hồ sơ\"}]".encode("cp1258", errors="replace"), 400, "UTF-8"),
    (b"[" * 5000 + b"]" * 5000, 400, "nested"),
    (b'{"MaHoSo": "1"}', 400, "records"),
    (b"[]", 400, "no record"),
    (b"not json", 400, "not valid JSON"),
    (b"[{}]" + b" " * 10, 400, ""),
    (json.dumps([{f"k{i}": 1 for i in range(600)}]).encode(), 400, "import.max_columns"),
], ids=["nan", "utf16", "cp1258", "deep", "not-a-list", "empty", "not-json", "no-columns", "wide"])
def test_hostile_batches_get_a_clear_answer(server: Server, body: bytes, status: int, said: str) -> None:
    done = httpx.post(server.url + "/api/v1/dossiers", content=body, headers=bearer("motcua"), timeout=60)
    assert done.status_code == status, done.text[:300]
    assert said in done.json()["error"]["message"] and done.json()["error"]["message_vi"]
    assert httpx.get(server.url + "/health").json()["ok"]


def test_hostile_records_are_rejected_with_their_reason(server: Server) -> None:
    batch = [record("H21.03-251222-7030\u0000"), record("=HYPERLINK(\"http://x\")"),
             record("H21.03-251222-7031", NgayTiepNhan="00010101000000"),
             record("H21.03-251222-7032", NgayTiepNhan="99991231000000"),
             record("H21.03-251222-7033", TrichYeuHoSo="=cmd|' /C calc'!A0"),
             record("H21.03-251222-7034", NgayHenTra="20251221170000"), "not an object"]
    done = push(server, batch)
    assert done.status_code == 200, done.text
    got = statuses(done)
    assert [got[i] for i in (0, 2, 3, 5, 6)] == ["rejected"] * 5, got
    assert got[4] == "inserted", got
    late = server.client("admin").get("/late.xlsx?unit=H21.03")
    assert late.status_code == 200
    if got[1] == "inserted":  # formula text is data: in a spreadsheet it stays text, never a live formula
        from io import BytesIO

        from openpyxl import load_workbook

        sheet: Any = load_workbook(BytesIO(late.content)).active
        cells = [c for row in sheet.iter_rows() for c in row]
        found = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
        assert found and all(c.data_type == "s" for c in found), "stored as a string cell, not a formula"


def test_two_keys_for_one_column_refuse_the_batch(server: Server) -> None:
    done = push(server, [{**record("H21.03-251222-7040"), "ngayTiepNhan": "20251222083000"}])
    assert done.status_code == 400 and "'NgayTiepNhan' và 'ngayTiepNhan'" in done.json()["error"]["message_vi"]


def test_batches_over_the_limits_are_413(server: Server) -> None:
    many = httpx.post(server.url + "/api/v1/dossiers", content=b"[" + b",".join([b"{}"] * 5001) + b"]",
                      headers=bearer("motcua"), timeout=60)
    assert many.status_code == 413 and "api.max_batch_records" in many.json()["error"]["message"]
    huge = httpx.post(server.url + "/api/v1/dossiers", content=b" " * (17 * 1024 * 1024), headers=bearer("motcua"),
                      timeout=60)
    assert huge.status_code == 413 and "api.max_batch_mb" in huge.json()["error"]["message"]


def test_who_may_push_and_read(server: Server) -> None:
    url = server.url + "/api/v1/dossiers"
    assert httpx.post(url, json=[record("A-1")]).status_code == 401
    assert httpx.post(url, json=[record("A-1")], headers={"authorization": "Bearer chiso_nope"}).status_code == 401
    assert push(server, [record("A-1")], token="cu").status_code == 401, "a revoked token stops working"
    assert push(server, [record("A-1")], token="ioc").status_code == 403, "a read token may not push"
    assert httpx.get(server.url + "/api/v1/units", headers=bearer("motcua-stp")).status_code == 403
    officer = server.client("sotuphap")  # a session reads as its account, never pushes
    assert officer.post("/api/v1/dossiers", json=[record("A-1")]).status_code == 403
    assert {u["code"] for u in officer.get("/api/v1/units").json()["items"]} >= {"H21.03"}
    assert officer.get("/api/v1/late?unit=H21.04").status_code == 403


def test_the_read_api_gives_the_clis_figures_scoped(server: Server) -> None:
    everything = httpx.get(server.url + "/api/v1/units?page_size=1000", headers=bearer("ioc")).json()
    own = httpx.get(server.url + "/api/v1/units?page_size=1000", headers=bearer("ioc-stp")).json()
    assert own["total"] < everything["total"] and {u["code"] for u in own["items"]} >= {"H21.03"}
    assert "H21.04" not in {u["code"] for u in own["items"]}
    index = httpx.get(server.url + f"/api/v1/index?period={PERIOD}&level=department&page_size=1000",
                      headers=bearer("ioc-stp")).json()
    assert [r["unit_code"] for r in index["items"]] == ["H21.03"], "another unit's score is not given"
    expected: Any = server.expected["H21.03"]
    assert round(index["items"][0]["total"], 2) == round(float(expected["total"]), 2)
    assert index["items"][0]["rank"] == expected["rank"]
    value = httpx.get(server.url + f"/api/v1/indicators/ON_TIME?period={PERIOD}&unit=H21.03",
                      headers=bearer("ioc-stp")).json()["items"][0]
    assert value["denominator"] > 0 and value["value"] == pytest.approx(100 * value["numerator"] / value["denominator"])
    plan = httpx.get(server.url + "/api/v1/plans/KH-CDS-2024?at=2024-06-30&page_size=1000",
                     headers=bearer("ioc")).json()
    cli: Any = server.expected["plan"]
    bands = {k: v for k, v in cli[0]["summary"]["bands"].items() if v}
    assert plan["band_counts"] == bands, "the same bands as `chiso plan status`"
    assert {t["target_code"]: t["band"] for t in plan["items"]} == {t["target_code"]: t["band"]
                                                                    for t in cli[0]["targets"]}
    assert httpx.get(server.url + "/api/v1/index?period=0001-Q1", headers=bearer("ioc")).status_code == 400
    for state in ("", "open", "OVERDUE"):  # not one of the schema's states, an empty one included
        assert httpx.get(server.url + f"/api/v1/late?state={state}", headers=bearer("ioc")).status_code == 400


SCHEMA = schemathesis.openapi.from_dict(document())
# The bearer token is given by the test (below), so schemathesis must not generate or negate it: a "missing
# Authorization" negation that the test's own header undoes was reported as negative data accepted.
SCHEMA.config.generation.update(with_security_parameters=False)


@SCHEMA.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_matches_its_schema(server: Server, case: schemathesis.Case[Any]) -> None:
    # The token is made when the server starts (after collection), so it is given here; that every operation
    # refuses a request without one is checked below, for every path of the document. A period or a day the
    # schema cannot restrict (a period in words, 31/02, a year outside 1900–2100) is a 400, not an acceptance.
    case.call_and_validate(base_url=server.url, headers=bearer("motcua"),
                           excluded_checks=[ignored_auth, positive_data_acceptance])


def test_every_operation_needs_a_token_or_a_session(server: Server) -> None:
    for path, operations in document()["paths"].items():
        for method in operations:
            url = server.url + path.replace("{id}", "ON_TIME").replace("{code}", "KH-CDS-2024")
            done = httpx.request(method.upper(), url, timeout=60)
            assert done.status_code == 401 and done.headers["www-authenticate"] == "Bearer", (method, path)
            assert done.json()["error"]["code"] == "unauthorized"


def test_the_openapi_document_is_served(server: Server, tmp_path: Path) -> None:
    served = httpx.get(server.url + "/api/v1/openapi.json").json()
    assert served["openapi"].startswith("3.1") and set(served["paths"]) == set(document()["paths"])


def test_an_administrator_manages_tokens_in_the_web_app(server: Server) -> None:
    """On the embedded store the server holds the file, so tokens are also made and revoked from the admin page."""
    import re as regex

    from tests.web_server import csrf

    admin = server.client("admin")
    made = admin.post("/admin/tokens", data={"csrf": csrf(admin, "/admin/tokens"), "action": "add",
                                             "name": "ioc-web", "read": "1", "units": ["H21.03"]})
    assert made.status_code == 200, made.text[-300:]
    secret = regex.search(r"<code>(chiso_[^<]+)</code>", made.text)
    assert secret is not None
    headers = {"authorization": f"Bearer {secret.group(1)}"}
    assert httpx.get(server.url + "/api/v1/units", headers=headers).json()["total"] >= 1
    assert secret.group(1) not in admin.get("/admin/tokens").text, "shown once"
    assert server.client("sotuphap").get("/admin/tokens").status_code == 403
    revoked = admin.post("/admin/tokens", data={"csrf": csrf(admin, "/admin/tokens"), "action": "revoke",
                                                "name": "ioc-web"})
    assert revoked.status_code == 200
    assert httpx.get(server.url + "/api/v1/units", headers=headers).status_code == 401
    again = admin.post("/admin/tokens", data={"csrf": csrf(admin, "/admin/tokens"), "action": "add",
                                              "name": "bad name!", "push": "1"})
    assert again.status_code == 400 and "tên mã truy cập API" in again.text
