"""The demo's task register: tasks of a 2024 and a 2025 administrative-reform plan for every department, a meeting
conclusion's tasks "xử lý dứt điểm trong tháng 7", the home-affairs department's quarterly report, a Đề án 06
task for every commune, and a continuous one; most done (some late), some extended, some with progress reports
waiting for review. Documents and contents are synthetic."""

from datetime import date, datetime, timedelta

import numpy as np
import pyarrow as pa

from chiso.store.store import Store
from chiso.store.tasks import extend, load, report, review

PLAN_2024 = "123/KH-UBND ngày 15/01/2024"
PLAN_2025 = "45/KH-UBND ngày 20/01/2025"
CONCLUSION = "210/TB-UBND ngày 05/06/2024"
DE_AN_06 = "88/KH-UBND ngày 10/03/2025"
DATA_END = date(2025, 12, 31)
WORK_2024 = [("Rà soát, đề xuất đơn giản hóa thủ tục hành chính thuộc phạm vi quản lý", "Quý II/2024"),
             ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực", "30/9/2024"),
             ("Công khai đầy đủ thủ tục hành chính trên Cổng Dịch vụ công", "Quý III/2024"),
             ("Báo cáo kết quả thực hiện Bộ chỉ số 766 năm 2024", "15/12/2024")]
WORK_2025 = [("Cung cấp dịch vụ công trực tuyến toàn trình cho các thủ tục đủ điều kiện", "30/6/2025"),
             ("Tái cấu trúc quy trình, tích hợp thanh toán trực tuyến", "Quý III/2025"),
             ("Đánh giá chất lượng giải quyết thủ tục hành chính theo Quyết định 766", "Trong năm 2025")]
CONCLUDED = ["Xử lý dứt điểm hồ sơ trễ hạn tồn đọng", "Rà soát hồ sơ quá hạn, gửi thư xin lỗi người dân",
             "Kiện toàn bộ phận một cửa"]


def task_table(rng: np.random.Generator, departments: list[str], communes: list[str]) -> pa.Table:
    """The register as a province would import it (chiso's column names; units by code)."""
    rows: list[dict[str, str | None]] = []

    def add(document: str, content: str, lead: str, deadline: str, coordinators: str | None = None) -> None:
        rows.append({"number": str(sum(1 for r in rows if r["document"] == document) + 1), "content": content,
                     "lead_unit": lead, "coordinators": coordinators, "deadline": deadline, "document": document,
                     "progress": None, "done_on": None})

    for lead in departments:
        for content, deadline in WORK_2024[:2 + int(rng.integers(0, 3))]:
            add(PLAN_2024, content, lead, deadline, "Văn phòng UBND tỉnh")
        for content, deadline in WORK_2025[:1 + int(rng.integers(0, 3))]:
            add(PLAN_2025, content, lead, deadline, "Sở Khoa học và Công nghệ")
    for lead in rng.choice(departments, size=min(6, len(departments)), replace=False):
        add(CONCLUSION, str(rng.choice(CONCLUDED)), str(lead), "Tháng 7/2024")
    add(PLAN_2024, "Báo cáo tình hình, kết quả cải cách hành chính", departments[1], "Định kỳ hằng quý",
        "Các sở, ban, ngành")
    add(PLAN_2025, "Báo cáo tình hình, kết quả cải cách hành chính", departments[1], "Định kỳ hằng quý",
        "Các sở, ban, ngành")
    add(PLAN_2024, "Kiểm tra công vụ, kỷ luật, kỷ cương hành chính", departments[1], "Thường xuyên")
    for lead in communes:
        add(DE_AN_06, "Làm sạch dữ liệu dân cư, hoàn thành thu nhận căn cước", lead, "30/9/2025", "Công an tỉnh")
    for row in rows:
        due = _deadline(str(row["deadline"]))
        if due is None or due > DATA_END or rng.random() < 0.15:
            continue
        done = max(due + timedelta(days=int(rng.normal(-12, 20))), _given(str(row["document"])))  # never before
        if done <= DATA_END:
            row["done_on"], row["progress"] = f"{done:%d/%m/%Y}", "Đã hoàn thành"
    columns = {k: pa.array([r[k] for r in rows], pa.string()) for k in rows[0]}
    return pa.table({"_line": pa.array(range(2, len(rows) + 2), pa.int64()), **columns})


def _given(document: str) -> date:
    """The day a task was assigned: its document's date ("… ngày 05/06/2024")."""
    return datetime.strptime(document.rsplit("ngày ", 1)[1], "%d/%m/%Y").date()


def _deadline(text: str) -> date | None:
    from chiso.domain.tasks import parse_deadline

    return parse_deadline(text).day


def record_progress(store: Store, rng: np.random.Generator) -> int:
    """Reports on the recurring tasks (most accepted), extensions of some open tasks, a few reports waiting."""
    count = 0
    tasks = load(store)
    for task in tasks:
        if task.recurrence in ("quarterly",) and task.recurs_from and task.recurs_to:
            for quarter_end in (date(task.recurs_from.year, m, d) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))):
                if quarter_end > DATA_END:
                    continue
                given = datetime.combine(quarter_end + timedelta(days=int(rng.integers(-6, 9))), datetime.min.time())
                ident = report(store, task.code, f"Báo cáo quý đến {quarter_end:%d/%m/%Y}", 100, True, "demo",
                               occurrence=quarter_end, at=given.replace(hour=15))
                review(store, ident, True, "demo")
                count += 1
    still_open = [t for t in tasks if t.recurrence is None and t.done_on is None and t.deadline is not None]
    for task in still_open[::4]:
        assert task.deadline is not None
        approved = task.deadline - timedelta(days=5)
        extend(store, task.code, task.deadline + timedelta(days=int(rng.integers(30, 90))), "Chờ bố trí kinh phí",
               "Công văn của UBND tỉnh (mô phỏng)", approved, "demo")
        count += 1
    for task in still_open[1::5]:
        assert task.deadline is not None
        given = datetime.combine(min(task.deadline, DATA_END) - timedelta(days=3), datetime.min.time())
        report(store, task.code, "Đã hoàn thành phần lớn nội dung, đang hoàn thiện báo cáo", 80, False, "demo",
               at=given.replace(hour=10))
        count += 1
    return count
