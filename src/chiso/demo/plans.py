"""The demo's plans: a 2024 digital-transformation plan of 24 targets (computed and reported, with quarterly
reported values) and the 100-day campaign of Kế hoạch 629/KH-UBND (22/3–29/6/2024) with day-50 and day-100
targets for every department and commune; and an administrative-reform plan whose reported target each
department reports itself (the share of outgoing documents signed digitally), so that a department's officer has
values to enter. Target values are illustrative; the codes of the 2024 plans are synthetic."""

from datetime import date

import pyarrow as pa

from chiso.store.store import Store
from chiso.store.target_values import record_value

PLAN = "KH-CDS-2024"
CAMPAIGN = "629/KH-UBND"
DEADLINE = "2024-12-31"
# code, name, indicator (empty: reported), target, direction
TARGETS = [
    ("CT01", "Tỷ lệ hồ sơ nộp trực tuyến", "ONLINE_RATE", 50, "higher"),
    ("CT02", "Tỷ lệ hồ sơ giải quyết đúng hạn", "ON_TIME", 95, "higher"),
    ("CT03", "Tỷ lệ hồ sơ thanh toán trực tuyến", "PAYMENT_DOSSIER_ONLINE", 45, "higher"),
    ("CT04", "Tỷ lệ hồ sơ được số hóa", "DIGITISATION_RATE", 60, "higher"),
    ("CT05", "Tỷ lệ hồ sơ có kết quả điện tử", "ELECTRONIC_RESULT_RATE", 60, "higher"),
    ("CT06", "Thời gian giải quyết trung bình (ngày làm việc)", "AVG_PROCESSING_DAYS", 5, "lower"),
    ("CT07", "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG", "DOSSIER_SYNC", 100, "higher"),
    ("CT08", "Tỷ lệ hồ sơ tái sử dụng dữ liệu số hóa", "REUSED_DIGITIZED_DATA", 50, "higher"),
    ("CT09", "Tỷ lệ hồ sơ đồng bộ kho dữ liệu cá nhân", "SYNCED_WITH_DVCQG_PERSONAL_STORAGE", 10, "higher"),
    ("CT10", "Tỷ lệ hồ sơ khai thác dữ liệu dân cư", "CITIZEN_DATA_CONNECTED_DOSSIER", 70, "higher"),
    ("CT11", "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn", "PETITION_PROCESSING_ON_TIME", 90, "higher"),
    ("CT12", "Tỷ lệ hồ sơ xử lý trực tuyến toàn trình", "ONLINE_RATE", 40, "higher"),
    ("CT13", "Tỷ lệ người dân trưởng thành sử dụng điện thoại thông minh", "", 80, "higher"),
    ("CT14", "Tỷ lệ văn bản đi được ký số", "", 90, "higher"),
    ("CT15", "Tỷ lệ người dân có hồ sơ sức khỏe điện tử", "", 95, "higher"),
    ("CT16", "Tỷ lệ người dân có tài khoản thanh toán điện tử", "", 40, "higher"),
    ("CT17", "Tỷ lệ TTHC được cắt giảm thời gian giải quyết", "", 10, "higher"),
    ("CT18", "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng", "", 95, "higher"),
    ("CT19", "Số tài khoản định danh điện tử (VNeID) được kích hoạt", "", 1_200_000, "higher"),
    ("CT20", "Số hệ thống thông tin chuyển lên nền tảng điện toán đám mây", "", 20, "higher"),
    ("CT21", "Số cán bộ, công chức được bồi dưỡng kỹ năng số", "", 5_000, "higher"),
    ("CT22", "Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử", "", 100, "higher"),
    ("CT23", "Tỷ lệ hộ gia đình có kết nối cáp quang", "", 85, "higher"),
    ("CT24", "Số camera an ninh kết nối trung tâm giám sát", "", 1_000, "higher"),
]
# Reported values at the end of each quarter of 2024 (synthetic).
QUARTERLY = {
    "CT13": (76, 78, 80, 82), "CT14": (62, 70, 76, 80), "CT15": (80, 88, 92, 95), "CT16": (30, 36, 41, 45),
    "CT17": (8, 15, 24, 30), "CT18": (90, 93, 95, 97), "CT19": (420_000, 560_000, 690_000, 780_000),
    "CT20": (2, 4, 7, 9), "CT21": (900, 1_800, 2_600, 3_100), "CT22": (96, 98, 100, 100), "CT23": (66, 69, 72, 74),
    "CT24": (310, 390, 480, 560),
}
QUARTER_ENDS = (date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31))
# The campaign: (milestone, deadline, online-rate target, digitisation-rate target), counted from 22/3/2024.
MILESTONES = (("50", "2024-05-10", 25, 52), ("100", "2024-06-29", 35, 58))


def plan_table(province: str, units: list[str]) -> pa.Table:
    rows: list[list[str]] = []
    for code, name, indicator, target, direction in TARGETS:
        rows.append([PLAN, code, name, province, indicator, str(target), direction, DEADLINE, "",
                     "Kế hoạch chuyển đổi số năm 2024 (mô phỏng)", "KH-CDS/2024 (mô phỏng)", "2024-01-01", province])
    for unit in units:
        for milestone, deadline, online, digitised in MILESTONES:
            rows.append([CAMPAIGN, "TT-TRUCTUYEN", "Tỷ lệ hồ sơ nộp trực tuyến", unit, "ONLINE_RATE", str(online),
                         "higher", deadline, milestone, "Chiến dịch 100 ngày", CAMPAIGN, "2024-03-22", province])
            rows.append([CAMPAIGN, "TT-SOHOA", "Tỷ lệ hồ sơ được số hóa", unit, "DIGITISATION_RATE", str(digitised),
                         "higher", deadline, milestone, "Chiến dịch 100 ngày", CAMPAIGN, "2024-03-22", province])
    names = ["plan", "target_code", "name", "unit_code", "indicator", "target_value", "direction", "deadline",
             "milestone", "plan_name", "document", "start", "owner_unit"]
    columns = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    return pa.table({"_line": pa.array(range(2, len(rows) + 2), pa.int64()), **columns})


UNIT_PLAN = "KH-CCHC-2024"
UNIT_TARGET = ("CC01", "Tỷ lệ văn bản đi của cơ quan được ký số", 95.0)
UNIT_QUARTERS = QUARTER_ENDS[:3]  # Q1-Q3 reported; the fourth quarter is left for the officer to enter


def unit_plan_table(province: str, departments: list[str]) -> pa.Table:
    """One reported target per department, each department reporting its own value."""
    code, name, value = UNIT_TARGET
    rows = [[UNIT_PLAN, code, name, unit, "", str(value), "higher", DEADLINE, "",
             "Kế hoạch cải cách hành chính năm 2024 (mô phỏng)", "KH-CCHC/2024 (mô phỏng)", "2024-01-01", province]
            for unit in departments]
    names = ["plan", "target_code", "name", "unit_code", "indicator", "target_value", "direction", "deadline",
             "milestone", "plan_name", "document", "start", "owner_unit"]
    columns = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    return pa.table({"_line": pa.array(range(2, len(rows) + 2), pa.int64()), **columns})


def record_unit_quarterly(store: Store, departments: list[str]) -> int:
    """Synthetic quarterly values of each department (rising from 60-88 % by 5 points a quarter)."""
    count = 0
    for i, unit in enumerate(departments):
        start = 60 + (i * 7) % 29
        for q, day in enumerate(UNIT_QUARTERS):
            record_value(store, UNIT_TARGET[0], unit, float(min(100, start + 5 * q)), day, "demo",
                         "DỮ LIỆU MÔ PHỎNG / synthetic", plan=UNIT_PLAN)
            count += 1
    return count


def record_quarterly(store: Store, province: str) -> int:
    count = 0
    for code, values in QUARTERLY.items():
        for day, value in zip(QUARTER_ENDS, values, strict=True):
            record_value(store, code, province, float(value), day, "demo", "DỮ LIỆU MÔ PHỎNG / synthetic", plan=PLAN)
            count += 1
    return count
