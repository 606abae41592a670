"""Review reports from the web run as background jobs (issue 12): the file is written in a watched process of its
own, a report longer than the page waits for is downloaded from the job page by its owner alone, and a report
past its limits ends its own job with a sentence while the server goes on."""

import io
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

from tests.web_server import PERIOD, Server, csrf, start


def _settings(env: dict[str, str], text: str) -> None:
    config = Path(env["CHISO_CONFIG"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # every report goes to the job page at once: the page does not wait for it
    yield from start(tmp_path_factory.mktemp("report-jobs"),
                     before_serving=lambda env: _settings(env, "[report]\nwait_seconds = 0\n"))


def _file_link(client: httpx.Client, title: str, deadline: float = 180.0) -> str:
    """The download link of the job ``title`` on the job page, once the job is done."""
    ends = time.monotonic() + deadline
    while time.monotonic() < ends:
        page = client.get("/jobs").text
        for row in re.findall(r"<tr class=\"job-[a-z]+\">.*?</tr>", page, re.S):
            if title in row:
                assert "job-failed" not in row, row
                link = re.search(r'href="(/jobs/[^"/]+/file)"', row)
                if link is not None:
                    return link.group(1)
        time.sleep(0.5)
    raise AssertionError(f"the job {title!r} did not end in time")


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
