"""Long work from the web runs as background jobs (issue 12). A review report's file is written in a watched
process of its own; a report longer than the page waits for is downloaded from the job page by its owner alone, and
a report past its limits ends its own job with a sentence while the server goes on. An import longer than the page
waits for goes on as a job: its outcome is on the job page, and a refused file's rejected rows are downloaded there
by its owner alone, nothing written."""

import io
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect, sync_playwright

from tests.web_server import CHROMIUM, CHROMIUM_ARGS, PERIOD, Server, csrf, sign_in, start


def _settings(env: dict[str, str], text: str) -> None:
    config = Path(env["CHISO_CONFIG"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # every report and every import goes to the job page at once: the page does not wait for it
    yield from start(tmp_path_factory.mktemp("web-jobs"), before_serving=lambda env: _settings(
        env, "[report]\nwait_seconds = 0\n[import]\nwait_seconds = 0\n"))


def _ended(client: httpx.Client, title: str, deadline: float = 180.0) -> str:
    """The row of the job ``title`` on the job page, once the job has ended (done or failed)."""
    ends = time.monotonic() + deadline
    while time.monotonic() < ends:
        page = client.get("/jobs").text
        for row in re.findall(r"<tr class=\"job-[a-z]+\">.*?</tr>", page, re.S):
            if title in row and ("job-done" in row or "job-failed" in row):
                return str(row)
        time.sleep(0.3)
    raise AssertionError(f"the job {title!r} did not end in time")


def _file_link(client: httpx.Client, title: str, deadline: float = 180.0) -> str:
    """The download link of the job ``title`` on the job page, once the job is done."""
    row = _ended(client, title, deadline)
    assert "job-failed" not in row, row
    link = re.search(r'href="(/jobs/[^"/]+/file)"', row)
    assert link is not None, row
    return link.group(1)


def _post_import(client: httpx.Client, kind: str, name: str, text: str) -> httpx.Response:
    form = {"csrf": csrf(client, "/entry/import"), "kind": kind}
    return client.post("/entry/import", data=form, files={"file": (name, text.encode(), "text/csv")})


# A one-stop system's list as an officer exports it (Vietnamese headers, dd/mm/yyyy dates)
HEADERS = "Số hồ sơ,Mã TTHC,Đơn vị tiếp nhận,Ngày tiếp nhận,Ngày kết thúc xử lý,Kênh\n"


def test_an_import_longer_than_the_page_waits_goes_on_as_a_job_and_writes(server: Server) -> None:
    officer = server.client("sotuphap")  # Sở Tư pháp, H21.03
    text = HEADERS + ("H21.03-JOB-1,1.001193,H21.03,02/05/2024 08:00,03/05/2024 08:00,direct\n"
                      "H21.03-JOB-2,1.001193,H21.03,02/05/2024 09:00,,Trực tuyến\n")
    done = _post_import(officer, "dossiers", "ho-so-tuan-19.csv", text)
    assert done.status_code == 303 and done.headers["location"] == "/jobs"
    row = _ended(officer, "ho-so-tuan-19.csv")
    assert "job-done" in row and "thêm 2, cập nhật 0, không đổi 0" in row, row
    assert "/file" not in row  # a written import leaves nothing to download
    reader = server.client("bcd")
    assert reader.get("/dossier/H21.03-JOB-1").status_code == 200  # written, and the pages know it
    assert reader.get("/dossier/H21.03-JOB-2").status_code == 200
    again = _post_import(officer, "dossiers", "ho-so-tuan-19-lan-2.csv", text)
    assert again.status_code == 303
    assert "thêm 0, cập nhật 0, không đổi 2" in _ended(officer, "ho-so-tuan-19-lan-2.csv")


def test_a_refused_import_job_keeps_its_rejected_rows_for_its_owner_alone(server: Server) -> None:
    officer = server.client("sotuphap")
    text = HEADERS + ("H21.03-REF-1,KHONG-CO,H21.03,02/05/2024 08:00,,direct\n"
                      "H21.03-REF-2,1.001193,H21.03,31/02/2024 08:00,,direct\n"
                      "H21.04-REF-3,1.001193,H21.04,02/05/2024 08:00,,direct\n")  # another department's row
    done = _post_import(officer, "dossiers", "ho-so-loi.csv", text)
    assert done.status_code == 303
    row = _ended(officer, "ho-so-loi.csv")
    assert "job-failed" in row and "chưa ghi gì" in row, row
    link = re.search(r'href="(/jobs/[^"/]+/file)"', row)
    assert link is not None, row
    got = officer.get(link.group(1))
    assert got.status_code == 200 and "ho-so-loi-dong-bi-tu-choi.csv" in got.headers["content-disposition"]
    assert got.headers["content-type"].startswith("text/csv"), "a spreadsheet opens it, not a save dialog"
    lines = got.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("line,column,value,reason")
    assert {line.split(",")[0] for line in lines[1:]} == {"2", "3", "4"}
    assert any("ngoài phạm vi" in line for line in lines)  # the other unit's row, named
    assert server.client("bcd").get(link.group(1)).status_code == 404
    assert server.client("admin").get(link.group(1)).status_code == 200
    for number in ("H21.03-REF-1", "H21.03-REF-2", "H21.04-REF-3"):  # nothing was written
        assert server.client("bcd").get(f"/dossier/{number}").status_code == 404


def test_the_import_form_takes_the_person_to_the_job_page_when_the_import_goes_on(server: Server,
                                                                                   tmp_path: Path) -> None:
    upload = tmp_path / "ho-so-trinh-duyet.csv"
    upload.write_text(HEADERS + "H21.03-WEB-1,1.001193,H21.03,06/05/2024 08:00,,direct\n", encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = sign_in(browser.new_page(), server, "sotuphap")
        page.goto(server.url + "/entry/import")
        page.select_option("select[name=kind]", "dossiers")
        page.set_input_files("input[name=file]", str(upload))
        page.click("#import-form button")
        page.wait_for_url(server.url + "/jobs")  # the address is the job page's: it refreshes itself
        expect(page.locator("#jobs tr", has_text="ho-so-trinh-duyet.csv")).to_contain_text("thêm 1", timeout=60_000)
        browser.close()


def test_a_report_longer_than_the_page_waits_is_downloaded_from_the_job_page_by_its_owner(server: Server) -> None:
    officer = server.client("sotuphap")
    form = {"csrf": csrf(officer, "/reports"), "period": "Quý II/2024", "unit": "H21.03", "format": "xlsx"}
    done = officer.post("/reports", data=form)
    assert done.status_code == 303 and done.headers["location"] == "/jobs"
    link = _file_link(officer, "Báo cáo Quý II/2024 — Sở Tư pháp (xlsx)")
    got = officer.get(link)
    assert got.status_code == 200 and "bao-cao-2024-Q2-H21-03.xlsx" in got.headers["content-disposition"]
    book = load_workbook(io.BytesIO(got.content))
    assert "Nguồn số liệu" in book.sheetnames
    assert server.client("bcd").get(link).status_code == 404  # another person's job: as if there were none
    assert server.client("xem").get(link).status_code == 404
    assert server.client().get(link).status_code in (303, 401)  # to the login page
    assert server.client("admin").get(link).status_code == 200  # the administrator sees every job
    jobs = server.client("admin").get("/jobs").text
    assert "báo cáo" in jobs and "Tải về" in jobs


def test_a_report_past_its_time_limit_ends_its_job_and_the_server_goes_on(server: Server) -> None:
    _settings(server.env, "[report]\nwait_seconds = 120\nmax_seconds = 1\n")
    admin = server.client("admin")
    time.sleep(1.5)
    assert admin.get("/reports").status_code == 200  # the server takes the new settings in
    form = {"csrf": csrf(admin, "/reports"), "period": PERIOD, "unit": "", "format": "pdf"}
    done = admin.post("/reports", data=form)
    assert done.status_code == 400, done.status_code
    assert "report.max_seconds" in done.text and "chưa tạo tệp nào" in done.text and "Traceback" not in done.text
    jobs = admin.get("/jobs").text
    failed = [row for row in re.findall(r"<tr class=\"job-failed\">.*?</tr>", jobs, re.S) if "(pdf)" in row]
    assert failed and "report.max_seconds" in failed[0] and "/file" not in failed[0]
    ends = time.monotonic() + 10  # LibreOffice, started by the killed process, ended with it
    while subprocess.run(["pgrep", "-f", "soffice"], capture_output=True).returncode == 0:
        assert time.monotonic() < ends, "a LibreOffice process outlived its report job"
        time.sleep(0.2)
    assert admin.get(f"/?period={PERIOD}").status_code == 200
    _settings(server.env, "[report]\nwait_seconds = 120\n")
    time.sleep(1.5)
    admin.get("/reports")
    form = {"csrf": csrf(admin, "/reports"), "period": PERIOD, "unit": "H21.03", "format": "docx"}
    done = admin.post("/reports", data=form)  # within the wait: the file itself, as before
    assert done.status_code == 200 and done.content[:2] == b"PK"
