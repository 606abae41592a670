"""Results that are not numbers: models, initiatives, dialogue conferences and awards imported as provinces list
them, refused when they cannot be right, counted for the period, the recommendations answered as an indicator."""

from datetime import datetime
from pathlib import Path

import pytest

from chiso.domain.periods import parse_period
from chiso.engine.achievements import results, sentence_vi
from chiso.engine.compute import run
from chiso.store.importing import ImportRejected, import_file
from chiso.store.store import Store

UNITS = """code,name,kind,parent_code
52,UBND tỉnh Gia Lai,tỉnh,
H21.02,Sở Nội vụ,sở,52
H21.03,Sở Tư pháp,sở,52
21601,UBND Phường Hoà Bình,xã,52
"""
HEADER = "KẾT QUẢ NỔI BẬT NĂM 2024\nSTT,Loại,Tên mô hình, sáng kiến,Đơn vị thực hiện,Ngày,Kết quả đạt được,Chủ trì," \
         "Số kiến nghị tiếp nhận,Số kiến nghị đã trả lời,Hình thức khen thưởng\n"
ROWS = ("1,Mô hình,Xã thông minh,UBND Phường Hòa Bình,15/03/2024,Ứng dụng số,,,,\n"
        "2,Sáng kiến,Phiếu hẹn điện tử,Sở Tư pháp,01/04/2024,,,,,\n"
        "3,Hội nghị đối thoại,Đối thoại về TTHC,Sở Nội vụ,20/06/2024,,Chủ tịch UBND tỉnh,62,58,\n"
        "4,Khen thưởng,Tập thể lao động xuất sắc,Sở Tư pháp,15/01/2025,,,,,Bằng khen của Chủ tịch UBND tỉnh\n")


def write(tmp_path: Path, rows: str, name: str = "kq.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER.replace("Tên mô hình, sáng kiến", '"Tên mô hình, sáng kiến"') + rows, encoding="utf-8")
    return path


@pytest.fixture()
def logged(store: Store, tmp_path: Path) -> Store:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    import_file(store, "units", tmp_path / "units.csv")
    result = import_file(store, "achievements", write(tmp_path, ROWS))
    assert result.counts.inserted == 4 and not result.rejects
    return store


def test_a_years_log_is_counted_and_said(logged: Store) -> None:
    found = results(logged, parse_period("2024"))
    assert [r.kind for r in found.rows] == ["model", "initiative", "dialogue"]  # the award is dated 2025
    assert (found.received, found.answered) == (62, 58)
    names = {"21601": "UBND Phường Hoà Bình", "H21.03": "Sở Tư pháp"}
    text = sentence_vi(found, names)
    assert text == ("Triển khai 1 mô hình (Xã thông minh – UBND Phường Hoà Bình), 1 sáng kiến (Phiếu hẹn điện tử – "
                    "Sở Tư pháp); tổ chức 1 hội nghị đối thoại, tiếp nhận 62 kiến nghị, đã trả lời 58 (93,5%)")
    assert [r.unit_code for r in results(logged, parse_period("2024"), "H21.03").rows] == ["H21.03"]
    indicator = logged.catalogue().indicator("RECOMMENDATIONS_ANSWERED", parse_period("2024").end)
    tallies = run(logged, [indicator], [parse_period("2024"), parse_period("2023")], datetime(2024, 12, 31))
    assert (tallies[("52", 0, None)]["RECOMMENDATIONS_ANSWERED"].numerator,
            tallies[("52", 0, None)]["RECOMMENDATIONS_ANSWERED"].denominator) == (58, 62)
    assert tallies[("H21.02", 0, None)]["RECOMMENDATIONS_ANSWERED"].value == pytest.approx(100 * 58 / 62)
    assert ("52", 1, None) not in tallies, "no dialogue in 2023: no figure"


@pytest.mark.parametrize(("row", "reason"), [
    ("9,Hội nghị đối thoại,Đối thoại,Sở Nội vụ,20/06/2024,,,10,12,\n", "answered more recommendations"),
    ("9,Hội nghị đối thoại,Đối thoại,Sở Nội vụ,20/06/2024,,,,,\n", "needs the recommendations received"),
    ("9,Mô hình,Tương lai,Sở Nội vụ,20/06/2099,,,,,\n", "in the future"),
    ("9,Mô hình,X,Sở Không Có,20/06/2024,,,,,\n", "unknown unit"),
    ("9,Phong trào,X,Sở Nội vụ,20/06/2024,,,,,\n", "not one of"),
    ("9,Mô hình,Xã thông minh,UBND Phường Hòa Bình,15/03/2024,,,,,\n", "more than once"),
])
def test_a_row_that_cannot_be_right_is_refused_and_nothing_written(logged: Store, tmp_path: Path, row: str,
                                                                    reason: str) -> None:
    before = len(results(logged, parse_period("2024-01-01..2099-12-31")).rows)
    rows = ROWS.splitlines(keepends=True)[0] + row
    with pytest.raises(ImportRejected) as caught:
        import_file(logged, "achievements", write(tmp_path, rows, "bad.csv"))
    assert any(reason in r.reason for r in caught.value.result.rejects), caught.value.result.rejects
    assert len(results(logged, parse_period("2024-01-01..2099-12-31")).rows) == before


def test_an_officer_logs_only_their_units_results(logged: Store, tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_file(logged, "achievements", write(tmp_path, ROWS, "mine.csv"), scope=["H21.03"])
    assert any("outside your units" in r.reason for r in caught.value.result.rejects)
