"""Apology letters: printed from the dossier page and the late monitor (Word and PDF through LibreOffice), the new
return day on the working-day calendar, the applicant's name printed but never stored, recorded as sent with who
and when, kept through re-imports, counted by APOLOGY_SENT; scoped to the officer's units."""

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import docx
import httpx
import pytest

from chiso.domain.errors import ChisoError
from tests.conftest import calendar
from tests.web_server import Server, csrf, start

NAME = "Trần Thị Bích Ngọc"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from start(tmp_path_factory.mktemp("apology"))


def overdue(client: httpx.Client, unit: str, state: str = "overdue") -> list[str]:
    """The dossiers the late monitor lists (``state``: overdue, due_soon, or "" for both)."""
    page = client.get(f"/late?unit={unit}&state={state}").text
    return re.findall(r'name="number" value="([^"]+)"', page)


def text_of(content: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(content)).paragraphs] + [
        p.text for t in docx.Document(io.BytesIO(content)).tables for c in t._cells for p in c.paragraphs]


def test_an_officer_prints_a_letter_from_the_dossier_page(server: Server) -> None:
    officer = server.client("sotuphap")
    number = overdue(officer, "H21.03")[0]
    page = officer.get(f"/dossier/{number}").text
    assert 'id="apology-print"' in page
    done = officer.post("/apology", data={"csrf": csrf(officer, f"/dossier/{number}"), "number": number,
                                          "name": NAME, "reason": "Cần xác minh thêm với cơ quan liên quan",
                                          "delay": "5", "date": "2026-01-05", "format": "docx"})
    assert done.status_code == 200, done.text[:300]
    assert "attachment" in done.headers["content-disposition"]
    lines = text_of(done.content)
    joined = "\n".join(lines)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in joined and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in joined
    assert number in joined and NAME in joined and "Lý do: Cần xác minh thêm với cơ quan liên quan" in joined
    new_day = calendar().add_workdays(date(2026, 1, 5), 5)
    assert f"vào ngày {new_day:%d/%m/%Y}" in joined, "the new day is counted in working days"
    assert "SỞ TƯ PHÁP" in joined and "Gia Lai, ngày 05 tháng 01 năm 2026" in joined
    assert NAME not in server.log_tail(400), "the name is not logged"


def test_many_letters_at_once_as_pdf(server: Server) -> None:
    officer = server.client("sotuphap")
    numbers = overdue(officer, "H21.03", "")[:3]
    assert len(numbers) >= 2
    form = {"csrf": csrf(officer, "/late?unit=H21.03"), "number": numbers,
            "reason": "Chờ ý kiến của cơ quan phối hợp", "delay": "3", "date": "", "format": "docx"}
    many = officer.post("/apology", data=form)
    assert many.status_code == 200
    assert "\n".join(text_of(many.content)).count("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ") == len(numbers)
    pdf = officer.post("/apology", data={**form, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == \
        "application/pdf"


@pytest.mark.parametrize(("change", "said"), [
    ({"delay": "abc"}, "số ngày làm việc hẹn lại"), ({"delay": "0"}, "từ 1 đến 120"),
    ({"reason": "x"}, "lý do"), ({"date": "0001-01-01"}, "ngày"), ({"format": "exe"}, "định dạng"),
], ids=["delay-text", "delay-zero", "reason-short", "date-extreme", "format"])
def test_bad_letter_requests_get_a_clear_answer(server: Server, change: dict[str, str], said: str) -> None:
    officer = server.client("sotuphap")
    number = overdue(officer, "H21.03")[0]
    form: dict[str, Any] = {"csrf": csrf(officer, f"/dossier/{number}"), "number": number, "reason": "Lý do đủ dài",
                            "delay": "3", "date": "2026-01-05", "format": "docx", **change}
    done = officer.post("/apology", data=form)
    assert done.status_code == 400 and said in done.text, done.text[-400:]


def test_an_officer_prints_only_for_their_units(server: Server) -> None:
    steering = server.client("bcd")
    late = server.client("admin").get("/api/v1/late?page_size=1000").json()["items"]
    other = [d["number"] for d in late if d["unit_code"] != "H21.03"]
    assert other, "the demo has late dossiers of other units"
    officer = server.client("sotuphap")
    done = officer.post("/apology", data={"csrf": csrf(officer, "/late"), "number": other[0], "reason": "Lý do đủ dài",
                                          "delay": "3", "format": "docx"})
    assert done.status_code == 403
    assert steering.post("/apology", data={"csrf": csrf(steering, "/late"), "number": other[0]}).status_code == 403


def test_a_letter_recorded_as_sent(server: Server) -> None:
    officer = server.client("sotuphap")
    number = overdue(officer, "H21.03", "due_soon")[0]
    done = officer.post("/apology/sent", data={"csrf": csrf(officer, f"/dossier/{number}"), "number": number,
                                               "name": NAME, "reason": "Cần xác minh thêm", "delay": "4",
                                               "date": "2026-01-05"})
    assert done.status_code == 303, done.text[-300:]
    page = officer.get(f"/dossier/{number}").text
    assert 'id="apology-sent"' in page and "Cần xác minh thêm" in page and "sotuphap" in page
    audit = server.client("admin").get("/admin/audit").text
    assert "apology.sent" in audit or "Ghi nhận đã gửi phiếu xin lỗi" in audit
    store = Path(server.env["CHISO_HOME"]) / "chiso.duckdb"
    for path in (store, store.with_name(store.name + ".wal")):
        if path.exists():
            assert NAME.encode() not in path.read_bytes(), "the applicant's name is never stored"


def test_the_flag_survives_a_reimport_and_counts(catalogue_store: Any, tmp_path: Path) -> None:
    """On both engines: a dossier finished late, its letter recorded, the one-stop export imported again without
    the flag: still apologised for, and APOLOGY_SENT counts it."""
    from chiso.domain.periods import parse_period
    from chiso.engine.apology import late_dossier
    from chiso.engine.compute import run
    from chiso.store.apologies import mark_sent
    from chiso.store.importing import import_file

    store = catalogue_store
    path = tmp_path / "d.csv"
    path.write_text("number,procedure,processing_unit,receiving_unit,received_at,finished_at,channel,apology_sent\n"
                    "L-1,1.001193,H21.03,H21.03,2024-05-02 08:00,2024-05-20 08:00,direct,false\n"
                    "E-1,1.001193,H21.03,H21.03,2024-05-02 08:00,2024-05-02 15:00,direct,false\n", encoding="utf-8")
    import_file(store, "dossiers", path)
    with pytest.raises(ChisoError, match=r"handled on time"):
        late_dossier(store, "E-1")
    mark_sent(store, "L-1", date(2024, 5, 10), 3, date(2024, 5, 15), "Chờ xác minh", "stp")
    import_file(store, "dossiers", path)
    assert store.con.execute("SELECT apology_sent FROM dossiers WHERE number = 'L-1'").fetchone() == (True,)
    ind = store.catalogue().indicator("APOLOGY_SENT", date(2024, 6, 30))
    tally = run(store, [ind], [parse_period("2024-Q2", date(2024, 6, 30))], None)[("H21.03", 0, None)][ind.id]
    assert (tally.numerator, tally.denominator) == (1, 1)
