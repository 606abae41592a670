"""A real province on its real files: set-up for any province, one-stop exports as they come, the portal's 766 rows.

Every file here is built in the test with the exact headers of the real exports (one-stop-export-headers: title
rows, merged header groups, names instead of codes, both applicant columns), plus bad rows of every kind.
"""

import csv
import json
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from vietnam_provinces import ProvinceCode, Ward

from tests.conftest import chiso

PROCEDURES = """code,name,sector,level,time_limit
1.001193,Đăng ký khai sinh,Hộ tịch,xã,3 ngày làm việc
2.000884,Chứng thực chữ ký,Chứng thực,xã,1 ngày làm việc
2.001035,Chứng thực chữ ký,Chứng thực,tỉnh,2 ngày làm việc
1.000001,Cấp giấy phép xây dựng,Xây dựng,tỉnh,15 ngày
"""
THEO_DOI = ["STT", "Đơn vị tiếp nhận", "Tên thủ tục hành chính", "Mã hồ sơ", "Trạng thái", "Địa chỉ", "Người nộp",
            "Chủ hồ sơ", "Ngày nộp hồ sơ", "Ngày nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý"]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def ok(*args: str) -> str:
    done = chiso(*args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.fixture()
def gia_lai(home: Path, tmp_path: Path) -> Path:
    ok("init", "--province", "Gia Lai")
    (tmp_path / "procedures.csv").write_text(PROCEDURES, encoding="utf-8")
    ok("import", "procedures", str(tmp_path / "procedures.csv"))
    return home / "chiso.duckdb"


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def theo_doi_workbook(path: Path, rows: list[list[object]]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DANH SÁCH HỒ SƠ THEO DÕI"])
    sheet.merge_cells("A1:L1")
    sheet.append(["Từ ngày 01/03/2024 đến ngày 31/03/2024"])
    sheet.append([])
    sheet.append(THEO_DOI)
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append([None, None, None, None, None, None, None, None, None, "Người lập biểu"])
    book.save(path)


GOOD = [
    [1, "Sở Tư pháp", nfd("Chứng thực chữ ký"), "H21.03-240304-0001", "Đã trả kết quả", "12 Lê Lợi", "Nguyễn Văn An",
     "Trần Thị Bình", "04/03/2024 08:00", "04/03/2024 08:30", "06/03/2024 17:00", "05/03/2024 10:00"],
    [2, "UBND Phường Quy Nhơn", "CHỨNG THỰC CHỮ KÝ", "21583-240304-0001", "Đang xử lý", "", "Lê Văn Cường",
     "Lê Văn Cường", "04/03/2024 08:00", "04/03/2024 09:00", "05/03/2024 17:00", None],
    [3, nfd("Xã Hoà Hội"), "Đăng ký khai sinh", "21871-240305-0001", "10", "", "", "Phạm Thị Dung",
     "", "05/03/2024 14:00", "08/03/2024 17:00", "06/03/2024 09:00"],
    [4, "UBND huyện Chư Păh", "Đăng ký khai sinh", "D627-240305-0001", "Đã xử lý xong", "", "", "Hồ Văn Em",
     "", "05/03/2024 14:00", "", "07/03/2024 09:00"],
    [5, "UBND xã Mỹ Đức", "Đăng ký khai sinh", "C21736-240305-0001", "Đã trả kết quả", "", "", "Võ Thị Gấm",
     "", "05/03/2024 14:00", "", "07/03/2024 09:00"],
]
BAD = [
    [6, "Sở Tư pháp", "Đăng ký khai sinh lưu động", "H21.03-240306-0002", "Đang xử lý", "", "", "X",
     "", "06/03/2024 08:00", "", ""],
    [7, "Sở Tư pháp", "Chứng thực chữ ký", "H21.03-240306-0003", "Đang xử lý", "", "", "X",
     "", "31/02/2024 08:00", "", ""],
    [8, "Sở Tư pháp", "Chứng thực chữ ký", "H21.03-240306-0004", "Đang chờ phê duyệt", "", "", "X",
     "", "06/03/2024 08:00", "", ""],
    [9, "UBND xã Không Có Thật", "Chứng thực chữ ký", "H21.03-240306-0005", "Đang xử lý", "", "", "X",
     "", "06/03/2024 08:00", "", ""],
]


def test_one_stop_list_as_exported(gia_lai: Path, tmp_path: Path) -> None:
    path = tmp_path / "ho-so-theo-doi.xlsx"
    theo_doi_workbook(path, GOOD + BAD)
    refused = chiso("import", "dossiers", str(path))
    assert refused.returncode == 1
    err = refused.stderr
    assert "motcua-theo-doi" in err and "header row 4" in err
    assert "by reason" in err  # the summary comes first
    assert err.index("by reason") < err.index("dòng/line")
    # Each bad row with its sheet line and reason (title rows counted: data start on line 5).
    # reasons in Vietnamese (English with CHISO_LANG=en, and always in the rejects file's reason column)
    assert "line 10" in err and "tên thủ tục không có trong danh mục" in err and "Đăng ký khai sinh (1.001193)" in err
    assert "line 11" in err and "không phải ngày" in err
    assert "line 12" in err and "không thuộc các giá trị" in err
    assert "line 13" in err and "đơn vị không có trong danh mục" in err
    assert query(gia_lai, "SELECT count(*) FROM dossiers") == [(0,)]

    out = ok("import", "dossiers", str(path), "--skip-invalid")
    assert "kênh không rõ / channel unknown: 5 hồ sơ" in out
    assert "note rows skipped" in out
    sql = "SELECT number, procedure_code || '|' || receiving_unit || '|' || channel FROM dossiers"
    rows: dict[Any, Any] = dict(query(gia_lai, sql))
    assert rows == {
        "H21.03-240304-0001": "2.001035|H21.03|unknown",   # province-level twin for a department
        "21583-240304-0001": "2.000884|21583|unknown",     # commune-level twin for a ward
        "21871-240305-0001": "1.001193|21871|unknown",     # NFD, new tone placement, no "UBND"
        "D627-240305-0001": "1.001193|D627|unknown",       # a district that ended on 30/06/2025
        "C21736-240305-0001": "1.001193|C21736|unknown",   # an old commune ...
    }
    assert query(gia_lai, "SELECT parent_code, successor_code, valid_to FROM units WHERE code = 'C21736'") == [
        ("21739", "21739", __import__("datetime").date(2025, 6, 30))]  # ... rolls up to the commune that took it
    raw = gia_lai.read_bytes() + (gia_lai.with_name(gia_lai.name + ".wal").read_bytes()
                                   if gia_lai.with_name(gia_lai.name + ".wal").exists() else b"")
    for name in ("Trần Thị Bình", "Nguyễn Văn An", "Lê Văn Cường", "12 Lê Lợi"):
        assert name.encode() not in raw
    # The province settles a name once; the next import takes it.
    (gia_lai.parent / "config" / "procedure-aliases.csv").write_text(
        "name,code\nĐăng ký khai sinh lưu động,1.001193\n", encoding="utf-8")
    ok("import", "dossiers", str(path), "--skip-invalid")
    assert query(gia_lai, "SELECT procedure_code FROM dossiers WHERE number = 'H21.03-240306-0002'") == [
        ("1.001193",)]


def test_summary_counts_unknown_channel(gia_lai: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    theo_doi_workbook(path, GOOD)
    ok("import", "dossiers", str(path))
    summary = json.loads(chiso("summary", "--year", "2024", "--format", "json").stdout)
    assert sum(int(m["unknown"]) for m in summary) == 5
    done = chiso("indicator", "compute", "ONLINE_RATE", "--period", "2024-03", "--format", "json")
    online = json.loads(done.stdout)
    assert online[0]["channel_unknown"] == 5 and online[0]["numerator"] == 0


def test_a_province_adds_its_own_layout_and_aliases(gia_lai: Path, tmp_path: Path) -> None:
    config = gia_lai.parent / "config"
    (config / "layouts").mkdir(parents=True, exist_ok=True)
    (config / "layouts" / "igate-tinh.toml").write_text(
        'name = "igate-tinh"\nkind = "dossiers"\ntitle = "iGate của tỉnh"\n'
        'signature = ["Số hồ sơ", "Thủ tục", "Cơ quan tiếp nhận", "Thời điểm tiếp nhận"]\n'
        '[columns]\n"Số hồ sơ" = "number"\n"Thủ tục" = "procedure_name"\n"Cơ quan tiếp nhận" = "receiving_unit"\n'
        '"Thời điểm tiếp nhận" = "received_at"\n"Hình thức" = "channel"\n', encoding="utf-8")
    (config / "unit-aliases.csv").write_text("name,code\nSTP Gia Lai,H21.03\n", encoding="utf-8")
    path = tmp_path / "igate.csv"
    path.write_text("BÁO CÁO\nSố hồ sơ,Thủ tục,Cơ quan tiếp nhận,Thời điểm tiếp nhận,Hình thức\n"
                    "IG-1,Chứng thực chữ ký,STP Gia Lai,04/03/2024 08:00,Trực tuyến\n", encoding="utf-8")
    out = ok("import", "dossiers", str(path))
    assert "igate-tinh" in out and "header row 2" in out
    assert query(gia_lai, "SELECT receiving_unit, procedure_code, channel FROM dossiers") == [
        ("H21.03", "2.001035", "online")]
    (config / "unit-aliases.csv").write_text("name,code\nSTP Gia Lai,KHONG-CO\n", encoding="utf-8")
    broken = chiso("import", "dossiers", str(path))
    assert broken.returncode == 1 and "unit-aliases.csv" in broken.stderr and "KHONG-CO" in broken.stderr
    (config / "layouts" / "sai.toml").write_text('name = "sai"\nkind = "dossiers"\n[columns]\n"A" = "ngay"\n',
                                                 encoding="utf-8")
    typo = chiso("import", "dossiers", str(path))
    assert typo.returncode == 1 and "sai.toml" in typo.stderr and "ngay" in typo.stderr
    assert "Traceback" not in typo.stderr


def test_opencps_report_channel_from_flags(gia_lai: Path, tmp_path: Path) -> None:
    path = tmp_path / "opencps.jsonl"
    base = {"serviceName": "Chứng thực chữ ký", "govAgencyName": "Phường Quy Nhơn", "receiveDate": "2024-03-04T08:00",
            "dueDate": "2024-03-05T17:00", "dossierStatus": "done", "releaseDate": "2024-03-04T15:00",
            "delegateName": "Người Nộp Thay", "applicantName": "Chủ Hồ Sơ A"}
    records = [{**base, "dossierNo": "OC-1", "online": True, "viaPostal": False},
               {**base, "dossierNo": "OC-2", "online": False, "viaPostal": True},
               {**base, "dossierNo": "OC-3", "online": False, "viaPostal": False},
               {**base, "dossierNo": "OC-4", "dossierStatus": "processing", "releaseDate": None}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    out = ok("import", "dossiers", str(path))
    assert "opencps-bao-cao" in out
    assert dict(query(gia_lai, "SELECT number, channel FROM dossiers")) == {
        "OC-1": "online", "OC-2": "postal", "OC-3": "direct", "OC-4": "unknown"}
    assert query(gia_lai, "SELECT state FROM dossiers WHERE number = 'OC-4'") == [(None,)]


def test_dvcqg_sync_record(gia_lai: Path, tmp_path: Path) -> None:
    path = tmp_path / "dongbo.json"
    record = {"MaHoSo": "H21.03-240305-0009", "MaTTHC": "2.001035.000.00.00.H21", "TenTTHC": "Chứng thực chữ ký",
              "KenhThucHien": "2", "SoGiayToChuHoSo": "064123456789", "ChuHoSo": "Nguyễn Thị Hoa",
              "SoDienThoai": "0912345678", "NgayNopHoSo": "20240305070000", "NgayTiepNhan": "20240305083000",
              "NgayHenTra": "20240307170000", "TrangThaiHoSo": "10", "NgayKetThucXuLy": "20240306100000",
              "NgayTra": "20240306150000", "NoiNopHoSo": "Sở Tư pháp", "DonViXuLy": "Sở Tư pháp",
              "HoSoCoThanhPhanSoHoa": "1", "DuocThanhToanTrucTuyen": "1",
              "DanhSachLePhi": [{"TenPhiLePhi": "Lệ phí", "Gia": 20000}], "QuaTrinhXuLy": [{"NguoiXuLy": "Cán bộ"}]}
    second = {**record, "MaHoSo": "H21.03-240305-0010", "KenhThucHien": "1", "DanhSachLePhi": [],
              "TrangThaiHoSo": "4", "NgayKetThucXuLy": None, "NgayTra": None}
    path.write_text(json.dumps([record, second], ensure_ascii=False), encoding="utf-8")
    out = ok("import", "dossiers", str(path))
    assert "dvcqg-dong-bo" in out
    got = query(gia_lai, "SELECT number, channel, fee, paid_online, digitized_input, state, "
                         "strftime(received_at, '%Y-%m-%d %H:%M') FROM dossiers ORDER BY number")
    assert got == [("H21.03-240305-0009", "online", True, True, True, "finished", "2024-03-05 08:30"),
                   ("H21.03-240305-0010", "direct", False, True, True, None, "2024-03-05 08:30")]
    assert b"064123456789" not in (gia_lai.read_bytes())


def test_other_one_stop_lists(gia_lai: Path, tmp_path: Path) -> None:
    lists = {
        "motcua-thong-ke": (["STT", "Đơn vị tiếp nhận", "Lĩnh vực", "Tên thủ tục hành chính", "Mã hồ sơ", "Trạng thái",
                             "Địa chỉ", "Chủ hồ sơ", "Ngày nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý",
                             "Đơn vị/ cá nhân giải quyết"],
                            [1, "Sở Tư pháp", "Chứng thực", "Chứng thực chữ ký", "TK-1", "Đã trả kết quả", "", "A",
                             "04/03/2024 08:00", "06/03/2024", "05/03/2024 09:00", "Nguyễn Văn Cán Bộ"]),
        "motcua-766-qua-han": (["STT", "groupName", "linhVucChinh", "tenTTHC", "maHoSo", "tenTrangThaiHoSo",
                                "diaChiChuHoSo", "chuHoSo", "ngayTiepNhan", "ngayHenTra", "ngayTra"],
                               [1, "Sở Tư pháp", "Chứng thực", "Chứng thực chữ ký", "QH-1", "Đã trả kết quả", "", "A",
                                "04/03/2024 08:00", "05/03/2024", "08/03/2024 09:00"]),
        "motcua-bcci": (["STT", "Đơn vị tiếp nhận", "Tên thủ tục hành chính", "Mã hồ sơ", "Trạng thái", "Chủ hồ sơ",
                         "Thông tin người nhận kết quả qua BCCI", "Số điện thoại", "Mã vận đơn bưu điện", "Phí thu hộ",
                         "Ngày nộp hồ sơ", "Ngày nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý"],
                        [1, "Sở Tư pháp", "Chứng thực chữ ký", "BC-1", "Đã xử lý xong", "A", "B, 1 Trần Phú",
                         "0900000000", "EE123", "20000", "", "04/03/2024 08:00", "", "05/03/2024 09:00"]),
    }
    for name, (header, row) in lists.items():
        path = tmp_path / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["DANH SÁCH HỒ SƠ"])
            writer.writerow([])
            writer.writerow(header)
            writer.writerow(row)
        out = ok("import", "dossiers", str(path))
        assert name in out, out
    opencps = tmp_path / "opencps.csv"
    opencps.write_text("STT,Mã hồ sơ,Tên hồ sơ,Chủ hồ sơ,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái,Hạn xử lý\n"
                       "1,OL-1,Chứng thực chữ ký,A,04/03/2024 08:00,05/03/2024,Đang xử lý,Còn 1 ngày\n",
                       encoding="utf-8")
    missing = chiso("import", "dossiers", str(opencps))
    assert missing.returncode == 1 and "receiving_unit" in missing.stderr
    assert "opencps-danh-sach" in ok("import", "dossiers", str(opencps), "--unit", "UBND Phường Quy Nhơn")
    got: dict[Any, Any] = dict(query(gia_lai, "SELECT number, receiving_unit || '|' || procedure_code FROM dossiers"))
    assert got == {"TK-1": "H21.03|2.001035", "QH-1": "H21.03|2.001035", "BC-1": "H21.03|2.001035",
                   "OL-1": "21583|2.000884"}
    forced = chiso("import", "dossiers", str(opencps), "--layout", "khong-co")
    assert forced.returncode == 1 and "motcua-theo-doi" in forced.stderr


def test_procedure_catalogue_layouts(home: Path, tmp_path: Path) -> None:
    ok("init", "--province", "Đồng Nai")
    national = tmp_path / "danh-sach-tthc.csv"
    national.write_text("Mã số,Tên,Cơ quan ban hành,Cơ quan thực hiện,Lĩnh vực\n"
                        "1.001193,Đăng ký khai sinh,Bộ Tư pháp,Ủy ban nhân dân xã,Hộ tịch\n"
                        "2.000884,Chứng thực chữ ký,Bộ Tư pháp,Ủy ban nhân dân xã,Chứng thực\n", encoding="utf-8")
    out = ok("import", "procedures", str(national))
    assert "csdlqg-danh-sach-tthc" in out and "2 thủ tục chưa có thời hạn" in out
    publication = tmp_path / "cong-bo.csv"
    with publication.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["PHỤ LỤC", "DANH MỤC THỦ TỤC HÀNH CHÍNH"])
        writer.writerow(["STT", "Mã TTHC", "Tên thủ tục hành chính", "Thời hạn giải quyết",
                         "Dịch vụ công trực tuyến", "", "", "Cơ quan thực hiện"])
        writer.writerow(["", "", "", "", "Toàn trình", "Một phần", "Trực tiếp", ""])
        writer.writerow(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"])
        writer.writerow(["1", "1.001193", "Đăng ký khai sinh", "Không quá 03 (ba) ngày làm việc kể từ ngày nhận",
                         "x", "", "", "UBND cấp xã"])
        writer.writerow(["2", "2.000884", "Chứng thực chữ ký", "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận "
                         "sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo", "", "x", "", "UBND cấp xã"])
    out = ok("import", "procedures", str(publication))
    assert "tinh-cong-bo-tthc" in out and "header row 2" in out
    assert "1 thủ tục chưa có thời hạn" in out and "flagged" in out
    got = query(home / "chiso.duckdb", "SELECT code, limit_value, limit_unit, online_level FROM procedures ORDER BY 1")
    assert got == [("1.001193", 3, "working_days", "full"), ("2.000884", None, None, "partial")]
    listed = ok("procedures", "list", "--missing-limit", "--format", "csv")
    assert "2.000884" in listed and "1.001193" not in listed


@pytest.mark.parametrize(("province", "code"), [("Thanh Hoá", 38), ("TP Hồ Chí Minh", 79)])
def test_init_any_province(home: Path, province: str, code: int) -> None:
    dry = ok("init", "--province", province, "--dry-run")
    assert "dry run" in dry and not (home / "chiso.duckdb").exists()
    assert not (home / "config" / "departments.csv").exists()  # a dry run writes nothing
    ok("init", "--province", province)
    db = home / "chiso.duckdb"
    communes = len(list(Ward.iter_by_province(ProvinceCode(code))))
    assert query(db, "SELECT count(*) FROM units WHERE kind = 'commune'") == [(communes,)]
    assert query(db, "SELECT count(*) FROM units WHERE kind = 'department' AND parent_code = ?".replace(
        "?", f"'{code}'")) == [(20,)]
    ended = query(db, "SELECT count(*), count(*) FILTER (WHERE valid_to = DATE '2025-06-30') FROM units "
                      "WHERE kind = 'other'")
    assert ended[0][0] > 100 and ended[0][0] == ended[0][1]
    again = ok("init", "--province", str(code))
    assert "thêm/inserted 0, cập nhật/updated 0" in again
    other = chiso("init", "--province", "Gia Lai")
    assert other.returncode == 1 and "set up for province" in other.stderr


def test_hostile_files_write_nothing(gia_lai: Path, tmp_path: Path) -> None:
    header = ",".join(THEO_DOI) + "\n"
    row = '1,Sở Tư pháp,Chứng thực chữ ký,H-1,Đang xử lý,,,A,,04/03/2024 08:00,,\n'
    cases = {
        "utf16.csv": ((header + row).encode("utf-16"), "UTF-16"),
        "cp1258.csv": ((header + row).encode("cp1258", errors="replace"), "not UTF-8"),
    }
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
        done = chiso("import", "dossiers", str(tmp_path / name))
        assert done.returncode == 1 and message in done.stderr and "Traceback" not in done.stderr
    nul = tmp_path / "nul.jsonl"
    nul.write_text(json.dumps({"MaHoSo": "H\u0000-1", "MaTTHC": "2.000884", "NgayTiepNhan": "20240305083000",
                               "TrangThaiHoSo": "4", "NoiNopHoSo": "Sở Tư pháp"}) + "\n"
                   + "[" * 100_000 + "\n", encoding="utf-8")
    done = chiso("import", "dossiers", str(nul))
    assert done.returncode == 1 and "NUL" in done.stderr and "line 2" in done.stderr
    assert query(gia_lai, "SELECT count(*) FROM dossiers") == [(0,)]
    # A small workbook claiming the largest sheet Excel allows: read as the rows it holds.
    big = tmp_path / "dimension.xlsx"
    theo_doi_workbook(big, GOOD[:1])
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(big) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<dimension ref=\"") + len("<dimension ref=\"")
                text = text[:start] + "A1:XFD1048576" + text[text.index("\"", start):]
                data = text.encode()
            dst.writestr(item, data)
    ok("import", "dossiers", str(patched))
    assert query(gia_lai, "SELECT count(*) FROM dossiers") == [(1,)]


def test_index_score_reads_the_portal_rows(tmp_path: Path) -> None:
    from tests.test_scoring import DAK_LAK, DAK_LAK_GROUPS

    rows = ["unit_code,unit_name,metric_code,metric_name,numerator,denominator,ratio,score,max"]
    for code, (n, d, published) in DAK_LAK.items():
        blank = code == "ELECTRONIC_CERTIFIED_COPY"
        rows.append(f"H15,Tỉnh Đắk Lắk,{code},tên,{'' if blank else n},{'' if blank else d},,{published},")
    rows += ["H15,Tỉnh Đắk Lắk,ONLINE_SERVICE,,,,,8.97,12", "H15,Tỉnh Đắk Lắk,PAYMENT,,,,,6.69,10",
             "H15,Tỉnh Đắk Lắk,AVG_TIME,Thời gian giải quyết trung bình,1234,443565,2.78,,0",
             "H15,Tỉnh Đắk Lắk,PETITION_CLASSIFICATION_TTHC,,120,485,,,0",
             "H15,Tỉnh Đắk Lắk,PETITION_CLASSIFICATION_STAFF,,30,485,,,0",
             "H15,Tỉnh Đắk Lắk,PROGRESS,Tiến độ,,,,17.72,20", "H15,Tỉnh Đắk Lắk,TOTAL,,,,,65.49,100"]
    source = tmp_path / "cong-quoc-gia.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "scores.csv"
    done = chiso("index", "score", "--input", str(source), "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "display-only items echoed with 0 points: 3" in done.stderr
    table = {(r["unit_code"], r["metric_code"]): r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert table[("H15", "TOTAL")]["score"] == "65.49"
    assert table[("H15", "ELECTRONIC_CERTIFIED_COPY")]["score"] == "2.00"  # no data: 0/0 scores full
    for group, value in DAK_LAK_GROUPS.items():
        assert table[("H15", group)]["score"] == value
    for code in ("AVG_TIME", "PETITION_CLASSIFICATION_TTHC", "PETITION_CLASSIFICATION_STAFF"):
        assert table[("H15", code)]["score"] == "0" and table[("H15", code)]["note"] == "display_only"
    book = Workbook()  # the same rows as an Excel file under a title, as the portal's page is saved
    sheet = book.active
    assert sheet is not None
    sheet.append(["ĐÁNH GIÁ CHẤT LƯỢNG PHỤC VỤ - TỈNH ĐẮK LẮK"])
    for line in rows:
        sheet.append([int(v) if v.isdigit() else (v or None) for v in next(csv.reader([line]))])
    book.save(tmp_path / "cong.xlsx")
    xlsx = chiso("index", "score", "--input", str(tmp_path / "cong.xlsx"))
    assert xlsx.returncode == 0, xlsx.stderr
    assert "H15,TOTAL,65.49,1," in xlsx.stdout
    half = tmp_path / "half.csv"
    half.write_text("unit_code,metric_code,numerator,denominator\nH15,ON_TIME,5,\n", encoding="utf-8")
    bad = chiso("index", "score", "--input", str(half))
    assert bad.returncode == 1 and "line 2" in bad.stderr


def test_reconcile_with_the_portal(gia_lai: Path, tmp_path: Path) -> None:
    dossiers = tmp_path / "dossiers.csv"
    dossiers.write_text(
        "number,procedure_code,receiving_unit,received_at,due_at,finished_at,state,channel,synced_to_portal\n"
        # Late by chiso's calendar (2 working days end on 06/03), on time by the one-stop due date (08/03).
        "R-1,2.001035,H21.03,2024-03-04 08:00,2024-03-08 17:00,2024-03-07 10:00,finished,online,1\n"
        "R-2,2.001035,H21.03,2024-03-04 09:00,2024-03-06 17:00,2024-03-05 10:00,finished,direct,1\n"
        # Never synchronised: the portal does not know it.
        "R-3,2.001035,H21.03,2024-03-05 09:00,2024-03-07 17:00,2024-03-06 10:00,finished,direct,0\n",
        encoding="utf-8")
    ok("import", "dossiers", str(dossiers))
    portal = tmp_path / "portal.csv"
    portal.write_text("unit_code,unit_name,metric_code,numerator,denominator,score\n"
                      "H21.03,Sở Tư pháp,ON_TIME,2,2,20\nH21.03,Sở Tư pháp,AVG_TIME,3,2,0\n"
                      "Sở Tư pháp,,DOSSIER_SYNC,2,2,6\n", encoding="utf-8")
    thousands = tmp_path / "thousands.csv"
    thousands.write_text("Mã đơn vị,Tiêu chí,Tử số,Mẫu số,Điểm,Kỳ\nH21.03,ON_TIME,370.610,443 565,\"16,71\",2024-04\n",
                         encoding="utf-8")
    ok("import", "published", str(thousands))
    missing = chiso("import", "published", str(portal))
    assert missing.returncode == 1 and "period" in missing.stderr
    assert "dvcqg-766-chi-tieu" in ok("import", "published", str(portal), "--period", "2024-03")
    assert "unchanged 3" in ok("import", "published", str(portal), "--period", "2024-03").replace("/", " ")
    lines = json.loads(chiso("index", "reconcile", "--period", "2024-03", "--unit", "H21.03", "--format",
                             "json").stdout)
    on_time = next(r for r in lines if r["metric"] == "ON_TIME")
    assert (on_time["portal_numerator"], on_time["portal_denominator"], on_time["portal_score"]) == (2, 2, 20.0)
    assert (on_time["chiso_numerator"], on_time["chiso_denominator"], on_time["chiso_score"]) == (2, 3, 13.33)
    assert on_time["difference"] == -6.67
    assert "1 hồ sơ chưa đồng bộ" in on_time["why"]
    assert "1 hồ sơ trễ hạn chỉ theo lịch của chiso" in on_time["why"]
    sync = next(r for r in lines if r["metric"] == "DOSSIER_SYNC")
    assert (sync["chiso_numerator"], sync["chiso_denominator"]) == (2, 3)
    listed = tmp_path / "why.csv"
    done = chiso("index", "reconcile", "--period", "2024-03", "--unit", "H21.03", "--dossiers", str(listed))
    assert done.returncode == 0, done.stderr
    behind = sorted((r["number"], r["metric"], r["reason"]) for r in csv.DictReader(listed.open(encoding="utf-8")))
    assert behind == [("R-1", "ON_TIME", "late_by_chiso_calendar_only"), ("R-3", "DOSSIER_SYNC", "not_synchronised")]
    avg = next(r for r in lines if r["metric"] == "AVG_TIME")
    assert avg["chiso_score"] == 0.0 and avg["difference"] == 0.0
    ranking = tmp_path / "xep-hang.csv"  # the portal's ranking table: one row per unit, a column per group
    ranking.write_text("BẢNG XẾP HẠNG\nHạng,\"Tên Đơn vị, Cơ quan\",Cấp Đơn vị,Mã Đơn vị,Công khai (18đ),Tiến độ (20đ),"
                       "DVC TT (12đ),Số hóa (22đ),Thanh toán (10đ),Hài lòng (18đ),TỔNG ĐIỂM (100đ),Xếp loại\n"
                       "1,Sở Tư pháp,Sở,H21.03,\"10,5\",20,6,5,4,12,\"57,5\",Khá\n", encoding="utf-8")
    out = ok("import", "published", str(ranking), "--period", "2024-03")
    assert "dvcqg-766-xep-hang" in out and "inserted 7" in out.replace("/", " ").replace("thêm inserted", "inserted")
    groups = {r["metric"]: r for r in json.loads(chiso("index", "reconcile", "--period", "2024-03", "--unit",
                                                       "H21.03", "--format", "json").stdout)}
    assert groups["PROGRESS"]["portal_score"] == 20.0 and groups["PROGRESS"]["chiso_score"] == 13.33
    assert groups["TOTAL"]["portal_score"] == 57.5 and groups["TRANSPARENCY"]["portal_score"] == 10.5
    april = json.loads(chiso("index", "reconcile", "--period", "2024-04", "--format", "json").stdout)
    assert (april[0]["portal_numerator"], april[0]["portal_denominator"], april[0]["portal_score"]) == (
        370610, 443565, 16.71)
    none = chiso("index", "reconcile", "--period", "2024-05")
    assert none.returncode == 1 and "chiso import published" in none.stderr


def test_demo_generates_in_bounded_windows(store: Any) -> None:
    import numpy as np

    from chiso.demo.build import catalogue
    from chiso.demo.dossiers import generate_chunks
    from chiso.demo.procedures import procedure_table
    from chiso.demo.units import unit_table
    from chiso.store.importing import import_table

    import_table(store, "units", unit_table(), "units")
    import_table(store, "procedures", procedure_table(), "procedures")
    chunks = list(generate_chunks(np.random.default_rng(3), store.calendar, catalogue(store), 20_000, max_rows=2_500))
    assert len(chunks) > 8 and all(c.num_rows <= 2_500 for c in chunks)
    assert sum(c.num_rows for c in chunks) == 20_000
    numbers = [n for c in chunks for n in c.column("number").to_pylist()]
    lines = [n for c in chunks for n in c.column("_line").to_pylist()]
    assert len(set(numbers)) == 20_000 and lines == list(range(2, 20_002))
    again = list(generate_chunks(np.random.default_rng(3), store.calendar, catalogue(store), 20_000, max_rows=2_500))
    assert [c.column("number").to_pylist() for c in again] == [c.column("number").to_pylist() for c in chunks]


@settings(max_examples=60, deadline=None)
@given(titles=st.lists(st.sampled_from(["DANH SÁCH HỒ SƠ", "Từ ngày 01/01/2024 đến 31/03/2024", "", "Đơn vị: Sở X"]),
                       max_size=5),
       grouped=st.booleans(), numbered=st.booleans())
def test_header_row_found_below_titles(titles: list[str], grouped: bool, numbered: bool) -> None:
    from chiso.store.header_row import find_header
    from chiso.store.spec import entity, header_key

    known = {header_key(a) for c in entity("dossiers").columns for a in (c.name, *c.aliases)}
    rows: list[list[object]] = [[t] if t else [] for t in titles]
    if grouped:  # "Ngày" over "Ngày nhận | Ngày hẹn trả", the rest merged down
        rows.append(["Mã hồ sơ", "Đơn vị tiếp nhận", "Tên thủ tục hành chính", "Ngày", None])
        rows.append([None, None, None, "Ngày nhận", "Ngày hẹn trả"])
    else:
        rows.append(["Mã hồ sơ", "Đơn vị tiếp nhận", "Tên thủ tục hành chính", "Ngày nhận", "Ngày hẹn trả"])
    if numbered:
        rows.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    rows.append(["H-1", "Sở Tư pháp", "Chứng thực chữ ký", "04/03/2024 08:00", "06/03/2024"])
    found = find_header(rows, known)
    assert found is not None and found.index == len(titles)
    assert found.height == (2 if grouped else 1) and found.numbering_row == numbered
    assert found.headers[-2:] == ["Ngày: Ngày nhận", "Ngày: Ngày hẹn trả"] or found.headers[-2:] == [
        "Ngày nhận", "Ngày hẹn trả"]


@pytest.mark.parametrize(("header", "layout"), [
    ("STT,Mã hồ sơ,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Đơn vị giải quyết,Ghi chú", "motcua-phu-luc-cham-tre"),
    ("STT,Mã hồ sơ,Người tiếp nhận,Loại tiếp nhận,Tên người nộp,Số biên lai,Mẫu số,Ký hiệu,Ngày tiếp nhận,Ngày thu,"
     "Phí (VNĐ),Lệ phí (VNĐ),Tổng (VNĐ)", "motcua-bien-lai"),
    ("STT,MÃ HỒ SƠ,CHỦ HỒ SƠ,ĐƠN VỊ XỬ LÝ,NGÀY TIẾP NHẬN,NGÀY HẸN TRẢ / NGÀY CÓ KẾT QUẢ", "opencps-ket-qua"),
])
def test_lists_that_are_not_dossier_records_say_why(gia_lai: Path, tmp_path: Path, header: str, layout: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(f"PHỤ LỤC I\n{header}\n" + ",".join(["1", "H-1"] + ["x"] * (header.count(",") - 1)) + "\n",
                    encoding="utf-8")
    done = chiso("import", "dossiers", str(path))
    assert done.returncode == 1 and layout in done.stderr and "instead" in done.stderr
    assert query(gia_lai, "SELECT count(*) FROM dossiers") == [(0,)]


def test_publication_annex_with_merged_cells(home: Path, tmp_path: Path) -> None:
    ok("init", "--province", "Quảng Trị")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["PHỤ LỤC"])
    sheet.merge_cells("A1:H1")
    sheet.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC CÔNG BỐ"])
    sheet.merge_cells("A2:H2")
    sheet.append(["STT", "Mã TTHC", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Dịch vụ công trực tuyến",
                  None, None, "Cơ quan thực hiện"])
    sheet.append([None, None, None, None, "Toàn trình", "Một phần", "Trực tiếp", None])
    for column in "ABCDH":  # merged down over the two header rows
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("E3:G3")
    sheet.append([1, "1.013401.H50", nfd("Thủ tục hoà giải"), "05 ngày làm việc", None, "X", None, "UBND cấp xã"])
    sheet.append([2, "2.000884", "Chứng thực chữ ký", "Trong ngày", None, None, "x", "UBND cấp xã"])
    sheet.append([None, None, None, None, None, None, None, "CHỦ TỊCH"])
    path = tmp_path / "qd-cong-bo.xlsx"
    book.save(path)
    out = ok("import", "procedures", str(path))
    assert "tinh-cong-bo-tthc" in out and "header row 3" in out
    got = query(home / "chiso.duckdb", "SELECT code, name, limit_value, limit_unit, online_level FROM procedures "
                                        "ORDER BY 1")
    assert got == [("1.013401.H50", "Thủ tục hoà giải", 5, "working_days", "partial"),
                   ("2.000884", "Chứng thực chữ ký", None, None, "none")]


def test_a_name_shared_by_an_old_and_a_new_commune_follows_the_date(gia_lai: Path, tmp_path: Path) -> None:
    # Old "Xã Xuân An" (An Khê) ended on 30/06/2025 inside today's 23629; today's "Xã Xuân An" is another commune.
    path = tmp_path / "xuan-an.csv"
    path.write_text("Mã hồ sơ,Đơn vị tiếp nhận,Tên thủ tục hành chính,Ngày nhận,Trạng thái\n"
                    "XA-2024,UBND xã Xuân An,Đăng ký khai sinh,04/03/2024 08:00,Đang xử lý\n"
                    "XA-2025,UBND xã Xuân An,Đăng ký khai sinh,04/08/2025 08:00,Đang xử lý\n", encoding="utf-8")
    ok("import", "dossiers", str(path))
    assert dict(query(gia_lai, "SELECT number, receiving_unit FROM dossiers")) == {"XA-2024": "C23627",
                                                                                   "XA-2025": "21892"}
    assert query(gia_lai, "SELECT parent_code FROM units WHERE code = 'C23627'") == [("23629",)]


def test_exports_never_carry_a_live_formula(home: Path, tmp_path: Path) -> None:
    from chiso.domain.spreadsheet import attachment, csv_writer

    units = tmp_path / "units.csv"
    units.write_text('code,name,kind,parent_code\n52,"=HYPERLINK(""http://x.invalid"",""Gia Lai"")",tỉnh,\n'
                     "X1,+cmd|' /C calc'!A0,sở,52\n", encoding="utf-8")
    ok("import", "units", str(units))
    listed = list(csv.reader(chiso("units", "list", "--format", "csv").stdout.splitlines()))
    names = {r[0]: r[1] for r in listed[1:]}
    assert names["52"].startswith("'=HYPERLINK") and names["X1"].startswith("'+cmd")
    buffer = __import__("io").StringIO()
    csv_writer(buffer).writerow(["=1+1", "-2", "@SUM(A1)", 3, -4.5, "ok"])
    assert buffer.getvalue().strip() == "'=1+1,'-2,'@SUM(A1),3,-4.5,ok"
    header = attachment("biên bản \"nghiệm thu\"/..\\x.pdf")
    header.encode("latin-1")  # a header must be latin-1: the Vietnamese name travels percent-encoded
    assert "filename*=UTF-8''bi%C3%AAn" in header and '"' not in header.split("filename*")[1]
    assert len(attachment("a" * 5000 + ".pdf")) < 600


def test_a_header_given_twice_is_refused(gia_lai: Path, tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("Mã hồ sơ,Mã hồ sơ,Tên thủ tục hành chính,Đơn vị tiếp nhận,Ngày nhận,Ghi chú,Ghi chú\n"
                    "A-1,A-2,Chứng thực chữ ký,Sở Tư pháp,04/03/2024 08:00,x,y\n", encoding="utf-8")
    done = chiso("import", "dossiers", str(path))
    assert done.returncode == 1 and "'Mã hồ sơ' appears more than once" in done.stderr
    path.write_text("Mã hồ sơ,Tên thủ tục hành chính,Đơn vị tiếp nhận,Ngày nhận,Ghi chú,Ghi chú\n"
                    "A-1,Chứng thực chữ ký,Sở Tư pháp,04/03/2024 08:00,x,y\n", encoding="utf-8")
    ok("import", "dossiers", str(path))  # two notes columns: neither is stored, nothing is ambiguous
    assert query(gia_lai, "SELECT number FROM dossiers") == [("A-1",)]


def test_values_that_broke_pages_are_refused(gia_lai: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("plan,target_code,name,unit_code,target_value,deadline\n"
                    "KH-1,CT1,Số lượng,H21.03,-5,2024-12-31\nKH-1,CT2,Số lượng,H21.03,10,2024-12-31\n",
                    encoding="utf-8")
    done = chiso("import", "plan", str(plan))
    assert done.returncode == 1 and "chỉ tiêu không được âm" in done.stderr and "line 2" in done.stderr
    english = chiso("import", "plan", str(plan), env={"CHISO_LANG": "en"})
    assert "a target cannot be negative" in english.stderr
    plan.write_text("plan,target_code,name,unit_code,target_value,deadline\nKH-1,CT2,Số lượng,H21.03,10,2024-12-31\n",
                    encoding="utf-8")
    ok("import", "plan", str(plan))
    for value, day in (("nan", "2024-10-01"), ("inf", "2024-10-01"), ("5", "0001-01-01"), ("5", "9999-12-31")):
        bad = chiso("report-value", "CT2", "--unit", "H21.03", "--value", value, "--date", day)
        assert bad.returncode == 1 and "lỗi / error" in bad.stderr and "Traceback" not in bad.stderr, (value, day)
    ok("report-value", "CT2", "--unit", "H21.03", "--value", "7", "--date", "2024-10-01")
    assert query(gia_lai, "SELECT value FROM target_values") == [(7.0,)]
    dossiers = tmp_path / "old.csv"
    dossiers.write_text("Mã hồ sơ,Mã TTHC,Đơn vị tiếp nhận,Ngày nhận,Ngày kết thúc xử lý\n"
                        "O-1,2.001035,H21.03,04/03/2024 08:00,05/03/1899 08:00\n", encoding="utf-8")
    old = chiso("import", "dossiers", str(dossiers))
    assert old.returncode == 1 and "ngoài các năm 1900–2100" in old.stderr
