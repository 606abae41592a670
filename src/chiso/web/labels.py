"""Column headers and cell values of the drill-down tables, as people read them (the codes stay in exports'
machine columns and in the catalogue)."""

from datetime import date, datetime

from chiso.domain.filter_text import COLUMNS, FLAGS, VALUES

HEADERS_VI = {
    "number": "Số hồ sơ", "procedure_code": "Mã TTHC", "unit": "Đơn vị", "received_at": "Tiếp nhận",
    "due_at": "Hạn trả kết quả", "ended_at": "Kết thúc", "status": "Tình trạng", "channel": "Kênh nộp",
    "id": "Mã phản ánh", "due_day": "Hạn trả lời", "answered_at": "Trả lời lúc", "rating": "Đánh giá",
    "repeated": "Lặp lại", "state": "Trạng thái", "category": "Loại",
}


def header(column: str, lang: str) -> str:
    if lang != "vi":
        return column.replace("_", " ")
    return HEADERS_VI.get(column) or COLUMNS.get(column) or FLAGS.get(column, column).capitalize()


def cell(column: str, value: object, lang: str, names: dict[str, str] | None = None) -> str:
    """A cell's text: dates as dd/mm/yyyy hh:mm, yes/no, statuses and channels in Vietnamese, unit names."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if lang == "vi" and column in VALUES:
        return VALUES[column].get(str(value), str(value))
    if column == "unit" and names:
        return names.get(str(value), str(value))
    return str(value)
