"""The web application end to end: real `chiso serve`, real Chromium (Debian) driven by Playwright.

Screenshots of the main pages are saved in test-artifacts/screens/ (CHISO_ARTIFACTS overrides).
"""

import io
import os
import re
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect, sync_playwright

from chiso.domain.formatting import vn_number
from tests.web_server import ACCOUNTS, CHROMIUM, CHROMIUM_ARGS, PERIOD, Server, csrf, sign_in, start

ARTIFACTS = Path(os.environ.get("CHISO_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts"))
PAGES = {  # path: (name of the screenshot, roles that may open it)
    f"/?period={PERIOD}": ("overview", {"admin", "bcd", "xem"}),
    f"/unit/H21.03?period={PERIOD}": ("unit", {"admin", "bcd", "sotuphap", "xem"}),
    f"/unit/H21.03/metric/ON_TIME?period={PERIOD}": ("drill-down", {"admin", "bcd", "sotuphap", "xem"}),
    "/late": ("late-dossiers", {"admin", "bcd", "sotuphap", "xem"}),
    "/late/units": ("late-by-unit", {"admin", "bcd", "sotuphap", "xem"}),
    "/plans": ("plans", {"admin", "bcd", "sotuphap", "xem"}),
    "/plans/KH-CDS-2024?period=2024-H1": ("plan", {"admin", "bcd", "sotuphap", "xem"}),
    f"/plans/629/KH-UBND?period={PERIOD}": ("campaign", {"admin", "bcd", "sotuphap", "xem"}),
    f"/indicator/ONLINE_RATE?period={PERIOD}&unit=H21.03": ("indicator", {"admin", "bcd", "sotuphap", "xem"}),
    "/entry/value": ("data-entry", {"admin", "sotuphap"}),
    "/entry/import": ("import", {"admin", "sotuphap"}),
    "/jobs": ("jobs", {"admin", "bcd", "sotuphap", "xem"}),
    "/reports": ("reports", {"admin", "bcd", "sotuphap", "xem"}),
    "/tasks?period=2025": ("tasks", {"admin", "bcd", "sotuphap", "xem"}),
    "/accountability?period=2025": ("accountability", {"admin", "bcd", "sotuphap", "xem"}),
    "/achievements?period=2025": ("achievements", {"admin", "bcd", "sotuphap", "xem"}),
    "/scorecards": ("scorecards", {"admin", "bcd", "sotuphap", "xem"}),
    "/scorecard/unit?id=EGOV_LEVELS&year=2025&unit=H21.03": ("scorecard-unit", {"admin", "bcd", "sotuphap", "xem"}),
    "/rankings": ("rankings", {"admin", "bcd", "sotuphap", "xem"}),
    "/admin/users": ("admin-users", {"admin"}),
    "/admin/audit": ("audit-log", {"admin"}),
    "/admin/settings": ("admin-settings", {"admin"}),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from start(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def log_in(browser: Browser, server: Server, username: str, width: int = 1280) -> Page:
    return sign_in(browser.new_page(viewport={"width": width, "height": 900}), server, username)


@pytest.mark.parametrize("username", list(ACCOUNTS))
def test_each_role_opens_its_pages_and_not_the_others(browser: Browser, server: Server, username: str) -> None:
    page = log_in(browser, server, username)
    shots = ARTIFACTS / "screens"
    shots.mkdir(parents=True, exist_ok=True)
    for path, (name, roles) in PAGES.items():
        response = page.goto(server.url + path)
        assert response is not None
        if username in roles:
            assert response.status == 200, (username, path, response.status)
            expect(page.locator("h1")).to_be_visible()
            assert page.locator("text=Internal Server Error").count() == 0
            if username == "admin" or (username == "sotuphap" and name == "unit"):
                page.screenshot(path=str(shots / f"{name}-{username}.png"), full_page=True)
        elif name == "overview":  # a unit officer is taken to their own unit
            assert page.url.startswith(server.url + "/unit/H21.03"), page.url
        else:
            assert response.status == 403, (username, path, response.status)
    page.close()


def test_phone_width_overview(browser: Browser, server: Server) -> None:
    page = log_in(browser, server, "bcd", width=390)
    page.goto(f"{server.url}/?period={PERIOD}")
    expect(page.locator("#province-total")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 420, f"the overview scrolls sideways on a phone ({width} px)"
    page.screenshot(path=str(ARTIFACTS / "screens" / "overview-phone.png"), full_page=False)


def test_numbers_equal_the_cli(browser: Browser, server: Server) -> None:
    page = log_in(browser, server, "bcd")
    page.goto(f"{server.url}/?period={PERIOD}")
    province = server.expected["52"]
    assert isinstance(province, dict)
    expect(page.locator("#province-total")).to_have_text(vn_number(province["total"], 2))
    page.goto(f"{server.url}/unit/H21.03?period={PERIOD}")
    unit = server.expected["H21.03"]
    assert isinstance(unit, dict)
    expect(page.locator("#unit-total")).to_have_text(vn_number(unit["total"], 2))
    expect(page.locator("#unit-rank")).to_have_text(str(unit["rank"]))
    on_time = next(m for m in unit["metrics"] if m["code"] == "ON_TIME")
    row = page.locator("#metric-ON_TIME")
    expect(row.locator("td").nth(2)).to_have_text(vn_number(on_time["numerator"]))
    expect(row.locator("td").nth(3)).to_have_text(vn_number(on_time["denominator"]))
    plan = server.expected["plan"]
    assert isinstance(plan, list)
    page.goto(f"{server.url}/plans/KH-CDS-2024?period=2024-H1")
    expect(page.locator("#plan-sentence")).to_have_text(plan[0]["summary"]["text"])


def _expected(server: Server, key: str) -> list[dict[str, object]]:
    rows = server.expected[key]  # from the CLI, before serving (the store is the server's while it runs)
    assert isinstance(rows, list)
    return rows


def _number(text: str) -> int:
    return int(text.strip().replace(".", ""))


def test_the_overdue_count_is_the_same_everywhere(server: Server) -> None:
    """Overview, unit page, late monitor (both and overdue only), per-unit summary, the CLI and the catalogue's
    OVERDUE_OPEN indicator give one number for "overdue now", with one definition."""
    bcd = server.client("bcd")
    units = _expected(server, "late_units")
    root = next(u for u in _expected(server, "units") if u["parent_code"] is None)
    overview = bcd.get("/").text
    shown = _number(re.search(r'id="overdue-count"[^>]*>([^<]+)<', overview).group(1))  # type: ignore[union-attr]
    indicator = _expected(server, "overdue_indicator")  # the quarter of the latest data: statuses at that moment
    assert indicator[0]["numerator"] == shown, "the catalogue's indicator at the same moment"
    for path in ("/late", "/late?state=overdue"):
        page = bcd.get(path).text
        assert _number(re.search(r'id="late-overdue">([^<]+)<', page).group(1)) == shown, path  # type: ignore[union-attr]
        assert "Quá hạn: hồ sơ chưa giải quyết xong" in page, "the page says what it counts"
    assert _number(re.search(r'id="overdue-count"[^>]*>([^<]+)<',  # type: ignore[union-attr]
                             bcd.get(f"/unit/{root['code']}").text).group(1)) == shown
    departments = [u for u in units if u["level"] == "department"]
    assert sum(int(u["overdue"]) for u in departments) <= shown  # type: ignore[call-overload]
    for u in departments[:5]:
        unit_page = bcd.get(f"/unit/{u['unit_code']}").text
        assert _number(re.search(r'id="overdue-count"[^>]*>([^<]+)<', unit_page).group(1)) == u["overdue"]  # type: ignore[union-attr]
        monitor = bcd.get(f"/late?unit={u['unit_code']}&state=overdue").text
        assert _number(re.search(r'id="late-overdue">([^<]+)<', monitor).group(1)) == u["overdue"]  # type: ignore[union-attr]
    officer = server.client("sotuphap")
    mine = officer.get("/late/units").text
    assert re.findall(r'<tr data-unit="([^"]+)"', mine) == ["H21.03"], "an officer sees their unit only"


def test_departments_with_overdue_dossiers_to_excel(browser: Browser, server: Server) -> None:
    """A steering-committee member at 1366 px: from the overview to the per-department overdue table, and all of
    it to Excel in one click; the figures equal the engine's (`chiso late units`)."""
    expected = [u for u in _expected(server, "late_units") if u["level"] == "department"]
    page = log_in(browser, server, "bcd", width=1366)
    page.get_by_role("link", name="Quá hạn theo đơn vị").first.click()
    page.wait_for_load_state("load")
    rows = page.locator("#late-units-department tbody tr")
    expect(rows).to_have_count(len(expected))
    first = rows.first.locator("td")
    expect(first.nth(0)).to_have_text(str(expected[0]["unit_name"]))
    expect(first.nth(1)).to_have_text(vn_number(int(expected[0]["overdue"])))  # type: ignore[call-overload]
    width = page.evaluate("() => [document.querySelector('#late-units-department').getBoundingClientRect().width, "
                          "document.querySelector('main').clientWidth]")
    assert width[0] <= width[1], "the table fits its container"
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Xuất Excel")).click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    sheet = book.active
    assert sheet is not None
    cells = list(sheet.iter_rows(values_only=True))
    assert "DỮ LIỆU MÔ PHỎNG" in str(cells[1][0]), "the synthetic-data label, as on every page"
    header = list(cells[3])
    body = [dict(zip(header, r, strict=True)) for r in cells[4:]]
    got = [(r["Mã đơn vị"], r["Quá hạn"], r["Sắp đến hạn"]) for r in body if r["Cấp"] == "Sở, ban, ngành"]
    assert got == [(u["unit_code"], u["overdue"], u["due_soon"]) for u in expected]
    assert all(isinstance(r["Quá hạn"], int) for r in body), "counts are numbers in Excel, not text"
    page.close()


def test_the_campaign_rolled_up_by_unit(browser: Browser, server: Server) -> None:
    """Task 3 of issue 13: how the 100-day campaign goes per unit, at 1366 px: one row per unit with its
    milestones by state (the engine's, `chiso campaign status`), the worst first, filtered, the detail one
    click away."""
    milestones = server.expected["campaign"][0]["milestones"]  # type: ignore[index]
    order = ["missed", "at_risk", "no_data", "on_track", "reached"]
    worst: dict[str, str] = {}
    for m in milestones:
        unit, state = str(m["unit_code"]), str(m["state"])
        if unit not in worst or order.index(state) < order.index(worst[unit]):
            worst[unit] = state
    page = log_in(browser, server, "bcd", width=1366)
    page.goto(f"{server.url}/plans")
    page.get_by_role("link", name=re.compile("Chiến dịch 100 ngày")).first.click()
    page.wait_for_load_state("load")
    if "period=" not in page.url or "2024-Q2" not in page.url:
        page.goto(f"{server.url}/plans/629/KH-UBND?period={PERIOD}")
    rows = page.locator("#campaign-units tbody tr")
    expect(rows).to_have_count(len(worst))
    shown = {r.get_attribute("data-unit"): r.locator("td").last.inner_text() for r in rows.all()}
    vi = {"missed": "không đạt", "at_risk": "có nguy cơ không đạt", "no_data": "chưa có số liệu",
          "on_track": "đúng tiến độ", "reached": "đã đạt"}
    assert shown == {u: vi[s] for u, s in worst.items()}
    ranks = [order.index(next(k for k, v in vi.items() if v == t)) for t in shown.values()]
    assert ranks == sorted(ranks), "the units in the worst state first"
    page.select_option("#campaign-filters select[name=state]", "reached")
    page.locator("#campaign-filters button").click()
    reached = {u for u in worst if any(m["unit_code"] == u and m["state"] == "reached" for m in milestones)}
    expect(page.locator("#campaign-units tbody tr")).to_have_count(len(reached))
    page.goto(f"{server.url}/plans/629/KH-UBND?period={PERIOD}")
    first = page.locator("#campaign-units tbody tr").first
    code = first.get_attribute("data-unit")
    first.locator("a").click()
    page.wait_for_load_state("load")
    detail = page.locator("#campaign-detail")
    expect(detail).to_have_attribute("open", "")
    expect(page.locator("#targets tbody tr")).to_have_count(sum(1 for m in milestones if m["unit_code"] == code))
    empty = [c.inner_text() for c in page.locator("#targets tbody tr td:nth-child(9)").all()]
    assert all(text.strip() for text in empty), "the forecast column says something in every row"
    page.close()


def _decimal(text: str) -> float:
    return float(re.sub(r"[^\d,\-]", "", text).replace(",", "."))


def test_a_unit_page_adds_up(server: Server) -> None:
    """Every counted group is the sum of its metrics, the total the sum of the groups; reported and provisional
    group scores are shown and labelled, with the provisional formula's note."""
    from html import unescape

    for code in ("52", "H21.03"):
        page = unescape(server.client("bcd").get(f"/unit/{code}?period={PERIOD}").text)
        table = page[page.index('id="metrics"'):page.index("</table>", page.index('id="metrics"'))]
        groups = re.findall(r'<tr class="group-total" id="group-([^"]+)">(.*?)</tr>', table, re.S)
        assert groups, code
        expected = server.expected[code]
        assert isinstance(expected, dict)
        sources = {g["code"]: g["source"] for g in expected["groups"]}
        group_sum = 0.0
        for group, row in groups:
            cells = re.findall(r'<td class="num">(.*?)</td>', row, re.S)
            score = _decimal(re.sub("<[^>]+>", "", cells[0]))
            group_sum += score
            if sources[group] not in ("computed", "missing"):
                label = {"reported": "số liệu báo cáo", "provisional": "tạm tính"}[sources[group]]
                assert label in row, (code, group)
            if sources[group] == "provisional":
                assert f'id="note-{group}"' in page, (code, group)
        total = _decimal(re.search(r'id="metrics-total">([^<]+)<', table).group(1))  # type: ignore[union-attr]
        assert abs(group_sum - total) < 0.005 and abs(total - float(expected["total"])) < 0.005, code
        for group in {g for g, s in sources.items() if s in ("computed", "missing")}:
            metric_scores = [m["score"] for m in expected["metrics"] if m["group"] == group and m["max"]]
            group_score = next(g["score"] for g in expected["groups"] if g["code"] == group)
            assert abs(sum(metric_scores) - group_score) < 0.005, (code, group)



def test_the_tasks_by_keyboard_only(browser: Browser, server: Server) -> None:
    """Tasks 1, 2 and 4 of issue 13 with the keyboard alone (focus and Enter, typing), at 1366 px: the lowest
    commune of 2024-Q2, why, which dossiers; departments with overdue dossiers to Excel; the review as Word."""
    page = log_in(browser, server, "bcd", width=1366)
    page.goto(f"{server.url}/?period={PERIOD}")
    page.locator("#communes-section summary").focus()
    page.keyboard.press("Enter")
    table = page.locator("#ranking-communes")
    expect(table).to_be_visible()
    totals = {r.locator("td.unit-col").inner_text(): _decimal(r.locator("td").nth(2).inner_text())
              for r in table.locator("tbody tr").all()}
    lowest = min(totals, key=lambda name: totals[name])
    sort = table.locator("thead th", has_text="Tổng điểm").locator("button")
    sort.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    expect(table.locator("thead th", has_text="Tổng điểm")).to_have_attribute("aria-sort", "ascending")
    first = table.locator("tbody tr").first.locator("td.unit-col a")
    expect(first).to_have_text(lowest)
    first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(lowest)
    why = page.locator("#metrics tr.loses a").first
    why.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#costing")).to_be_visible()
    page.goto(f"{server.url}/?period={PERIOD}")
    page.get_by_role("link", name="Quá hạn theo đơn vị").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#late-units-department")).to_be_visible()
    page.get_by_role("link", name=re.compile("Xuất Excel")).focus()
    with page.expect_download() as sheet:
        page.keyboard.press("Enter")
    assert sheet.value.suggested_filename.endswith(".xlsx")
    page.goto(f"{server.url}/reports")
    period = page.locator("input[name=period]")
    period.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Quý II/2024")
    page.keyboard.press("Tab")  # the unit: the province by default
    page.keyboard.press("Tab")  # the format: Word by default
    page.keyboard.press("Tab")
    with page.expect_download(timeout=120_000) as report:
        page.keyboard.press("Enter")
    assert report.value.suggested_filename.endswith(".docx") and "2024-Q2" in report.value.suggested_filename
    page.close()


def test_drill_down_from_the_ranking_to_a_dossier_and_its_due_date(browser: Browser, server: Server) -> None:
    page = log_in(browser, server, "bcd")
    page.goto(f"{server.url}/?period={PERIOD}")
    page.locator("table.grid a", has_text="Sở Tư pháp").first.click()
    expect(page.locator("h1")).to_contain_text("Sở Tư pháp")
    page.locator("#metric-ON_TIME a").first.click()
    expect(page.locator("h1")).to_contain_text("ON_TIME")
    counts = page.locator("#counts").inner_text()
    numerator, denominator = (int(x.replace(".", "")) for x in counts.split(" / "))
    costing = int(page.locator("#costing").inner_text().replace(".", ""))
    assert costing == denominator - numerator, "the listed dossiers are exactly those not counted on time"
    if costing:
        page.locator("#items tbody a").first.click()
        expect(page.locator("#due-steps li").first).to_contain_text("Tiếp nhận")
        expect(page.locator("#due")).not_to_be_empty()


def test_import_with_bad_rows_shows_every_rejected_row(browser: Browser, server: Server, tmp_path: Path) -> None:
    bad = tmp_path / "ho-so-loi.csv"
    bad.write_text("Số hồ sơ,Mã TTHC,Đơn vị tiếp nhận,Đơn vị xử lý,Ngày tiếp nhận,Kênh\n"
                   "H21.03-X-1,KHONG-CO,H21.03,H21.03,2024-05-02 08:00,direct\n"
                   "H21.03-X-2,1.001193,H21.03,H21.03,31/02/2024,direct\n", encoding="utf-8")
    page = log_in(browser, server, "sotuphap")
    page.goto(server.url + "/entry/import")
    page.select_option("select[name=kind]", "dossiers")
    page.set_input_files("input[name=file]", str(bad))
    page.click("#import-form button")
    expect(page.locator("#rejected-summary")).to_contain_text("không ghi gì")
    lines = page.locator("#rejects tbody tr td:first-child").all_inner_texts()
    assert {"2", "3"} <= set(lines), lines
    page.screenshot(path=str(ARTIFACTS / "screens" / "import-rejected.png"), full_page=True)


def test_reported_value_with_evidence_reaches_the_audit_log(browser: Browser, server: Server, tmp_path: Path) -> None:
    proof = tmp_path / "biên bản nghiệm thu.pdf"  # a Vietnamese file name (once a 500 on download)
    proof.write_bytes(b"%PDF-1.4 bien ban nghiem thu")
    page = log_in(browser, server, "admin")
    page.goto(server.url + "/entry/value")
    option = page.locator("select[name=target] option", has_text="CT20").first
    page.select_option("select[name=target]", option.get_attribute("value"))
    page.fill("input[name=value]", "12,5")
    page.fill("input[name=as_of]", "2024-10-15")
    page.fill("input[name=comment]", "=HYPERLINK(\"http://x.invalid\",\"Theo biên bản nghiệm thu\")")
    page.set_input_files("input[name=evidence]", str(proof))
    page.click("form.stack button")
    expect(page.locator("p.ok")).to_contain_text("CT20")
    page.goto(server.url + "/admin/audit?action=target_value")
    row = page.locator("#audit tbody tr").first
    expect(row).to_contain_text("CT20")
    expect(row).to_contain_text("12.5")
    expect(row).to_contain_text("biên bản nghiệm thu.pdf")
    expect(row).to_contain_text("Theo biên bản nghiệm thu")
    export = server.client("admin").get("/admin/audit.xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells), "an officer's comment never becomes a formula"
    page.goto(server.url + "/plans/KH-CDS-2024?period=2024")
    page.locator("#targets tr", has_text="CT20").locator("a[href^='/values']").click()
    expect(page.locator("#values")).to_contain_text("biên bản nghiệm thu.pdf")
    link = page.locator("#values a[href^='/evidence/']").first.get_attribute("href")
    assert link is not None
    download = server.client("admin").get(link)
    assert download.status_code == 200 and download.content == proof.read_bytes(), "kept as uploaded"
    assert "filename*=UTF-8''bi%C3%AAn%20b%E1%BA%A3n" in download.headers["content-disposition"]
    assert server.client("sotuphap").get(link).status_code == 403, "evidence of another unit is not served"


def test_unit_officer_is_refused_other_units_on_the_server(server: Server) -> None:
    officer = server.client("sotuphap")
    other = "H21.04"
    for path in (f"/unit/{other}", f"/unit/{other}/metric/ON_TIME", f"/unit/{other}/metric/ON_TIME.xlsx",
                 f"/late?unit={other}", f"/late.xlsx?unit={other}", f"/indicator/ONLINE_RATE?unit={other}",
                 "/admin/users", "/admin/audit.xlsx", "/admin/settings"):
        assert officer.get(path).status_code == 403, path
    own = officer.get("/late.xlsx")
    assert own.status_code == 200 and own.content[:2] == b"PK"
    bcd = server.client("bcd")
    late = bcd.get(f"/late?unit={other}")
    number = re.search(r'href="/dossier/([^"#]+)"', late.text)
    if number:
        assert officer.get(f"/dossier/{number.group(1)}").status_code == 403
    post = officer.post("/entry/value", data={"csrf": csrf(officer, "/entry/value"), "target": "KH-CDS-2024|CT20|52",
                                              "value": "1", "as_of": "2024-10-01"})
    assert post.status_code == 403, "an officer enters data only for their unit"
    forged = officer.post("/entry/value", data={"csrf": "forged", "target": "x|y|H21.03", "value": "1",
                                                "as_of": "2024-10-01"})
    assert forged.status_code == 403, "a form without the session's CSRF token is refused"
    assert server.client().get("/late").status_code == 303, "not logged in: sent to the login page"


def test_login_cookie_flags_and_throttling(server: Server) -> None:
    client = server.client("xem")
    cookie = next(c for c in client.cookies.jar if c.name == "chiso_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert cookie.get_nonstandard_attr("SameSite", "").lower() == "lax"
    stranger = httpx.Client(base_url=server.url, timeout=60)
    token = csrf(stranger, "/login")
    codes = [stranger.post("/login", data={"csrf": token, "username": "xem", "password": "wrong-one"}
                           ).status_code for _ in range(5)]
    assert codes == [401] * 5
    right = stranger.post("/login", data={"csrf": token, "username": "xem",  # xem is not used after this
                                          "password": ACCOUNTS["xem"][2]})
    assert right.status_code == 429, "locked after 5 failures, even with the right password"


def test_public_pages_need_no_login_and_show_no_personal_data(server: Server) -> None:
    public = server.client()
    index = public.get(f"/public/index?period={PERIOD}")
    assert index.status_code == 200 and "Sở Tư pháp" in index.text
    listing = server.client("bcd").get(f"/unit/52/metric/ON_TIME?period={PERIOD}")
    number = re.search(r'href="/dossier/([^"#]+)"', listing.text)
    assert number is not None
    status = public.get("/public/status", params={"number": number.group(1)})
    assert status.status_code == 200 and number.group(1) in status.text
    assert "applicant" not in status.text and "/dossier/" not in status.text
    assert public.get("/public/status", params={"number": "KHONG-CO"}).status_code == 404


def test_bad_parameters_get_a_clear_answer(server: Server) -> None:
    client = server.client("bcd")
    for path, code, text in ((f"/unit/H21.03?period={PERIOD}&dossiers=abc", 400, "abc"),
                             ("/?period=2024-Q7", 400, "2024-Q7"),
                             ("/late?within=x", 400, "số ngày làm việc sắp đến hạn"),
                             ("/indicator/ONLINE_RATE?by=color", 400, "chia theo: &#39;color&#39;"),
                             ("/unit/NOPE", 404, ""),
                             ("/plans/KH-NOPE", 404, ""), ("/?period=0001-Q1", 400, "0001-Q1"),
                             ("/unit/H21.03?period=2024-01-01..9999-12-31", 400, "9999-12-31"),
                             ("/public/index?period=0001-Q1", 400, "0001-Q1"),
                             ("/indicator/ONLINE_RATE?period=0001", 400, "0001")):
        response = client.get(path)
        assert response.status_code == code and text in response.text, (path, response.status_code)
        assert "Traceback" not in response.text


def test_pages_load_nothing_from_outside(server: Server) -> None:
    client = server.client("admin")
    for path in ("/", f"/unit/H21.03?period={PERIOD}", "/login"):
        response = client.get(path)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert not re.search(r'(src|href)="(https?:)?//', response.text), path
    assert client.get("/static/chiso.css").status_code == 200


def test_admin_changes_bands_and_a_local_day_off_with_audit(server: Server) -> None:
    """Runs last: the new calendar moves due dates, which the earlier tests compared with the CLI."""
    admin = server.client("admin")
    token = csrf(admin, "/admin/settings")
    before = admin.get(f"/?period={PERIOD}").text
    assert "Cần cố gắng" not in before
    done = admin.post("/admin/settings", data={"csrf": token, "what": "setting", "key": "index.bands",
                                               "value": "60=Khá; 0=Cần cố gắng", "reason": "Theo QĐ của tỉnh"})
    assert done.status_code == 200 and "Đã lưu" in done.text
    assert "Cần cố gắng" in admin.get(f"/?period={PERIOD}").text, "the overview shows the new bands at once"
    bad = admin.post("/admin/settings", data={"csrf": token, "what": "setting", "key": "plan.band_high",
                                              "value": "bảy mươi"})
    assert bad.status_code == 400 and "plan.band_high" in bad.text
    day = admin.post("/admin/settings", data={"csrf": token, "what": "calendar", "day": "2024-06-14",
                                              "kind": "off", "name": "Nghỉ địa phương", "source": "QĐ 1/QĐ-UBND"})
    assert day.status_code == 200 and "2024-06-14,off,Nghỉ địa phương" in day.text
    audit = admin.get("/admin/audit").text
    for needed in ("setting.set", "index.bands", "Theo QĐ của tỉnh", "calendar.set", "2024-06-14"):
        assert needed in audit, needed


def test_admin_adds_disables_and_resets_an_account(browser: Browser, server: Server) -> None:
    page = log_in(browser, server, "admin")
    page.goto(server.url + "/admin/users")
    form = page.locator("#add-user")
    form.locator("input[name=username]").fill("canbo.xa")
    form.locator("select[name=role]").select_option("unit_officer")
    form.locator("select[name=unit]").select_option("H21.03")
    form.locator("input[name=password]").fill("mat-khau-dai-1")
    form.locator("button").click()
    expect(page.locator("#user-canbo\\.xa")).to_contain_text("H21.03")
    newcomer = httpx.Client(base_url=server.url, timeout=60)

    def attempt(password: str) -> int:
        return newcomer.post("/login", data={"csrf": csrf(newcomer, "/login"), "username": "canbo.xa",
                                             "password": password}).status_code

    assert attempt("mat-khau-dai-1") == 303
    assert newcomer.get("/unit/H21.03").status_code == 200
    page.locator("#user-canbo\\.xa button", has_text="Khóa").click()
    expect(page.locator("#user-canbo\\.xa")).to_contain_text("Mở khóa")
    assert newcomer.get("/unit/H21.03").status_code == 303, "a disabled account's session ends at once"
    assert attempt("mat-khau-dai-1") == 401
    page.locator("#user-canbo\\.xa button", has_text="Mở khóa").click()
    page.locator("#user-canbo\\.xa input[name=password]").fill("mat-khau-moi-2")
    page.locator("#user-canbo\\.xa button", has_text="Đặt lại").click()
    expect(page.locator("#user-canbo\\.xa")).to_contain_text("✓")
    assert attempt("mat-khau-moi-2") == 303
    audit = server.client("admin").get("/admin/audit?action=user").text
    for needed in ("user.add", "user.active", "user.password", "canbo.xa"):
        assert needed in audit, needed


def test_unit_page_shows_the_portal_beside_chiso(browser: Browser, server: Server, tmp_path: Path) -> None:
    portal = tmp_path / "cong-quoc-gia.csv"
    portal.write_text("unit_code,unit_name,metric_code,numerator,denominator,score,period\n"
                      f"H21.03,Sở Tư pháp,ON_TIME,100,120,16.67,{PERIOD}\n"
                      f"H21.03,Sở Tư pháp,TOTAL,,,53.13,{PERIOD}\n", encoding="utf-8")
    officer = log_in(browser, server, "sotuphap")  # the portal's figures are province-wide: administrators only
    officer.goto(server.url + "/entry/import")
    officer.select_option("select[name=kind]", "published")
    officer.set_input_files("input[name=file]", str(portal))
    with officer.expect_response(lambda r: r.url.endswith("/entry/import") and r.request.method == "POST") as seen:
        officer.click("#import-form button")
    assert seen.value.status == 403
    page = log_in(browser, server, "admin")
    page.goto(server.url + "/entry/import")
    page.select_option("select[name=kind]", "published")
    page.set_input_files("input[name=file]", str(portal))
    page.click("#import-form button")
    expect(page.locator("#import-result p.ok")).to_contain_text("cong-quoc-gia.csv")  # written before moving on
    page.goto(server.url + f"/unit/H21.03?period={PERIOD}")
    expected = server.expected["H21.03"]
    assert isinstance(expected, dict)
    total = vn_number(float(expected["total"]), 2)
    expect(page.locator("#portal-line")).to_have_text(f"Cổng quốc gia: 53,13 · chiso: {total}")
    row = page.locator("#portal-ON_TIME")
    expect(row).to_contain_text("100/120")
    row.locator("a").first.click()
    expect(page.locator("h1")).to_contain_text("ON_TIME")


def test_an_officer_cannot_write_for_another_unit(server: Server) -> None:
    officer = server.client("sotuphap")  # Sở Tư pháp, H21.03
    other = server.client("bcd").get(f"/unit/H21.04/metric/SO_HOA_GIAY_TO_GIAI_QUYET?period={PERIOD}")
    number = re.search(r'href="/dossier/([^"#?]+)', other.text)
    assert number is not None
    foreign = number.group(1)
    files = {
        "dossiers": ("Số hồ sơ,Mã TTHC,Đơn vị tiếp nhận,Ngày tiếp nhận,Ngày kết thúc xử lý,Kênh\n"
                     "H21.03-OWN-1,1.001193,H21.03,2024-05-02 08:00,2024-05-03 08:00,direct\n"
                     "H21.04-NOT-MINE,1.001193,H21.04,2024-05-02 08:00,2024-05-03 08:00,direct\n"
                     f"{foreign},1.001193,H21.03,2024-05-02 08:00,2024-12-30 08:00,direct\n"),
        "reported": "indicator,unit_code,period,value\nPAYMENT,52,2024-Q2,9.5\n",
        "plan": ("plan,target_code,name,unit_code,target_value,deadline\n"
                 "KH-CDS-2024,CT99,Chỉ tiêu,H21.04,10,2024-12-31\n"),
    }
    for kind, text in files.items():
        form = {"csrf": csrf(officer, "/entry/import"), "kind": kind}
        done = officer.post("/entry/import", data=form, files={"file": (f"{kind}.csv", text.encode(), "text/csv")})
        assert done.status_code == 422, (kind, done.status_code)
        assert "ngoài phạm vi" in done.text, kind
    assert "H21.03-OWN-1" not in server.client("bcd").get("/late?unit=H21.03").text  # nothing was written
    page = server.client("bcd").get(f"/dossier/{foreign}")
    assert page.status_code == 200 and "30/12/2024" not in page.text  # the other unit's dossier is unchanged


def test_pages_answer_while_a_report_is_written(server: Server) -> None:
    """The PDF report (LibreOffice, seconds) runs off the event loop: other pages answer meanwhile."""
    admin = server.client("admin")
    form = {"csrf": csrf(admin, "/reports"), "period": PERIOD, "unit": "", "format": "pdf"}
    outcome: dict[str, httpx.Response] = {}
    worker = threading.Thread(target=lambda: outcome.update(report=admin.post("/reports", data=form)))
    worker.start()
    answered_meanwhile = 0
    with httpx.Client(base_url=server.url) as other:
        while worker.is_alive():
            assert other.get("/login").status_code == 200
            if worker.is_alive():
                answered_meanwhile += 1
    worker.join()
    assert outcome["report"].status_code == 200 and outcome["report"].content[:4] == b"%PDF"
    assert answered_meanwhile >= 3, answered_meanwhile


def test_hostile_uploads_get_a_clear_answer(server: Server) -> None:
    officer = server.client("sotuphap")
    header = "Số hồ sơ,Mã TTHC,Đơn vị tiếp nhận,Ngày tiếp nhận\n"
    row = "H21.03-Z-1,1.001193,H21.03,2024-05-02 08:00\n"
    uploads = {
        "utf16.csv": ((header + row).encode("utf-16"), 400, "tệp là văn bản UTF-16"),
        "cp1258.csv": ((header + row).encode("cp1258", errors="replace"), 400, "không phải văn bản UTF-8"),
        "nested.jsonl": (b"[" * 200_000 + b"\n", 400, "JSON"),
        ("x" * 5000) + ".csv": ((header + row).encode(), 400, "hãy đặt tên tệp ngắn hơn"),
        "fake.xlsx": (b"PK\x03\x04 not a zip", 400, "không phải sổ tính Excel"),
    }
    for name, (content, code, text) in uploads.items():
        form = {"csrf": csrf(officer, "/entry/import"), "kind": "dossiers"}
        done = officer.post("/entry/import", data=form, files={"file": (name, content, "application/octet-stream")})
        assert done.status_code == code and text in done.text, (name[:20], done.status_code)
        assert "Traceback" not in done.text
    assert officer.get("/entry/import").status_code == 200  # still answering
    jobs = officer.get("/jobs")  # each upload was a job, read in its own process, and each one failed
    assert jobs.status_code == 200 and jobs.text.count('class="job-failed"') >= len(uploads) - 1, jobs.text[-2000:]
    assert "fake.xlsx" in jobs.text and "không phải sổ tính Excel" in jobs.text
    officer.cookies.set("lang", "en")  # behind the switch, the English sentence
    form = {"csrf": csrf(officer, "/entry/import"), "kind": "dossiers"}
    done = officer.post("/entry/import", data=form, files={"file": ("fake.xlsx", b"PK\x03\x04 not a zip", "x")})
    assert done.status_code == 400 and "not an Excel workbook" in done.text
    others = server.client("bcd").get("/jobs")  # a steering member sees their own jobs, not the officer's
    assert others.status_code == 200 and "fake.xlsx" not in others.text


def test_an_officer_sees_plan_summaries_of_their_targets_only(server: Server) -> None:
    officer = server.client("sotuphap")  # KH-CDS-2024 gives targets to the province only; the campaign to all
    listing = officer.get(f"/plans?period={PERIOD}")
    assert listing.status_code == 200 and "629/KH-UBND" in listing.text and "KH-CDS-2024" not in listing.text
    plan = officer.get("/plans/KH-CDS-2024?period=2024-H1")
    sentence = re.search(r'id="plan-sentence">([^<]*)<', plan.text)
    steering = server.client("bcd").get("/plans/KH-CDS-2024?period=2024-H1")
    whole = re.search(r'id="plan-sentence">([^<]*)<', steering.text)
    assert whole is not None and "/24 chỉ tiêu" in whole.group(1)
    assert sentence is None or "/24" not in sentence.group(1)


def test_a_unit_officer_enters_a_reported_value_with_evidence_on_a_phone(browser: Browser, server: Server,
                                                                        tmp_path: Path) -> None:
    """Task 5 of issue 13 at 390 px: the officer's reported targets are listed; the value and evidence are saved
    and show on the plan."""
    proof = tmp_path / "báo cáo ký số quý IV.pdf"
    proof.write_bytes(b"%PDF-1.4 minh chung ky so")
    page = log_in(browser, server, "sotuphap", width=390)
    page.get_by_role("link", name="Nhập số liệu").click()
    page.wait_for_load_state("load")
    listed = page.locator("#entry-targets tbody tr")
    expect(listed).to_have_count(1)
    expect(listed.first).to_contain_text("CC01")
    expect(listed.first).to_contain_text("Sở Tư pháp")
    page.select_option("select[name=target]", "KH-CCHC-2024|CC01|H21.03")
    page.fill("input[name=value]", "91,5")
    page.fill("input[name=as_of]", "31/12/2024")  # typed the Vietnamese way
    page.fill("input[name=comment]", "Số liệu quý IV")
    page.set_input_files("input[name=evidence]", str(proof))
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("p.ok")).to_contain_text("CC01")
    expect(page.locator("#entry-targets tbody tr").first).to_contain_text("91,5")
    plan = server.client("sotuphap").get("/plans/KH-CCHC-2024?period=2024")
    assert plan.status_code == 200 and "91,5" in plan.text
    page.close()


def test_an_officer_without_reported_targets_is_told_why(server: Server) -> None:
    admin = server.client("admin")
    commune = next(u for u in _expected(server, "units") if u["kind"] == "commune")
    added = admin.post("/admin/users", data={"csrf": csrf(admin, "/admin/users"), "action": "add",
                                             "username": "canbo.xa2", "role": "unit_officer",
                                             "unit": commune["code"], "password": "mat-khau-dai-2"})
    assert added.status_code == 200, added.text[:300]
    officer = httpx.Client(base_url=server.url, timeout=60)
    assert officer.post("/login", data={"csrf": csrf(officer, "/login"), "username": "canbo.xa2",
                                        "password": "mat-khau-dai-2"}).status_code == 303
    page = officer.get("/entry/value").text
    said = re.search(r'id="no-targets"[^>]*>(.*?)</p>', page, re.S)
    assert said is not None and str(commune["name"]) in said.group(1)
    assert "tính tự động từ hồ sơ" in said.group(1), "the commune's campaign targets are computed: nothing to enter"
    assert 'name="target"' not in page


def test_the_drill_down_speaks_vietnamese(server: Server) -> None:
    bcd = server.client("bcd")
    page = bcd.get(f"/unit/H21.03/metric/ON_TIME?period={PERIOD}").text
    assert 'data-column="number">Số hồ sơ<' in page and 'data-column="status">Tình trạng<' in page
    assert "tình trạng là trước hạn, đúng hạn hoặc đang xử lý trong hạn" in page, "the definition as a sentence"
    body = page[page.index('id="items"'):]
    body = body[:body.index("</table>")]
    for code in (">late<", ">open_overdue<", ">direct<", ">online<", ">False<", ">True<"):
        assert code not in body, code
    export = bcd.get(f"/unit/H21.03/metric/ON_TIME.xlsx?period={PERIOD}")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert "DỮ LIỆU MÔ PHỎNG" in str(rows[1][0]) and rows[3][0] == "Số hồ sơ"
    first = dict(zip(rows[3], rows[4], strict=True))
    assert isinstance(first["Tiếp nhận"], datetime), "dates are dates in Excel"
    assert first["Tình trạng"] in ("trễ hạn", "đang xử lý quá hạn")
    english = bcd.get(f"/lang/en?next=/unit/H21.03/metric/ON_TIME%3Fperiod%3D{PERIOD}", follow_redirects=True)
    assert "<code>status in (" in english.text, "English keeps the code"


def test_the_ranking_fits_a_laptop_and_sorts_by_keyboard(browser: Browser, server: Server) -> None:
    page = log_in(browser, server, "bcd", width=1366)
    page.goto(f"{server.url}/?period={PERIOD}")
    table = page.locator("#ranking-departments")
    box, main = table.bounding_box(), page.locator("main").bounding_box()
    assert box is not None and main is not None and box["width"] <= main["width"] + 1, "no table wider than the page"
    name = table.locator("tbody tr td.unit-col").first.bounding_box()
    assert name is not None and name["width"] >= 200, "unit names in full, not one word per line"
    for header in ("± kỳ trước", "± cùng kỳ", "Nhóm"):
        cell = table.locator("thead th", has_text=header).first.bounding_box()
        assert cell is not None and cell["x"] + cell["width"] <= 1366, header
    expect(page.locator("#departments-section .legend")).to_contain_text("không chính thức")
    total = table.locator("thead th", has_text="Tổng điểm").locator("button")
    total.focus()
    page.keyboard.press("Enter")
    expect(table.locator("thead th", has_text="Tổng điểm")).to_have_attribute("aria-sort", "descending")
    page.keyboard.press("Enter")
    expect(table.locator("thead th", has_text="Tổng điểm")).to_have_attribute("aria-sort", "ascending")
    totals = [_decimal(t) for t in table.locator("tbody tr td:nth-child(3)").all_inner_texts()]
    assert totals == sorted(totals)
    page.get_by_role("link", name="Xem điểm từng nhóm chỉ số").first.click()
    page.wait_for_load_state("load")
    expect(page.locator("#ranking-departments thead th.g")).to_have_count(6)
    page.set_viewport_size({"width": 390, "height": 800})
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, "at 390 px the page itself does not scroll sideways (wide tables scroll in their box)"
    page.close()


def test_counts_and_amounts_are_written_as_people_write_them(server: Server) -> None:
    page = server.client("bcd").get("/plans/KH-CDS-2024?period=2024").text
    assert "1.200.000<" in page and "1.200.000,00" not in page, "a count of accounts has no decimals"
    row = page[page.index(">CT06<"):]
    row = row[:row.index("</tr>")]
    assert re.search(r">\d+(,\d{1,2})?<", row), "a non-integral value keeps its decimals"


def test_pages_print_to_a4_without_cut_columns(browser: Browser, server: Server, tmp_path: Path) -> None:
    import subprocess

    page = log_in(browser, server, "bcd", width=1366)
    sizes = {}
    for name, path in (("overview", f"/?period={PERIOD}"), ("unit", f"/unit/H21.03?period={PERIOD}")):
        page.goto(server.url + path)
        expect(page.locator("button.print")).to_be_visible()
        page.emulate_media(media="print")
        page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        page.set_viewport_size({"width": 718, "height": 1000})  # A4 less its margins, at 96 dpi
        cut = page.evaluate("() => Array.from(document.querySelectorAll('table')).filter("
                            "(t) => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
                            ".map((t) => t.id)")
        assert cut == [], f"{name}: tables cut at the right edge: {cut}"
        hidden = page.evaluate("() => ['header.top', 'form.period'].map((s) => document.querySelector(s))"
                               ".filter((e) => e && getComputedStyle(e).display !== 'none').length")
        assert hidden == 0, "navigation and forms are not printed"
        pdf = tmp_path / f"{name}.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        sizes[name] = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 1366, "height": 900})
    (ARTIFACTS / "print-pages.txt").write_text(f"{sizes}\n", encoding="utf-8")
    assert sizes["unit"] <= 8 and sizes["overview"] <= 12, sizes
    page.close()


def test_the_overview_and_a_unit_page_download_as_pdf(browser: Browser, server: Server, tmp_path: Path) -> None:
    """"Tải PDF": the page as its reader sees it, A4, every section open, in Vietnamese; another unit's page is
    refused to an officer as the page itself is; only the overview and unit pages are printed."""
    import subprocess
    from urllib.parse import quote

    page = log_in(browser, server, "bcd", width=1366)
    page.goto(server.url + f"/unit/H21.03?period={PERIOD}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải PDF").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"don-vi-H21.03-{PERIOD}.pdf"
    page.close()
    info = subprocess.run(["pdfinfo", str(saved)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info or "595.28 x 841.89" in info or "594.96 x 841.92" in info, info
    text = subprocess.run(["pdftotext", "-layout", str(saved), "-"], capture_output=True, text=True,
                          check=True).stdout
    unit = server.client("bcd").get(f"/unit/H21.03?period={PERIOD}").text
    name = re.search(r"<h1>([^<]+?) <span", unit)
    assert name and name.group(1).strip() in text, "the unit's name is printed"
    assert "Tải PDF" not in text and "Đăng xuất" not in text, "no buttons or navigation on paper"
    officer = server.client("sotuphap")
    own = officer.get("/pdf?page=" + quote(f"/?period={PERIOD}", safe=""))  # an officer's overview: their unit
    assert own.status_code == 200 and own.content[:5] == b"%PDF-"
    assert f"don-vi-H21.03-{PERIOD}.pdf" in own.headers["content-disposition"]
    overview = server.client("bcd").get("/pdf?page=" + quote(f"/?period={PERIOD}", safe=""))
    assert overview.status_code == 200 and overview.content[:5] == b"%PDF-"
    assert f"tong-quan-{PERIOD}.pdf" in overview.headers["content-disposition"]
    assert officer.get("/pdf?page=" + quote(f"/unit/H21.04?period={PERIOD}", safe="")).status_code == 403
    for bad in ("/admin/users", "https://example.org/", "//example.org/unit/H21.03", "/unit/H21.03/metric/ON_TIME"):
        refused = officer.get("/pdf?page=" + quote(bad, safe=""))
        assert refused.status_code == 400, bad
    assert server.client().get("/pdf?page=/").status_code == 303, "not logged in: sent to the login page"


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.parametrize("username", ["admin", "sotuphap"])
def test_main_pages_have_no_accessibility_violations(browser: Browser, server: Server, username: str) -> None:
    """axe-core (vendored) on every main page the user may open, WCAG 2.1 A and AA: no violation."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 900})  # to inject axe
    page = context.new_page()
    page.goto(server.url + "/login")
    found: dict[str, list[str]] = {}
    for path in ["/login", f"/public/index?period={PERIOD}", "/public/status?number=NONE"]:
        page.goto(server.url + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        found[path] = [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]]
    sign_in(page, server, username)
    for path, (_, roles) in PAGES.items():
        if username not in roles:
            continue
        page.goto(server.url + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        found[path] = [f"{v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']} {v['help']}"
                       for v in result["violations"]]
    context.close()
    bad = {p: v for p, v in found.items() if v}
    assert not bad, "\n".join(f"{p}: {v}" for p, v in bad.items())


def test_search_from_every_page_finds_units_and_dossiers_within_scope(browser: Browser, server: Server) -> None:
    bcd = server.client("bcd")
    page = bcd.get(f"/unit/H21.03/metric/ON_TIME?period={PERIOD}").text
    number = re.search(r'href="/dossier/([^"#?]+)"', page)
    assert number is not None and 'role="search"' in page
    done = bcd.get(f"/search?q={number.group(1)}")
    assert done.status_code == 303 and done.headers["location"] == f"/dossier/{number.group(1)}"
    done = bcd.get(f"/search?q=so tu phap&period={PERIOD}")  # no diacritics
    assert done.status_code == 303 and done.headers["location"] == f"/unit/H21.03?period={PERIOD}"
    listing = bcd.get("/search?q=Sở").text
    assert listing.count("<li>") > 5 and "Sở Tư pháp" in listing
    officer = server.client("sotuphap")
    other = bcd.get(f"/unit/H21.04/metric/ON_TIME?period={PERIOD}").text
    foreign = re.search(r'href="/dossier/([^"#?]+)"', other)
    assert foreign is not None
    refused = officer.get(f"/search?q={foreign.group(1)}")
    assert refused.status_code == 200 and 'id="no-hits"' in refused.text, "another unit's dossier is not found"
    assert 'id="no-hits"' in officer.get("/search?q=Sở Tài chính").text
    page_ = log_in(browser, server, "bcd", width=1366)
    page_.goto(f"{server.url}/late")
    page_.get_by_role("searchbox").fill("Sở Y tế")
    page_.keyboard.press("Enter")
    page_.wait_for_load_state("load")
    expect(page_.locator("h1")).to_contain_text("Sở Y tế")
    page_.close()


@pytest.mark.parametrize("path", ["/unit/H21.03?period=2024-Q2", "/late", "/entry/value", "/late/units",
                                  "/plans/629/KH-UBND?period=2024-Q2&unit=H21.03"])
def test_an_officers_pages_on_a_phone(browser: Browser, server: Server, path: str) -> None:
    """At 390 px: no sideways scrolling of the page, a header of at most two lines, and every tap target at least
    24 × 24 px or spaced as WCAG 2.2's target-size rule allows (axe-core)."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = sign_in(context.new_page(), server, "sotuphap")
    page.goto(server.url + path)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide = page.evaluate("() => Array.from(document.querySelectorAll('main *')).filter((e) => "
                         "e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && "
                         "!e.closest('.scroll')).slice(0, 5).map((e) => e.tagName + '.' + e.className + '#' + e.id)")
    assert overflow <= 1, f"{path}: the page scrolls sideways by {overflow} px: {wide}"
    header = page.locator("header.top").bounding_box()
    assert header is not None and header["height"] <= 90, f"{path}: header {header}"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['target-size']}})")
    small = [n["target"] for v in result["violations"] for n in v["nodes"]]
    context.close()
    assert not small, f"{path}: {len(small)} tap targets under 24 px: {small[:8]}"


def test_an_error_page_is_headed_in_vietnamese_with_the_detail_below(server: Server) -> None:
    page = server.client("bcd").get("/?period=2024-Q7")
    assert page.status_code == 400
    heading = re.search(r"<h1>([^<]+)</h1>", page.text)
    assert heading is not None and heading.group(1).startswith("Yêu cầu chưa hợp lệ")
    assert 'id="error-detail"' in page.text and "2024-Q7" in page.text and "Quý II/2024" in page.text
    detail = re.search(r'id="error-detail">(.*?)</p>', page.text, re.S)
    assert detail is not None and "kỳ: &#39;2024-Q7&#39; không hợp lệ; cần: kỳ như" in detail.group(1), detail
    assert "is not valid" not in page.text
    officer = server.client("sotuphap")
    late = officer.get("/late?within=abc")  # a detail a page gave in English before
    assert late.status_code == 400 and "số ngày làm việc sắp đến hạn: &#39;abc&#39; không hợp lệ" in late.text
    officer.cookies.set("lang", "en")
    english = officer.get("/late?within=abc")
    assert english.status_code == 400 and "within: &#39;abc&#39; is not valid" in english.text


def test_tasks_an_officer_reports_with_evidence_and_the_steering_side_accepts(browser: Browser, server: Server,
                                                                              tmp_path: Path) -> None:
    bcd = server.client("bcd")
    listing = bcd.get("/tasks?unit=H21.03&period=2025")
    assert listing.status_code == 200 and 'id="tasks-sentence"' in listing.text, listing.text[-800:]
    codes = re.findall(r'href="/task\?code=([^"]+)"', listing.text)
    assert codes, "the demo gives Sở Tư pháp tasks"
    page = log_in(browser, server, "sotuphap")
    page.goto(server.url + "/tasks?period=2025")
    expect(page.locator("h1")).to_contain_text("Sở Tư pháp")
    expect(page.locator("#tasks-sentence")).to_contain_text("nhiệm vụ")
    open_code = None
    for code in codes:
        task = bcd.get(f"/task?code={code}").text
        if "task-report-form" not in task and "Chưa có báo cáo" in task:
            open_code = code
            break
    assert open_code is not None
    proof = tmp_path / "báo cáo kết quả.pdf"
    proof.write_bytes(b"%PDF-1.4 bao cao ket qua")
    page.goto(server.url + f"/task?code={open_code}")
    page.fill("#task-report-form textarea[name=text]", "Đã hoàn thành, gửi kèm báo cáo")
    page.fill("#task-report-form input[name=percent]", "100")
    page.check("#task-report-form input[name=done]")
    page.set_input_files("#task-report-form input[name=evidence]", str(proof))
    page.click("#task-report-form button")
    expect(page.locator("p.ok")).to_be_visible()
    expect(page.locator("#task-reports")).to_contain_text("báo cáo kết quả.pdf")
    expect(page.locator("#task-reports")).to_contain_text("chờ xem xét")
    link = page.locator("#task-reports a[href^='/task/evidence/']").first.get_attribute("href")
    assert link is not None
    assert bcd.get(link).content == proof.read_bytes()
    assert "filename*=UTF-8''b%C3%A1o" in bcd.get(link).headers["content-disposition"]
    steering = log_in(browser, server, "bcd")
    steering.goto(server.url + f"/task?code={open_code}")
    steering.locator("#task-reports button[value=return]").first.click()
    expect(steering.locator("p.error")).to_contain_text("lý do")  # returning needs the reason
    steering.locator("#task-reports button[value=accept]").first.click()
    expect(steering.locator("#task-reports")).to_contain_text("đã chấp nhận")
    expect(steering.locator("#task-deadlines")).to_contain_text("hoàn thành")
    # Another unit's task: neither shown nor reported on by the officer; a viewer reviews nothing.
    other = re.findall(r'href="/task\?code=([^"]+)"', bcd.get("/tasks?unit=H21.04&period=2025").text)
    assert other
    officer = server.client("sotuphap")
    assert officer.get(f"/task?code={other[0]}").status_code == 403
    from urllib.parse import unquote

    forged = officer.post("/task/report", data={"csrf": csrf(officer, "/tasks"), "code": unquote(other[0]),
                                                "text": "x", "percent": "100"})
    assert forged.status_code == 403
    # a viewer's review is refused: tests/test_access.py (xem is locked out by the throttling test here)
    export = bcd.get("/tasks.xlsx?unit=H21.03&period=2025")
    assert export.status_code == 200 and export.content[:2] == b"PK"
    assert 'id="tasks-card"' in bcd.get("/?period=2025").text
    indicator = bcd.get("/indicator/TASK_ON_TIME?period=2025&level=department")
    assert indicator.status_code == 200 and "Tỷ lệ nhiệm vụ đến hạn" in indicator.text
    assert "TASK_ON_TIME" in bcd.get("/indicators?period=2025").text
    assert 'id="tasks-card"' in officer.get("/unit/H21.03?period=2025").text
    monitor = bcd.get("/late").text
    assert 'id="late-task-rows"' in monitor and other[0] in monitor, "the demo has overdue tasks at its data's end"
    assert other[0] not in officer.get("/late").text, "an officer's late monitor lists only their units' tasks"


def test_tasks_are_added_and_corrected_on_the_web_within_the_officers_units(server: Server) -> None:
    officer = server.client("sotuphap")
    token = csrf(officer, "/tasks")
    fields = {"csrf": token, "content": "Rà soát quy trình nội bộ", "lead_unit": "H21.03", "deadline": "Quý IV/2025",
              "document": "Công văn số 77/UBND-KGVX ngày 02/10/2025", "coordinators": "Sở Nội vụ"}
    added = officer.post("/task/save", data=fields)
    assert added.status_code == 303, added.text[-500:]
    code = re.search(r"code=([^&]+)", added.headers["location"])
    assert code is not None and code.group(1).startswith("77%2FUBND-KGVX%231")
    page = officer.get(f"/task?code={code.group(1)}").text
    assert "Rà soát quy trình nội bộ" in page and "31/12/2025" in page
    assert officer.post("/task/save", data={**fields, "lead_unit": "H21.04"}).status_code == 403
    bad = officer.post("/task/save", data={**fields, "deadline": "sớm nhất"})
    assert bad.status_code == 400 and "thời hạn: &#39;sớm nhất&#39; không hợp lệ" in bad.text
    from urllib.parse import unquote

    corrected = officer.post("/task/save", data={**fields, "replace": unquote(code.group(1)),
                                                 "deadline": "30/11/2025"})
    assert corrected.status_code == 303
    assert "30/11/2025" in officer.get(f"/task?code={code.group(1)}").text
    bcd = server.client("bcd")
    other = re.findall(r'href="/task\?code=([^"]+)"', bcd.get("/tasks?unit=H21.04&period=2025").text)[0]
    taken = officer.post("/task/save", data={**fields, "replace": unquote(other)})
    assert taken.status_code == 403, "another unit's task is not the officer's to correct"
    audit = server.client("admin").get("/admin/audit?action=task").text
    assert "task.add" in audit and "task.edit" in audit


def test_an_administrator_imports_a_national_table_and_everyone_sees_the_rank(server: Server) -> None:
    admin = server.client("admin")
    body = ("BẢNG XẾP HẠNG CHỈ SỐ CHUYỂN ĐỔI SỐ CẤP TỈNH NĂM 2024\n"
            "STT,Bộ chỉ số,Năm,\"Tỉnh, thành phố\",Tổng điểm,Xếp hạng\n"
            "1,DTI,2024,Tỉnh Lâm Đồng,\"612,5\",1\n2,DTI,2024,Tỉnh Gia Lai,\"598,0\",2\n"
            "3,DTI,2024,Tỉnh Kon Tum,\"540,2\",3\n")
    done = admin.post("/entry/import", data={"csrf": csrf(admin, "/entry/import"), "kind": "rankings"},
                      files={"file": ("dti-2024.csv", body.encode("utf-8"), "text/csv")})
    assert done.status_code == 200 and "ngoài phạm vi" not in done.text, done.text[-600:]
    viewer = server.client("bcd")  # xem is locked out by the throttling test of this module
    page = viewer.get("/rankings")
    assert page.status_code == 200
    assert "xếp thứ 2/3 tỉnh, thành phố; thứ 2/3 khu vực Tây Nguyên, sau Lâm Đồng" in page.text
    overview = viewer.get("/?period=2025").text
    assert 'id="national-card"' in overview and "2/3" in overview
    officer = server.client("sotuphap")
    refused = officer.post("/entry/import", data={"csrf": csrf(officer, "/entry/import"), "kind": "rankings"},
                           files={"file": ("dti.csv", body.encode("utf-8"), "text/csv")})
    assert refused.status_code == 403, "a national table is province-wide data: administrators only"


def test_the_units_results_for_their_heads_scoped_to_the_reader(server: Server) -> None:
    bcd = server.client("bcd").get("/accountability?period=2025")
    assert bcd.status_code == 200
    assert bcd.text.count('<tr id="card-') == 20 and 'id="verdict-commend"' in bcd.text
    assert "mang tính minh họa, không phải quy định chính thức" in bcd.text
    communes = server.client("bcd").get("/accountability?period=2025&level=commune").text
    assert communes.count('<tr id="card-') > 100
    officer = server.client("sotuphap").get("/accountability?period=2025").text
    assert re.findall(r'<tr id="card-([^"]+)"', officer) == ["H21.03"], "an officer sees their own unit only"
    assert server.client("bcd").get("/accountability?level=district").status_code == 400


def test_an_officer_records_a_model_with_evidence_and_the_province_sees_it(server: Server) -> None:
    officer = server.client("sotuphap")
    fields = {"csrf": csrf(officer, "/achievements"), "kind": "model", "title": "Một cửa không giấy tờ",
              "unit": "H21.03", "happened_on": "12/05/2025", "description": "Giảm 30% thời gian chờ"}
    done = officer.post("/achievements", data=fields,
                        files={"evidence": ("quyết định công nhận.pdf", b"%PDF-1.4 mo hinh", "application/pdf")})
    assert done.status_code == 303, done.text[-400:]
    page = server.client("bcd").get("/achievements?period=2025").text
    assert "Một cửa không giấy tờ" in page and "quyết định công nhận.pdf" in page
    assert "Triển khai" in page and "hội nghị đối thoại" in page, "the demo's dialogue conference is counted"
    link = re.search(r'href="(/achievements/evidence\?key=[^"]+)"', page)
    assert link is not None
    download = server.client("bcd").get(link.group(1).replace("&amp;", "&"))
    assert download.status_code == 200 and download.content == b"%PDF-1.4 mo hinh"
    assert officer.post("/achievements", data={**fields, "unit": "H21.04"}).status_code == 403
    bad = officer.post("/achievements", data={**fields, "kind": "dialogue", "title": "Đối thoại"})
    assert bad.status_code == 400 and "kiến nghị tiếp nhận" in bad.text


def test_a_scorecard_round_on_the_web(server: Server) -> None:
    officer = server.client("sotuphap")
    token = csrf(officer, "/scorecards")
    base = {"csrf": token, "id": "EGOV_LEVELS", "year": "2025", "unit": "H21.03", "stage": "self"}
    for criterion in ("I.1", "I.2", "II.1"):
        done = officer.post("/scorecard/score", data={**base, "criterion": criterion, "points": "1",
                                                       "explanation": "Có quyết định"},
                            files={"evidence": ("tài liệu kiểm chứng.pdf", b"%PDF-1.4 kc", "application/pdf")})
        assert done.status_code == 303, done.text[-400:]
    page = officer.get("/scorecard/unit?id=EGOV_LEVELS&year=2025&unit=H21.03").text
    assert "tài liệu kiểm chứng.pdf" in page and "<strong>Mức I</strong>" in page
    assert officer.post("/scorecard/score", data={**base, "criterion": "II.2", "points": "1",
                                                  "stage": "appraisal", "explanation": "x"}).status_code == 403
    assert officer.post("/scorecard/score", data={**base, "unit": "H21.04", "criterion": "I.1",
                                                  "points": "1"}).status_code == 403
    assert officer.get("/scorecard/unit?id=EGOV_LEVELS&year=2025&unit=H21.04").status_code == 403
    too_many = officer.post("/scorecard/score", data={**base, "criterion": "I.1", "points": "5"})
    assert too_many.status_code == 400 and "0 đến 1" in too_many.text
    bcd = server.client("bcd")
    appraised = bcd.post("/scorecard/score", data={**base, "csrf": csrf(bcd, "/scorecards"), "stage": "appraisal",
                                                   "criterion": "II.2", "points": "1",
                                                   "explanation": "Đã kiểm tra danh mục DVC"})
    assert appraised.status_code == 303
    results = bcd.get("/scorecard?id=EGOV_LEVELS&year=2025").text
    assert "1 đơn vị mức II (100%)" in results and "19 đơn vị chưa có kết quả" in results
    assert re.findall(r'<tr id="result-([^"]+)"', officer.get("/scorecard?id=EGOV_LEVELS&year=2025").text) == [
        "H21.03"], "an officer sees their own unit's result"
