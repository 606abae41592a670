"""Tasks (nhiệm vụ): deadlines as registers write them, statuses across deadlines, extensions and late
completion, the register import (real-shaped and hostile files, scoped to an officer's units), progress reports
with review, and the period counts reports quote, on both engines and through the CLI."""

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.periods import parse_period
from chiso.domain.tasks import Deadline, Extension, occurrences, parse_deadline, status_at
from chiso.engine.tasks import period_counts, sentence_vi, states
from chiso.store.importing import ImportRejected, import_file
from chiso.store.store import Store
from chiso.store.target_values import Evidence
from chiso.store.tasks import extend, load, report, review
from tests.conftest import chiso


@pytest.mark.parametrize(("text", "expected"), [
    ("30/6/2024", Deadline(day=date(2024, 6, 30))),
    ("Trước ngày 30/06/2024", Deadline(day=date(2024, 6, 30))),
    ("2024-06-30", Deadline(day=date(2024, 6, 30))),
    ("Quý II/2024", Deadline(day=date(2024, 6, 30))),
    ("Tháng 7/2024", Deadline(day=date(2024, 7, 31))),
    ("Trong năm 2024", Deadline(day=date(2024, 12, 31))),
    ("6 tháng đầu năm 2024", Deadline(day=date(2024, 6, 30))),
    ("Hằng tháng", Deadline(recurrence="monthly")),
    ("Hàng tháng (trước ngày 25)", Deadline(recurrence="monthly", due_day=25)),
    ("Định kỳ hằng quý", Deadline(recurrence="quarterly")),
    ("Định kỳ 6 tháng", Deadline(recurrence="half_yearly")),
    ("hằng năm", Deadline(recurrence="yearly")),
    ("ngày 20 hằng tháng", Deadline(recurrence="monthly", due_day=20)),
    ("hằng quý năm 2024", Deadline(recurrence="quarterly", year=2024)),
    ("Thường xuyên", Deadline(recurrence="continuous")),
])
def test_deadlines_are_read_as_registers_write_them(text: str, expected: Deadline) -> None:
    assert parse_deadline(text) == expected


@pytest.mark.parametrize("text", ["31/2/2024", "sớm", "1/1/0001", "Quý V/2024", "", "32 hằng tháng",
                                  "=HYPERLINK(\"x\")"])
def test_a_deadline_that_cannot_be_read_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_deadline(text)


def test_occurrences_of_a_recurring_task_fall_in_its_window() -> None:
    quarterly = parse_deadline("hằng quý")
    assert occurrences(quarterly, date(2024, 2, 10), date(2024, 12, 31)) == [
        date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31)]
    monthly = parse_deadline("ngày 31 hằng tháng")
    assert occurrences(monthly, date(2024, 1, 1), date(2024, 3, 31)) == [
        date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]


DUE = date(2024, 6, 30)
LATER = (Extension(date(2024, 9, 30), date(2024, 6, 20)),)


@pytest.mark.parametrize(("extensions", "done", "reported", "at", "counts_on_time", "expected"), [
    ((), None, False, date(2024, 6, 1), True, "not_due"),
    ((), None, True, date(2024, 6, 1), True, "in_progress"),
    ((), None, True, DUE, True, "in_progress"),  # the whole deadline day is within time
    ((), None, True, date(2024, 7, 1), True, "overdue"),
    ((), date(2024, 6, 30), True, date(2024, 7, 5), True, "done_on_time"),
    ((), date(2024, 7, 2), True, date(2024, 7, 5), True, "done_late"),
    ((), date(2024, 7, 2), True, date(2024, 7, 1), True, "overdue"),  # not yet done at that moment
    (LATER, None, False, date(2024, 8, 1), True, "not_due"),  # the extension moved the deadline
    (LATER, None, False, date(2024, 6, 10), True, "not_due"),
    (LATER, None, False, date(2024, 10, 1), True, "overdue"),
    (LATER, date(2024, 9, 1), True, date(2024, 10, 1), True, "done_on_time"),
    (LATER, date(2024, 9, 1), True, date(2024, 10, 1), False, "done_late"),  # the province's rule
    (LATER, date(2024, 10, 2), True, date(2024, 10, 5), True, "done_late"),
])
def test_status_across_deadlines_extensions_and_late_completion(
        extensions: tuple[Extension, ...], done: date | None, reported: bool, at: date, counts_on_time: bool,
        expected: str) -> None:
    assert status_at(DUE, extensions, done, reported, at, counts_on_time) == expected


def test_an_extension_approved_after_the_deadline_passed_does_not_undo_the_days_overdue() -> None:
    late_approval = (Extension(date(2024, 9, 30), date(2024, 7, 15)),)
    assert status_at(DUE, late_approval, None, True, date(2024, 7, 10), True) == "overdue"
    assert status_at(DUE, late_approval, None, True, date(2024, 7, 20), True) == "in_progress"


UNITS = """code,name,kind,parent_code
52,UBND tỉnh Gia Lai,tỉnh,
H21.02,Sở Nội vụ,sở,52
H21.03,Sở Tư pháp,sở,52
H21.08,Sở Khoa học và Công nghệ,sở,52
21601,UBND Phường Hoà Bình,xã,52
"""
HEADERS = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành", "Sản phẩm",
           "Văn bản giao nhiệm vụ", "Tình hình thực hiện", "Ngày hoàn thành", "Ghi chú"]
DOC = "123/KH-UBND ngày 15/01/2024"
ROWS: list[list[object]] = [
    [1, "Rà soát, đơn giản hóa thủ tục hành chính", "Sở Tư pháp", "Sở Nội vụ, các sở, ngành liên quan",
     "Quý II/2024", "Báo cáo", DOC, "Đang thực hiện", None, None],
    [2, "Báo cáo tình hình cải cách hành chính", "Sở Nội vụ", "Các sở, ban, ngành", "Định kỳ hằng quý", "Báo cáo",
     DOC, None, None, None],
    [3, "Số hóa hồ sơ, kết quả giải quyết TTHC", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Tư pháp; UBND phường Hòa Bình",
     "30/6/2024", None, DOC, "Chưa thực hiện", None, None],
    [4, "Kiểm tra công vụ", "Sở Nội vụ", None, "Thường xuyên", None, DOC, None, None, None],
    [5, "Tập huấn kỹ năng số", "UBND Phường Hoà Bình", None, "Tháng 3/2024", None, DOC, "Đã hoàn thành",
     "28/03/2024", None],
]


def register(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    """A register as provinces keep it: title rows (merged), the header row, a numbering row, the tasks."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ỦY BAN NHÂN DÂN TỈNH GIA LAI"])
    sheet.merge_cells("A1:J1")
    sheet.append(["DANH MỤC NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024"])
    sheet.merge_cells("A2:J2")
    sheet.append([f"(Kèm theo Kế hoạch số {DOC} của UBND tỉnh)"])
    sheet.merge_cells("A3:J3")
    sheet.append(headers)
    sheet.append([f"({i})" for i in range(1, len(headers) + 1)])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture()
def task_store(store: Store, tmp_path: Path) -> Store:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    import_file(store, "units", tmp_path / "units.csv")
    result = import_file(store, "tasks", register(tmp_path / "nhiem-vu.xlsx", ROWS))
    assert result.counts.inserted == 5 and not result.rejects
    return store


def test_a_real_register_is_imported_with_names_titles_and_recurring_deadlines(task_store: Store) -> None:
    tasks = {t.code: t for t in load(task_store)}
    assert sorted(tasks) == [f"123/KH-UBND#{i}" for i in range(1, 6)]
    first = tasks["123/KH-UBND#1"]
    assert (first.lead_unit, first.deadline, first.document_date) == ("H21.03", DUE, date(2024, 1, 15))
    assert first.coordinating == ["H21.02"]  # "các sở, ngành liên quan" names no unit: kept as written only
    assert first.coordinators == "Sở Nội vụ, các sở, ngành liên quan"
    assert tasks["123/KH-UBND#3"].lead_unit == "H21.08" and tasks["123/KH-UBND#3"].coordinating == ["21601", "H21.03"]
    recurring = tasks["123/KH-UBND#2"]
    assert (recurring.recurrence, recurring.recurs_from, recurring.recurs_to) == (
        "quarterly", date(2024, 1, 15), date(2024, 12, 31))
    assert tasks["123/KH-UBND#4"].recurrence == "continuous"
    assert tasks["123/KH-UBND#5"].done_on == date(2024, 3, 28)


def test_importing_the_same_register_again_changes_nothing(task_store: Store, tmp_path: Path) -> None:
    again = import_file(task_store, "tasks", register(tmp_path / "again.xlsx", ROWS))
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 5)
    changed = [list(r) for r in ROWS]
    changed[0][4] = "Quý III/2024"
    updated = import_file(task_store, "tasks", register(tmp_path / "changed.xlsx", changed))
    assert updated.counts.updated == 1
    assert next(t for t in load(task_store) if t.code == "123/KH-UBND#1").deadline == date(2024, 9, 30)


@pytest.mark.parametrize(("row", "reason"), [
    ([6, "X", "Sở Không Có", None, "30/6/2024", None, DOC, None, None, None], "unknown unit"),
    ([6, "X", "Sở Tư pháp", None, "sớm nhất có thể", None, DOC, None, None, None], "not a deadline"),
    ([6, "X", "Sở Tư pháp", None, "30/6/2024", None, DOC, "Đã hoàn thành", None, None], "marked done without"),
    ([6, "X", "Sở Tư pháp", None, "30/6/2024", None, DOC, None, "01/01/2023", None], "completed before"),
    ([6, "X", "Sở Tư pháp", None, "30/6/2024", None, DOC, None, "01/01/2099", None], "in the future"),
    ([6, "X", "Sở Tư pháp", None, "hằng tháng", None, "Công văn chỉ đạo", None, None, None], "needs its year"),
    ([None, "X", "Sở Tư pháp", None, "30/6/2024", None, None, None, None, None], "no task code"),
    ([1, "X", "Sở Tư pháp", None, "30/6/2024", None, DOC, None, None, None], "more than once"),
])
def test_a_bad_row_is_refused_and_nothing_is_written(store: Store, tmp_path: Path, row: list[object],
                                                     reason: str) -> None:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    import_file(store, "units", tmp_path / "units.csv")
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "tasks", register(tmp_path / "bad.xlsx", [ROWS[0], row]))
    assert any(reason in r.reason for r in caught.value.result.rejects), caught.value.result.rejects
    assert load(store) == []


@pytest.mark.parametrize(("content", "reason"), [
    ("STT,Nội dung nhiệm vụ,Cơ quan chủ trì,Thời hạn hoàn thành,Văn bản giao nhiệm vụ\n"
     "1,Việc\x00,Sở Tư pháp,30/6/2024,1/KH\n".encode(), "NUL"),
    ("STT,Nội dung nhiệm vụ,Cơ quan chủ trì,Thời hạn hoàn thành,Văn bản giao nhiệm vụ\n"
     "1,Việc,Sở Tư pháp,30/6/2024,1/KH\n".encode("utf-16"), "UTF-16"),
    ("STT,Nội dung nhiệm vụ,Nội dung nhiệm vụ,Cơ quan chủ trì,Thời hạn hoàn thành,Văn bản giao nhiệm vụ\n"
     "1,Việc,Việc,Sở Tư pháp,30/6/2024,1/KH\n".encode(), "Nội dung nhiệm vụ"),
])
def test_a_hostile_csv_register_is_refused_with_a_clear_reason(store: Store, tmp_path: Path, content: bytes,
                                                               reason: str) -> None:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    import_file(store, "units", tmp_path / "units.csv")
    (tmp_path / "bad.csv").write_bytes(content)
    with pytest.raises(ChisoError) as caught:
        import_file(store, "tasks", tmp_path / "bad.csv")
    rejects = caught.value.result.rejects if isinstance(caught.value, ImportRejected) else []
    assert reason in str(caught.value) + " ".join(r.reason for r in rejects), (str(caught.value), rejects)
    assert load(store) == []


def test_formula_text_is_kept_as_text_and_exported_as_text(home: Path, tmp_path: Path) -> None:
    assert chiso("init", "--province", "Gia Lai").returncode == 0
    (tmp_path / "nv.csv").write_text("STT,Nội dung nhiệm vụ,Cơ quan chủ trì,Thời hạn hoàn thành,Văn bản giao nhiệm vụ\n"
                                     '9,"=HYPERLINK(""http://x"",""bấm"")",Sở Tư pháp,30/6/2024,5/KH-UBND\n',
                                     encoding="utf-8")
    assert chiso("import", "tasks", str(tmp_path / "nv.csv")).returncode == 0
    out = chiso("tasks", "list", "--at", "2024-07-01", "--format", "csv").stdout
    assert "'=HYPERLINK" in out and "\n=HYPERLINK" not in out and ",=HYPERLINK" not in out, out


def test_an_officer_imports_only_the_tasks_of_their_units(task_store: Store, tmp_path: Path) -> None:
    mine = [6, "Việc của Sở Tư pháp", "Sở Tư pháp", None, "30/9/2024", None, DOC, None, None, None]
    theirs = [1, "Sửa nhiệm vụ của đơn vị khác", "Sở Tư pháp", None, "30/9/2024", None, DOC, None, None, None]
    other = [7, "Giao cho Sở Nội vụ", "Sở Nội vụ", None, "30/9/2024", None, DOC, None, None, None]
    import_file(task_store, "tasks", register(tmp_path / "mine.xlsx", [mine]), scope=["H21.03"])
    with pytest.raises(ImportRejected) as caught:
        import_file(task_store, "tasks", register(tmp_path / "other.xlsx", [mine, other]), scope=["H21.03"])
    assert any("outside your units" in r.reason for r in caught.value.result.rejects)
    changed = [list(ROWS[2])]
    changed[0][2] = "Sở Tư pháp"  # another unit's task (#3, Sở KH&CN) taken over by the officer's file
    with pytest.raises(ImportRejected) as caught:
        import_file(task_store, "tasks", register(tmp_path / "takeover.xlsx", changed), scope=["H21.03"])
    assert any("belongs to another unit" in r.reason for r in caught.value.result.rejects)
    assert theirs[0] == 1 and next(t for t in load(task_store) if t.code == "123/KH-UBND#3").lead_unit == "H21.08"


def test_progress_reports_reviews_and_extensions_decide_the_status(task_store: Store) -> None:
    code = "123/KH-UBND#3"
    at_july = {s.occurrence.task.code: s.status for s in states(task_store, date(2024, 7, 10))}
    assert at_july[code] == "overdue" and at_july["123/KH-UBND#1"] == "overdue"
    extend(task_store, code, date(2024, 9, 30), "Chờ bố trí kinh phí", "Công văn 45/UBND-KGVX", date(2024, 6, 20),
           "vp")
    with pytest.raises(InvalidValue):  # an extension must move the deadline later
        extend(task_store, code, date(2024, 9, 1), "lại", "x", date(2024, 6, 25), "vp")
    assert {s.occurrence.task.code: s.status for s in states(task_store, date(2024, 7, 10))}[code] == "in_progress"
    ident = report(task_store, code, "Đã số hóa 95% hồ sơ", 100, True, "sokhcn",
                   Evidence("Báo cáo số hóa.pdf", b"%PDF-1.4 proof"), at=datetime(2024, 9, 10, 9, 0))
    pending = {s.occurrence.task.code: s for s in states(task_store, date(2024, 10, 5))}
    assert pending[code].status == "overdue"  # not done until the report is accepted
    with pytest.raises(ChisoError):
        review(task_store, ident, False, "vp")  # returning needs the reason
    review(task_store, ident, True, "vp", "Đạt yêu cầu")
    with pytest.raises(InvalidValue):
        review(task_store, ident, True, "vp")  # reviewed once
    done = {s.occurrence.task.code: s for s in states(task_store, date(2024, 10, 5))}
    assert done[code].status == "done_on_time" and done[code].occurrence.done_on == date(2024, 9, 10)
    task_store.settings.values["tasks.extension_counts_on_time"] = False
    assert {s.occurrence.task.code: s.status for s in states(task_store, date(2024, 10, 5))}[code] == "done_late"
    actions = [r[0] for r in task_store.con.execute(
        "SELECT action FROM audit_log WHERE action LIKE 'task.%' ORDER BY id").fetchall()]
    assert actions == ["task.extend", "task.report", "task.review"]


def test_a_recurring_task_is_judged_occurrence_by_occurrence(task_store: Store) -> None:
    code = "123/KH-UBND#2"
    first = report(task_store, code, "Báo cáo quý I", 100, True, "sonoivu", occurrence=date(2024, 3, 31),
                   at=datetime(2024, 3, 25, 10, 0))
    review(task_store, first, True, "vp")
    second = report(task_store, code, "Báo cáo quý II", 100, True, "sonoivu", occurrence=date(2024, 6, 30),
                    at=datetime(2024, 7, 3, 10, 0))
    review(task_store, second, True, "vp")
    found = [(s.occurrence.occurrence, s.status) for s in states(task_store, date(2024, 7, 10))
             if s.occurrence.task.code == code]
    assert found == [(date(2024, 3, 31), "done_on_time"), (date(2024, 6, 30), "done_late"),
                     (date(2024, 9, 30), "not_due")]  # Q4's occurrence is not on the table before October


def test_period_counts_and_the_sentence_reports_quote(task_store: Store) -> None:
    ident = report(task_store, "123/KH-UBND#1", "Hoàn thành rà soát", 100, True, "sotuphap",
                   at=datetime(2024, 6, 28, 16, 0))
    review(task_store, ident, True, "vp")
    counts = period_counts(task_store, parse_period("2024-Q2"), now=datetime(2024, 12, 1))
    province = counts["52"]
    # On the table in Q2: #1 (done 28/6, on time); #2's Q1 report, still not given (overdue) and its Q2 report
    # (due 30/6: within time at the quarter's end); #3 (due 30/6, progress reported: within time). #5 was done in
    # March, before the quarter: not counted; #4 is continuous: never counted.
    assert province.by_status == {"not_due": 1, "in_progress": 1, "overdue": 1, "done_on_time": 1, "done_late": 0}
    assert (province.total, province.due, province.due_on_time) == (4, 3, 1)
    assert counts["H21.03"].by_status["done_on_time"] == 1 and "H21.08" in counts and "21601" not in counts
    q1 = period_counts(task_store, parse_period("2024-Q1"), now=datetime(2024, 12, 1))["52"]
    assert q1.assigned == 5 - 1 and q1.by_status["done_on_time"] == 1  # #4 is continuous; #5 done 28/3
    text = sentence_vi(province)
    assert "đã hoàn thành 1 nhiệm vụ (đúng hạn 1, quá hạn 0)" in text
    assert "đang thực hiện 3 nhiệm vụ (trong hạn 2, quá hạn 1)" in text
    assert "1/3 nhiệm vụ đến hạn trong kỳ hoàn thành đúng hạn (33,3%)" in text


def test_tasks_through_the_cli(home: Path, tmp_path: Path) -> None:
    assert chiso("init", "--province", "Gia Lai").returncode == 0
    keep = [i for i, h in enumerate(HEADERS) if h != "Văn bản giao nhiệm vụ"]  # the document is in the title only
    path = register(tmp_path / "nv.xlsx", [[[r[0], r[1], "Sở Tư pháp", *r[3:]][i] for i in keep] for r in ROWS[:3]],
                    [HEADERS[i] for i in keep])
    done = chiso("tasks", "import", str(path), "--document", "Kế hoạch số 77/KH-UBND ngày 02/02/2024")
    assert done.returncode == 0, done.stderr
    listed = json.loads(chiso("tasks", "list", "--at", "2024-07-10", "--format", "json").stdout)
    assert {r["code"] for r in listed} == {"77/KH-UBND#1", "77/KH-UBND#2", "77/KH-UBND#3"}
    assert {r["status"] for r in listed} <= {"overdue", "not_due", "in_progress"}
    assert all(set(r) == {"code", "content", "lead_unit", "occurrence", "original_deadline", "deadline",
                          "extensions", "done_on", "status"} for r in listed)
    evidence = tmp_path / "bằng chứng.pdf"
    evidence.write_bytes(b"%PDF-1.4")
    out = chiso("tasks", "report", "77/KH-UBND#1", "--text", "Đã xong", "--percent", "100%", "--done",
                "--evidence", str(evidence), "--by", "sotuphap")
    assert out.returncode == 0 and "#1" in out.stdout, out.stderr
    assert chiso("tasks", "review", "1", "--by", "vp").returncode == 0
    bad = chiso("tasks", "report", "77/KH-UBND#1", "--text", "x", "--percent", "120")
    assert bad.returncode != 0 and "percent" in bad.stderr
    summary = chiso("tasks", "summary", "--period", "Quý III/2024")
    assert summary.returncode == 0, summary.stderr
    assert "UBND tỉnh Gia Lai theo dõi 5 nhiệm vụ: đã hoàn thành" in " ".join(summary.stdout.split())
    assert chiso("tasks", "extend", "77/KH-UBND#9", "--to", "2024-12-31", "--reason", "x",
                 "--approver", "y").returncode != 0


def test_the_task_on_time_rate_is_an_indicator_of_the_catalogue(task_store: Store, tmp_path: Path) -> None:
    from chiso.domain.catalogue import Catalogue
    from chiso.engine.compute import run
    from chiso.engine.plans import plan_status

    ident = report(task_store, "123/KH-UBND#1", "Xong", 100, True, "sotuphap", at=datetime(2024, 6, 28, 16, 0))
    review(task_store, ident, True, "vp")
    q2 = parse_period("2024-Q2")
    indicator = task_store.catalogue().indicator("TASK_ON_TIME", q2.end)
    tallies = run(task_store, [indicator], [q2], datetime(2024, 12, 1))
    counts = period_counts(task_store, q2, now=datetime(2024, 12, 1))
    for unit, c in counts.items():
        got = tallies[(unit, 0, None)]["TASK_ON_TIME"]
        assert (got.numerator, got.denominator) == (c.due_on_time, c.due)
    assert tallies[("52", 0, None)]["TASK_ON_TIME"].value == pytest.approx(100 / 3)
    (tmp_path / "plan.csv").write_text(
        "plan,target_code,name,unit_code,indicator,target_value,deadline,start\n"
        "KH-NV-2024,CT01,Tỷ lệ nhiệm vụ hoàn thành đúng hạn,52,TASK_ON_TIME,90,2024-06-30,2024-04-01\n",
        encoding="utf-8")
    import_file(task_store, "plan", tmp_path / "plan.csv")
    row = plan_status(task_store, "KH-NV-2024", at=date(2024, 6, 30)).rows[0]
    assert row.actual == pytest.approx(100 / 3)
    wrong = Catalogue()
    with pytest.raises(InvalidValue):
        wrong.add_file('[[indicator]]\nid = "X"\nvalid_from = 2024-01-01\nname_vi = "x"\nname_en = "x"\n'
                       'kind = "task_ratio"\nnumerator = "finished"\ndenominator = "due"\n', "test")


def test_tasks_due_soon_count_working_days(task_store: Store) -> None:
    from chiso.engine.tasks import due_soon

    # Friday 28/06/2024: the 30/06 deadlines (Sunday) fall within 1 working day (Monday 01/07 ends it); the Q1
    # report is overdue; the Q3 report is not on the table before July.
    soon = {(s.occurrence.task.code, s.status, s.deadline)
            for s in due_soon(task_store, date(2024, 6, 28), within=1)}
    assert soon == {("123/KH-UBND#1", "in_progress", DUE), ("123/KH-UBND#3", "in_progress", DUE),
                    ("123/KH-UBND#2", "overdue", date(2024, 3, 31)), ("123/KH-UBND#2", "not_due", DUE)}
    later = {s.occurrence.task.code for s in due_soon(task_store, date(2024, 6, 24), within=2)}
    assert "123/KH-UBND#1" not in later, "two working days from Monday 24/06 end on Wednesday 26/06"
    assert "123/KH-UBND#1" in {s.occurrence.task.code for s in due_soon(task_store, date(2024, 6, 24), within=5)}


def test_a_task_added_and_corrected_by_hand_keeps_its_reports(task_store: Store) -> None:
    from chiso.store.tasks import TaskInput, save

    code = save(task_store, TaskInput("Rà soát quy trình", "H21.03", "Quý IV/2024", coordinators="Sở Nội vụ",
                                      document="Công văn số 77/UBND-KGVX ngày 02/10/2024"), "sotuphap")
    assert code == "77/UBND-KGVX#1"
    ident = report(task_store, code, "Đang làm", 40, False, "sotuphap", at=datetime(2024, 11, 1, 9, 0))
    save(task_store, TaskInput("Rà soát quy trình nội bộ", "H21.03", "30/11/2024"), "sotuphap", replace=code)
    task = next(t for t in load(task_store) if t.code == code)
    assert (task.content, task.deadline, [r.id for r in task.reports]) == ("Rà soát quy trình nội bộ",
                                                                            date(2024, 11, 30), [ident])
    with pytest.raises(InvalidValue):
        save(task_store, TaskInput("Trùng mã", "H21.03", "30/11/2024", code=code), "sotuphap")
    with pytest.raises(ChisoError):
        save(task_store, TaskInput("Định kỳ", "H21.03", "hằng quý"), "sotuphap")  # no year anywhere
