"""Who may open what: every route × role and every import kind × role, generated from the app's own registries.

The route table is read from the application (``create_app``), the import kinds from ``chiso.store.spec.KINDS``.
A route or kind that this file does not declare fails ``test_every_route_and_kind_is_declared``, so a new one is
covered as soon as it is added. Each role is then tried on each route (GET pages and POST forms with a valid CSRF
token) and each import kind, on the demo server of the web tests.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from chiso.store.spec import KINDS
from chiso.store.workspace import Workspace
from chiso.web.pages_entry import ADMIN_KINDS
from tests.web_server import ACCOUNTS, PERIOD, Server, csrf, start

EVERYONE = {"admin", "bcd", "sotuphap", "xem"}
ENTRY = {"admin", "sotuphap"}
# (method, route) -> (a path to try, who may: usernames; "public" = anyone, logged in or not)
ROUTES: dict[tuple[str, str], tuple[str, set[str] | str]] = {
    ("GET", "/login"): ("/login", "public"),
    ("POST", "/login"): ("/login", "public"),
    ("POST", "/logout"): ("/logout", EVERYONE),
    ("GET", "/lang/{code}"): ("/lang/en?next=/login", "public"),
    ("GET", "/"): (f"/?period={PERIOD}", {"admin", "bcd", "xem", "sotuphap"}),
    ("GET", "/unit/{code}"): (f"/unit/H21.03?period={PERIOD}", EVERYONE),
    ("GET", "/unit/{code}/metric/{metric}"): (f"/unit/H21.03/metric/ON_TIME?period={PERIOD}", EVERYONE),
    ("GET", "/unit/{code}/metric/{metric}.xlsx"): (f"/unit/H21.03/metric/ON_TIME.xlsx?period={PERIOD}", EVERYONE),
    ("GET", "/dossier/{number}"): ("/dossier/{dossier}", EVERYONE),
    ("GET", "/late"): ("/late", EVERYONE),
    ("GET", "/late.xlsx"): ("/late.xlsx", EVERYONE),
    ("GET", "/late/units"): ("/late/units", EVERYONE),
    ("GET", "/search"): ("/search?q=H21.03", EVERYONE),
    ("GET", "/late/units.xlsx"): ("/late/units.xlsx", EVERYONE),
    ("GET", "/plans"): ("/plans", EVERYONE),
    ("GET", "/plans/{code:path}"): ("/plans/KH-CDS-2024?period=2024-H1", EVERYONE),
    ("GET", "/values"): ("/values?plan=629/KH-UBND&target=CT01&unit=H21.03", EVERYONE),
    ("GET", "/evidence/{id:int}"): ("/evidence/999999", EVERYONE),  # no such value: 404 for whoever may ask
    ("GET", "/entry"): ("/entry", ENTRY),
    ("GET", "/entry/value"): ("/entry/value", ENTRY),
    ("POST", "/entry/value"): ("/entry/value", ENTRY),
    ("GET", "/entry/import"): ("/entry/import", ENTRY),
    ("POST", "/entry/import"): ("/entry/import", ENTRY),
    ("GET", "/jobs"): ("/jobs", EVERYONE),  # one's own imports and reports
    ("GET", "/jobs/{id}/file"): ("/jobs/none/file", EVERYONE),  # no such job: 404 for whoever may ask
    ("GET", "/admin"): ("/admin", {"admin"}),
    ("GET", "/admin/users"): ("/admin/users", {"admin"}),
    ("POST", "/admin/users"): ("/admin/users", {"admin"}),
    ("GET", "/admin/audit"): ("/admin/audit", {"admin"}),
    ("GET", "/admin/audit.xlsx"): ("/admin/audit.xlsx", {"admin"}),
    ("GET", "/admin/settings"): ("/admin/settings", {"admin"}),
    ("POST", "/admin/settings"): ("/admin/settings", {"admin"}),
    ("GET", "/public/status"): ("/public/status?number=NONE", "public"),
    ("GET", "/public/index"): (f"/public/index?period={PERIOD}", "public"),
    ("GET", "/health"): ("/health", "public"),
    ("GET", "/indicators"): ("/indicators", EVERYONE),
    ("GET", "/indicator/{id}"): (f"/indicator/ONLINE_RATE?period={PERIOD}&unit=H21.03", EVERYONE),
    ("GET", "/reports"): ("/reports", EVERYONE),
    ("POST", "/reports"): ("/reports", EVERYONE),
    ("GET", "/pdf"): (f"/pdf?page=/unit/H21.03%3Fperiod%3D{PERIOD}", EVERYONE),
    ("GET", "/tasks"): (f"/tasks?period={PERIOD}", EVERYONE),
    ("GET", "/rankings"): ("/rankings", EVERYONE),
    ("GET", "/accountability"): (f"/accountability?period={PERIOD}", EVERYONE),
    ("GET", "/achievements"): (f"/achievements?period={PERIOD}", EVERYONE),
    ("GET", "/scorecards"): ("/scorecards", EVERYONE),
    ("GET", "/scorecard"): ("/scorecard?id=PAR_INDEX_UNITS&year=2024", EVERYONE),
    ("GET", "/scorecard/unit"): ("/scorecard/unit?id=PAR_INDEX_UNITS&year=2024&unit=H21.03", EVERYONE),
    ("POST", "/scorecard/score"): ("/scorecard/score", EVERYONE),  # each stage checked: self by the unit's
    ("GET", "/scorecard/evidence/{id:int}"): ("/scorecard/evidence/999999", EVERYONE),
    ("POST", "/achievements"): ("/achievements", ENTRY),
    ("GET", "/achievements/evidence"): ("/achievements/evidence?key=NONE", EVERYONE),
    ("GET", "/tasks.xlsx"): (f"/tasks.xlsx?period={PERIOD}", EVERYONE),
    ("GET", "/task"): ("/task?code=NONE", EVERYONE),  # no such task: 404 for whoever may ask
    ("POST", "/task/report"): ("/task/report", ENTRY),
    ("POST", "/task/review"): ("/task/review", {"admin", "bcd"}),
    ("POST", "/task/extend"): ("/task/extend", {"admin"}),
    ("POST", "/task/save"): ("/task/save", ENTRY),
    ("GET", "/task/evidence/{id:int}"): ("/task/evidence/999999", EVERYONE),
    ("GET", "/inbox"): ("/inbox", EVERYONE),
    ("GET", "/admin/tokens"): ("/admin/tokens", {"admin"}),
    ("POST", "/admin/tokens"): ("/admin/tokens", {"admin"}),
    ("POST", "/apology"): ("/apology", ENTRY),
    ("POST", "/apology/sent"): ("/apology/sent", ENTRY),
    ("POST", "/inbox/read"): ("/inbox/read", EVERYONE),
    # the API: a session reads as its account (tokens: tests/test_api.py); pushing needs a token
    ("GET", "/api/v1/units"): ("/api/v1/units", EVERYONE),
    ("GET", "/api/v1/indicators"): ("/api/v1/indicators", EVERYONE),
    ("GET", "/api/v1/indicators/{id}"): (f"/api/v1/indicators/ON_TIME?period={PERIOD}&unit=H21.03", EVERYONE),
    ("GET", "/api/v1/index"): (f"/api/v1/index?period={PERIOD}", EVERYONE),
    ("GET", "/api/v1/plans"): ("/api/v1/plans", EVERYONE),
    ("GET", "/api/v1/plans/{code}"): ("/api/v1/plans/KH-CDS-2024?at=2024-06-30", EVERYONE),
    ("GET", "/api/v1/late"): ("/api/v1/late", EVERYONE),
    ("GET", "/api/v1/openapi.json"): ("/api/v1/openapi.json", "public"),
    ("POST", "/api/v1/dossiers"): ("/api/v1/dossiers", set()),
}
# Pages of one unit: the officer of Sở Tư pháp (H21.03) is refused those of Sở Tài chính (H21.04).
FOREIGN = [f"/unit/H21.04?period={PERIOD}", f"/unit/H21.04/metric/ON_TIME?period={PERIOD}",
           f"/unit/H21.04/metric/ON_TIME.xlsx?period={PERIOD}", "/values?plan=629/KH-UBND&target=CT01&unit=H21.04",
           f"/indicator/ONLINE_RATE?period={PERIOD}&unit=H21.04", f"/pdf?page=/unit/H21.04%3Fperiod%3D{PERIOD}",
           f"/tasks?unit=H21.04&period={PERIOD}", f"/tasks.xlsx?unit=H21.04&period={PERIOD}",
           f"/achievements?unit=H21.04&period={PERIOD}",
           "/scorecard/unit?id=PAR_INDEX_UNITS&year=2024&unit=H21.04", "/api/v1/late?unit=H21.04",
           f"/api/v1/indicators/ON_TIME?period={PERIOD}&unit=H21.04"]
# One row of another unit (H21.04) for each kind an officer may import: the whole file must be refused.
FOREIGN_ROWS = {
    "dossiers": "number,procedure,processing_unit,receiving_unit,received_at,finished_at,channel\n"
                "ACL-1,1.001193,H21.04,H21.04,2024-05-02 08:00,2024-05-03 08:00,direct\n",
    "feedback": "id,unit_code,received_at,category\nACL-PAKN-1,H21.04,2024-05-02 08:00,Thủ tục\n",
    "reported": "indicator,unit_code,period,value\nPAYMENT,H21.04,2024-Q2,9.5\n",
    "plan": "plan,target_code,name,unit_code,target_value,deadline\nKH-CDS-2024,CT98,Chỉ tiêu,H21.04,10,2024-12-31\n",
    "achievements": "Loại,Tên,Đơn vị,Ngày\nmô hình,Một cửa thông minh,Sở Tài chính,01/03/2024\n",
    "tasks": "Mã nhiệm vụ,Nội dung nhiệm vụ,Cơ quan chủ trì,Thời hạn hoàn thành\nACL-T1,Việc,Sở Tài chính,30/6/2024\n",
}


def app_routes(tmp: Path) -> set[tuple[str, str]]:
    from chiso.web.app import create_app

    app = create_app(Workspace(tmp, tmp / "routes.duckdb", tmp / "config"), warm=False)
    found = set()
    for route in app.routes:
        for method in getattr(route, "methods", None) or []:
            if method != "HEAD":
                found.add((method, str(getattr(route, "path", ""))))
    return found


def test_every_route_and_kind_is_declared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHISO_HOME", str(tmp_path))
    routes = app_routes(tmp_path)
    assert routes == set(ROUTES), f"declare who may open: {sorted(routes - set(ROUTES))}; gone: " \
                                  f"{sorted(set(ROUTES) - routes)}"
    for kind in KINDS:
        assert kind in ADMIN_KINDS or kind in FOREIGN_ROWS, f"import kind {kind}: admin-only, or give a foreign row"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from start(tmp_path_factory.mktemp("access"))


def expected_roles(key: tuple[str, str]) -> set[str] | str:
    return ROUTES[key][1]


CASES = [(m, r, u) for (m, r) in ROUTES for u in [*ACCOUNTS, None]]


@pytest.mark.parametrize(("method", "route", "username"), CASES,
                         ids=[f"{m} {r} {u or 'anonymous'}" for m, r, u in CASES])
def test_each_role_on_each_route(server: Server, method: str, route: str, username: str | None) -> None:
    path, allowed = ROUTES[(method, route)]
    if "{dossier}" in path:
        import re

        page = server.client("bcd").get(f"/unit/H21.03/metric/ON_TIME?period={PERIOD}").text
        number = re.search(r'href="/dossier/([^"#?]+)', page)
        assert number is not None
        path = path.replace("{dossier}", number.group(1))
    client = server.client(username)
    if method == "GET":
        status = client.get(path).status_code
    else:
        token = csrf(client, "/login") if username is None else csrf(client, "/reports")
        status = client.post(path, data={"csrf": token}).status_code
    assert status != 500, (method, path, username)
    if allowed == "public":  # a POST without the login form's own token is refused (403): never a 500
        assert status in (200, 303, 400, 401, 404) or (method == "POST" and status == 403), (method, path, status)
    elif username is None:
        assert status in (303, 401, 403), (method, path, status)  # to the login page (POST: no session)
    elif username in allowed:
        assert status in (200, 303, 400, 404, 422), (method, path, username, status)
    else:
        assert status == 403, (method, path, username, status)


@pytest.mark.parametrize("path", FOREIGN)
def test_an_officer_is_refused_another_units_pages(server: Server, path: str) -> None:
    assert server.client("sotuphap").get(path).status_code == 403
    assert server.client("bcd").get(path).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_each_import_kind_is_scoped(server: Server, kind: str) -> None:
    officer = server.client("sotuphap")
    body = FOREIGN_ROWS.get(kind, "code,name\nX,Y\n")
    done = officer.post("/entry/import", data={"csrf": csrf(officer, "/entry/import"), "kind": kind},
                        files={"file": (f"{kind}.csv", body.encode(), "text/csv")})
    if kind in ADMIN_KINDS:
        assert done.status_code == 403, (kind, done.status_code)
    else:
        assert done.status_code == 422 and "ngoài phạm vi" in done.text, (kind, done.status_code,
                                                                              done.text[-600:])
