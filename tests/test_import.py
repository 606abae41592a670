"""Imports: every rejected row reported, all-or-nothing, idempotent, crash-safe, personal data pseudonymised."""

import csv
import json
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from chiso.store.importing import ImportRejected, import_file
from chiso.store.store import Store
from tests.conftest import PROCEDURES_CSV, UNITS_CSV, chiso

# One-stop export headers (shared/domain/one-stop-export-headers.md), Vietnamese dates, names not codes.
GOOD = """\
Số hồ sơ,Mã TTHC,Đơn vị tiếp nhận,Ngày tiếp nhận,Ngày hẹn trả,Ngày kết thúc xử lý,\
Kênh tiếp nhận,Chủ hồ sơ,Số điện thoại
H21.X21583-250303-0001,1.001193.H21,UBND Phường Quy Nhơn,03/03/2025 09:00,06/03/2025 17:00,\
04/03/2025 10:00,Trực tuyến,Nguyễn Văn A,0905000000
H21.X21601-250303-0001,1.001193,UBND Phường Hòa Bình,03/03/2025 09:30,,,2,Trần Thị B,0905000001
H21.03-250303-0001,2.000884,H21.03,2025-03-03T16:00,,2025-03-05 08:00,trực tiếp,Lê C,
"""
BAD = GOOD + """H21.03-250303-0001,2.000884,H21.03,2025-03-03T16:00,,,1,Lê C,
H21.03-250304-0002,9.999999,H21.03,2025-03-04T08:00,,,1,,
H21.03-250304-0003,1.001193,Sở Không Tồn Tại,31/02/2025,,,1,,
H21.03-250304-0004,1.001193,H21.03,04/03/2025 08:00,,01/03/2025 08:00,fax,,
H21.03-250304-0005,1.001193,H21.03,04/03/2099 08:00,,,1,,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count(store: Store, table: str = "dossiers") -> int:
    row = store.con.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def test_vietnamese_headers_and_names(catalogue_store: Store, tmp_path: Path) -> None:
    result = import_file(catalogue_store, "dossiers", write(tmp_path, "d.csv", GOOD))
    assert result.counts.inserted == 3
    assert result.dropped_headers == ["Số điện thoại"]
    rows = dict(catalogue_store.con.execute("SELECT number, receiving_unit FROM dossiers").fetchall())
    assert rows["H21.X21601-250303-0001"] == "21601"  # "Hòa" matched "Hoà"
    due = catalogue_store.con.execute("SELECT due_at_computed FROM dossiers WHERE number LIKE 'H21.03%'").fetchone()
    assert due == (datetime(2025, 3, 5, 8, 0),)  # after the 15:00 cut-off: Tue 07:30 + 7.5 h, then 0.5 h on Wed


def test_personal_data_is_never_stored(catalogue_store: Store, tmp_path: Path) -> None:
    import_file(catalogue_store, "dossiers", write(tmp_path, "d.csv", GOOD))
    dump = str(catalogue_store.con.execute("SELECT * FROM dossiers").fetchall())
    assert "Nguyễn" not in dump and "0905000000" not in dump
    hashes = [r[0] for r in catalogue_store.con.execute("SELECT applicant_hash FROM dossiers").fetchall()]
    assert all(h and len(h) == 64 for h in hashes)
    catalogue_store.close()
    if catalogue_store.url:  # PostgreSQL: everything the database holds, as pg_dump writes it
        from tests.postgres_server import binaries

        raw = subprocess.run([str(binaries() / "pg_dump"), "--dbname", catalogue_store.url], capture_output=True,
                             check=True).stdout
        assert b"CREATE TABLE public.dossiers" in raw
    else:
        raw = catalogue_store.path.read_bytes()
    assert "Nguyễn Văn A".encode() not in raw and b"0905000000" not in raw


def test_one_bad_row_writes_nothing_and_reports_every_problem(catalogue_store: Store, tmp_path: Path) -> None:
    report = tmp_path / "report.csv"
    with pytest.raises(ImportRejected) as caught:
        import_file(catalogue_store, "dossiers", write(tmp_path, "bad.csv", BAD), report=report)
    assert count(catalogue_store) == 0
    problems: dict[tuple[int, str], str] = {}
    for r in caught.value.result.rejects:
        problems[(r.line, r.column)] = problems.get((r.line, r.column), "") + r.reason + "; "
    assert "more than once" in problems[(4, "Số hồ sơ")] and "more than once" in problems[(5, "Số hồ sơ")]
    assert "unknown procedure" in problems[(6, "Mã TTHC")]
    assert "unknown unit" in problems[(7, "Đơn vị tiếp nhận")]
    assert "not a date" in problems[(7, "Ngày tiếp nhận")]
    assert "before received_at" in problems[(8, "Ngày kết thúc xử lý")]
    assert "not one of" in problems[(8, "Kênh tiếp nhận")]
    assert "future" in problems[(9, "Ngày tiếp nhận")]
    with report.open(encoding="utf-8") as handle:
        saved = list(csv.DictReader(handle))
    assert len(saved) == len(caught.value.result.rejects)
    assert {"line", "column", "value", "reason"} <= set(saved[0])


def test_skip_invalid_writes_the_valid_rows(catalogue_store: Store, tmp_path: Path) -> None:
    result = import_file(catalogue_store, "dossiers", write(tmp_path, "bad.csv", BAD), skip_invalid=True)
    assert result.counts.inserted == 2  # line 4 duplicates line 3's number: both rejected
    assert count(catalogue_store) == 2


def test_reimport_is_idempotent_and_newer_records_update(catalogue_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "d.csv", GOOD)
    import_file(catalogue_store, "dossiers", path)
    before = catalogue_store.con.execute("SELECT * FROM dossiers ORDER BY number").fetchall()
    again = import_file(catalogue_store, "dossiers", path)
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 3)
    assert catalogue_store.con.execute("SELECT * FROM dossiers ORDER BY number").fetchall() == before
    newer = GOOD.replace("03/03/2025 09:30,,,2", "03/03/2025 09:30,,05/03/2025 10:00,2")
    result = import_file(catalogue_store, "dossiers", write(tmp_path, "newer.csv", newer))
    assert result.counts.updated == 1
    older = import_file(catalogue_store, "dossiers", path)
    assert older.counts.older == 1  # the older export does not undo the newer record
    assert count(catalogue_store) == 3


def test_xlsx_and_jsonl(catalogue_store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã hồ sơ", "Mã TTHC", "Đơn vị tiếp nhận", "Ngày nhận", "Kênh thực hiện", "Yêu cầu bổ sung"])
    sheet.append(["X-1", "1.001193", "21583", datetime(2025, 3, 3, 9), 1, "2025-03-04T09:00 -> 2025-03-06T09:00"])
    book.save(tmp_path / "d.xlsx")
    assert import_file(catalogue_store, "dossiers", tmp_path / "d.xlsx").counts.inserted == 1
    lines = [json.dumps({"number": "J-1", "procedure": "1.001193", "receiving_unit": "21583",
                         "received_at": "2025-03-03T09:00", "channel": "online",
                         "supplements": [["2025-03-04T09:00", "2025-03-05T09:00"]]}, ensure_ascii=False),
             "{not json"]
    path = write(tmp_path, "d.jsonl", "\n".join(lines) + "\n")
    with pytest.raises(ImportRejected) as caught:
        import_file(catalogue_store, "dossiers", path)
    assert caught.value.result.rejects[0].line == 2
    assert import_file(catalogue_store, "dossiers", path, skip_invalid=True).counts.inserted == 1
    sup = catalogue_store.con.execute("SELECT supplement_count FROM dossiers WHERE number = 'J-1'").fetchone()
    assert sup == (1,)


def test_units_tree_and_cycles(store: Store, tmp_path: Path) -> None:
    import_file(store, "units", write(tmp_path, "u.csv", UNITS_CSV))
    depths = dict(store.con.execute("SELECT code, depth FROM units").fetchall())
    assert depths == {"52": 0, "H21.03": 1, "21583": 1, "21601": 1}
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "units", write(tmp_path, "u2.csv", "code,name,kind,parent_code\nX,Xã X,xã,NOPE\n"))
    assert "unknown parent" in caught.value.result.rejects[0].reason


def test_crash_mid_import_leaves_store_unchanged(home: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "crash.duckdb")
    write(tmp_path, "u.csv", UNITS_CSV)
    write(tmp_path, "p.csv", PROCEDURES_CSV)
    for kind, name in (("units", "u.csv"), ("procedures", "p.csv")):
        assert chiso("--db", db, "import", kind, str(tmp_path / name)).returncode == 0
    write(tmp_path, "d.csv", GOOD)
    assert chiso("--db", db, "import", "dossiers", str(tmp_path / "d.csv")).returncode == 0
    newer = GOOD.replace("03/03/2025 09:30,,,2", "03/03/2025 09:30,,05/03/2025 10:00,2") + (
        "NEW-1,1.001193,21583,03/03/2025 10:00,,,1,,\n")
    write(tmp_path, "newer.csv", newer)
    before = chiso("--db", db, "summary", "--format", "json").stdout
    for point in ("after_delete", "before_commit"):
        crashed = chiso("--db", db, "import", "dossiers", str(tmp_path / "newer.csv"), env={"CHISO_FAULT": point})
        assert crashed.returncode == 86
        assert chiso("--db", db, "summary", "--format", "json").stdout == before
    assert chiso("--db", db, "import", "dossiers", str(tmp_path / "newer.csv")).returncode == 0
    assert chiso("--db", db, "summary", "--format", "json").stdout != before


row = st.tuples(st.sampled_from(["1.001193", "2.000884", "1.000001"]), st.sampled_from(["52", "21583", "H21.03"]),
                st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2025, 12, 1)).map(
                    lambda d: d.replace(second=0, microsecond=0)),
                st.one_of(st.none(), st.integers(1, 60 * 24 * 40)),
                st.sampled_from(["direct", "online", "postal"]), st.booleans())


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(row, min_size=1, max_size=25))
def test_export_import_round_trip(catalogue_store: Store, tmp_path: Path,
                                  rows: list[tuple[str, str, datetime, int | None, str, bool]]) -> None:
    catalogue_store.con.execute("DELETE FROM dossiers")
    path = tmp_path / "round.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["number", "procedure", "receiving_unit", "received_at", "finished_at", "channel",
                         "paid_online"])
        for i, (proc, unit, recv, minutes, channel, paid) in enumerate(rows):
            finished = (recv + timedelta(minutes=minutes)).strftime("%d/%m/%Y %H:%M") if minutes else ""
            writer.writerow([f"N{i}", proc, unit, recv.strftime("%d/%m/%Y %H:%M"), finished, channel, int(paid)])
    import_file(catalogue_store, "dossiers", path)
    exported = tmp_path / "export.csv"
    catalogue_store.con.execute(
        f"COPY (SELECT number, procedure_code AS procedure, receiving_unit, received_at, finished_at, channel, "
        f"paid_online FROM dossiers ORDER BY number) TO '{exported}' (HEADER)")
    before = catalogue_store.con.execute("SELECT * EXCLUDE (import_id) FROM dossiers ORDER BY number").fetchall()
    catalogue_store.con.execute("DELETE FROM dossiers")
    import_file(catalogue_store, "dossiers", exported)
    after = catalogue_store.con.execute("SELECT * EXCLUDE (import_id) FROM dossiers ORDER BY number").fetchall()
    assert after == before


def test_a_pushed_batch_runs_the_engine_on_one_thread_and_gives_its_threads_back(
        catalogue_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import chiso.store.importing as importing

    con = catalogue_store.con
    con.execute("SET threads = 2")
    during: list[object] = []
    run = importing.run_import

    def spy(*args: Any, **kwargs: Any) -> importing.ImportResult:
        row = con.execute("SELECT current_setting('threads')").fetchone()
        during.append(row[0] if row else None)
        return run(*args, **kwargs)

    monkeypatch.setattr(importing, "run_import", spy)
    record = {"MaHoSo": "H21.03-250303-0009", "MaTTHC": "2.000884", "NoiNopHoSo": "H21.03",
              "NgayTiepNhan": "20250303090000", "KenhThucHien": 2, "TrangThaiHoSo": 4}
    result = importing.import_records(catalogue_store, "dossiers", [record], "api:test", "token:test", None)
    assert result.counts.inserted == 1 and during == [1]
    assert con.execute("SELECT current_setting('threads')").fetchone() == (2,), "the engine's threads given back"
    foreign = {**record, "MaHoSo": "X-1", "NoiNopHoSo": "UBND Phường Quy Nhơn"}
    with pytest.raises(ImportRejected):  # another unit's record: refused whole, the threads given back all the same
        importing.import_records(catalogue_store, "dossiers", [foreign], "api:test", "token:test", ["H21.03"])
    assert during == [1, 1] and con.execute("SELECT current_setting('threads')").fetchone() == (2,)
