"""Column labels of the CLI's tables for people; CSV and JSON keep the stable English snake_case keys.

A row's keys are what a script reads (``rank``, ``unit_code``), and never change when a label is reworded. Only the
table format shows a label, in Vietnamese, or in English with ``CHISO_LANG=en``. A key without a label (an index
group code such as ``G1``) is shown as it is.
"""

import os

LABELS: dict[str, tuple[str, str]] = {
    "action": ("Việc cần làm", "Action"),
    "actual": ("Thực hiện", "Actual"),
    "attainment_percent": ("Đạt (%)", "Attainment (%)"),
    "band": ("Mức", "Band"),
    "change_last_year": ("± cùng kỳ", "± last year"),
    "change_previous": ("± kỳ trước", "± previous"),
    "channel": ("Kênh", "Channel"),
    "channel_unknown": ("Kênh không rõ", "Channel unknown"),
    "chiso_denominator": ("Mẫu số (chiso)", "Denominator (chiso)"),
    "chiso_numerator": ("Tử số (chiso)", "Numerator (chiso)"),
    "chiso_score": ("Điểm (chiso)", "Score (chiso)"),
    "code": ("Mã", "Code"),
    "created": ("Ngày tạo", "Created"),
    "created_by": ("Người tạo", "Created by"),
    "deadline": ("Hạn", "Deadline"),
    "deliveries": ("Số lần gửi", "Deliveries"),
    "denominator": ("Mẫu số", "Denominator"),
    "difference": ("Chênh lệch", "Difference"),
    "due_at": ("Hạn trả kết quả", "Due"),
    "due_soon": ("Sắp đến hạn", "Due soon"),
    "fixable": ("Có thể khắc phục", "Fixable"),
    "forecast": ("Dự báo", "Forecast"),
    "gain_if_n": ("Điểm tăng nếu xử lý thêm", "Gain if handled"),
    "gap": ("Khoảng cách", "Gap"),
    "group": ("Nhóm", "Group"),
    "items": ("Số hồ sơ", "Items"),
    "level": ("Cấp", "Level"),
    "lost": ("Điểm mất", "Lost"),
    "maximum": ("Tối đa", "Maximum"),
    "metric": ("Tiêu chí", "Metric"),
    "milestone": ("Mốc", "Milestone"),
    "name": ("Tên", "Name"),
    "number": ("Số hồ sơ", "Dossier number"),
    "numerator": ("Tử số", "Numerator"),
    "overdue": ("Quá hạn", "Overdue"),
    "period": ("Kỳ", "Period"),
    "points": ("Điểm tăng", "Points"),
    "points_for_parent": ("Điểm cho đơn vị cấp trên", "Points for the parent"),
    "points_per_item": ("Điểm mỗi hồ sơ", "Points per item"),
    "portal_denominator": ("Mẫu số (Cổng)", "Denominator (portal)"),
    "portal_numerator": ("Tử số (Cổng)", "Numerator (portal)"),
    "portal_score": ("Điểm (Cổng)", "Score (portal)"),
    "procedure_code": ("Mã TTHC", "Procedure code"),
    "procedure_name": ("Thủ tục", "Procedure"),
    "push": ("Gửi hồ sơ", "Push"),
    "rank": ("Hạng", "Rank"),
    "read": ("Đọc số liệu", "Read"),
    "received_at": ("Tiếp nhận", "Received"),
    "revoked": ("Thu hồi lúc", "Revoked"),
    "rule": ("Quy tắc", "Rule"),
    "score": ("Điểm", "Score"),
    "source": ("Nguồn", "Source"),
    "state": ("Trạng thái", "State"),
    "status": ("Trạng thái", "Status"),
    "step": ("Bước", "Step"),
    "supplements": ("Lần bổ sung", "Supplements"),
    "target": ("Chỉ tiêu", "Target"),
    "target_code": ("Mã chỉ tiêu", "Target code"),
    "target_value": ("Chỉ tiêu giao", "Target value"),
    "total": ("Tổng điểm", "Total"),
    "unit_code": ("Mã đơn vị", "Unit code"),
    "unit_name": ("Đơn vị", "Unit"),
    "units": ("Đơn vị", "Units"),
    "value": ("Giá trị", "Value"),
    "why": ("Lý do", "Why"),
}


def label(key: str) -> str:
    """The table header for ``key``, in the language of ``CHISO_LANG`` (Vietnamese unless ``en``)."""
    found = LABELS.get(key)
    if found is None:
        return key
    return found[1] if os.environ.get("CHISO_LANG", "vi").lower().startswith("en") else found[0]
