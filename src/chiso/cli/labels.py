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
    "channel_unknown": ("Kênh không rõ", "Channel unknown"),
    "chiso_denominator": ("Mẫu số (chiso)", "Denominator (chiso)"),
    "chiso_numerator": ("Tử số (chiso)", "Numerator (chiso)"),
    "chiso_score": ("Điểm (chiso)", "Score (chiso)"),
    "code": ("Mã", "Code"),
    "deadline": ("Hạn", "Deadline"),
    "denominator": ("Mẫu số", "Denominator"),
    "difference": ("Chênh lệch", "Difference"),
    "fixable": ("Có thể khắc phục", "Fixable"),
    "forecast": ("Dự báo", "Forecast"),
    "gain_if_n": ("Điểm tăng nếu xử lý thêm", "Gain if handled"),
    "gap": ("Khoảng cách", "Gap"),
    "group": ("Nhóm", "Group"),
    "items": ("Số hồ sơ", "Items"),
    "maximum": ("Tối đa", "Maximum"),
    "metric": ("Tiêu chí", "Metric"),
    "milestone": ("Mốc", "Milestone"),
    "name": ("Tên", "Name"),
    "numerator": ("Tử số", "Numerator"),
    "period": ("Kỳ", "Period"),
    "points": ("Điểm tăng", "Points"),
    "points_for_parent": ("Điểm cho đơn vị cấp trên", "Points for the parent"),
    "portal_denominator": ("Mẫu số (Cổng)", "Denominator (portal)"),
    "portal_numerator": ("Tử số (Cổng)", "Numerator (portal)"),
    "portal_score": ("Điểm (Cổng)", "Score (portal)"),
    "points_per_item": ("Điểm mỗi hồ sơ", "Points per item"),
    "rank": ("Hạng", "Rank"),
    "score": ("Điểm", "Score"),
    "source": ("Nguồn", "Source"),
    "state": ("Trạng thái", "State"),
    "step": ("Bước", "Step"),
    "lost": ("Điểm mất", "Lost"),
    "level": ("Cấp", "Level"),
    "overdue": ("Quá hạn", "Overdue"),
    "due_soon": ("Sắp đến hạn", "Due soon"),
    "number": ("Số hồ sơ", "Dossier number"),
    "procedure_code": ("Mã TTHC", "Procedure code"),
    "procedure_name": ("Thủ tục", "Procedure"),
    "received_at": ("Tiếp nhận", "Received"),
    "due_at": ("Hạn trả kết quả", "Due"),
    "supplements": ("Lần bổ sung", "Supplements"),
    "target": ("Chỉ tiêu", "Target"),
    "target_code": ("Mã chỉ tiêu", "Target code"),
    "target_value": ("Chỉ tiêu giao", "Target value"),
    "total": ("Tổng điểm", "Total"),
    "unit_code": ("Mã đơn vị", "Unit code"),
    "unit_name": ("Đơn vị", "Unit"),
    "value": ("Giá trị", "Value"),
    "why": ("Lý do", "Why"),
}


def label(key: str) -> str:
    """The table header for ``key``, in the language of ``CHISO_LANG`` (Vietnamese unless ``en``)."""
    found = LABELS.get(key)
    if found is None:
        return key
    return found[1] if os.environ.get("CHISO_LANG", "vi").lower().startswith("en") else found[0]
