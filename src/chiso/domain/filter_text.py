"""A catalogue filter (``status in ('early', 'on_time')``) read out as a Vietnamese phrase for people
("tình trạng là trước hạn hoặc đúng hạn"). The filter text stays the definition; this is only how pages say it.
A column or value without a label is shown as it is written."""

import ast

from chiso.domain.status import CHANNEL_VI, STATUS_VI
from chiso.domain.tasks import MEASURE_VI

FLAGS = {  # yes/no columns: what "true" means
    "finished": "đã giải quyết xong", "in_received": "tiếp nhận trong kỳ", "paid_online": "thanh toán trực tuyến",
    "digitized_input": "thành phần hồ sơ được số hóa", "electronic_result": "có kết quả điện tử",
    "reused_data": "tái sử dụng dữ liệu đã số hóa", "personal_store_used": "đồng bộ kho dữ liệu cá nhân",
    "citizen_data_used": "khai thác dữ liệu dân cư", "synced_to_portal": "đồng bộ lên Cổng DVCQG",
    "apology_sent": "đã gửi phiếu xin lỗi", "fee": "có phí, lệ phí", "procedure_fee": "thủ tục có phí, lệ phí",
    "procedure_paper_result": "thủ tục trả kết quả bản giấy",
    "procedure_applies_to_persons": "thủ tục áp dụng cho cá nhân", "answered": "đã trả lời",
    "repeated": "phản ánh lặp lại",
    **MEASURE_VI,  # what a task indicator counts (kind task_ratio)
}
COLUMNS = {
    "status": "tình trạng", "channel": "kênh nộp", "state": "trạng thái", "rating": "đánh giá",
    "supplement_count": "số lần yêu cầu bổ sung", "procedure_code": "mã thủ tục",
    "procedure_online_level": "mức độ trực tuyến của thủ tục", "sector": "lĩnh vực",
    "processing_working_days": "số ngày làm việc giải quyết", "category": "loại phản ánh",
}
VALUES = {
    "status": {s.value: text for s, text in STATUS_VI.items()},
    "channel": {**{c.value: text for c, text in CHANNEL_VI.items()}, "unknown": "không rõ"},
    "state": {"open": "đang giải quyết", "finished": "đã giải quyết", "refused": "từ chối",
              "stopped": "dừng xử lý", "withdrawn": "rút hồ sơ"},
    "rating": {"liked": "hài lòng", "disliked": "không hài lòng", "complaint": "khiếu nại"},
    "procedure_online_level": {"none": "không trực tuyến", "partial": "trực tuyến một phần",
                               "full": "trực tuyến toàn trình"},
}
_ORDER = {ast.Lt: "nhỏ hơn", ast.LtE: "không quá", ast.Gt: "lớn hơn", ast.GtE: "từ"}


def filter_vi(text: str) -> str:
    """The phrase for ``text``; the text itself if it cannot be read (the page still shows the code)."""
    try:
        return _say(ast.parse(text.strip(), mode="eval").body, top=True)
    except (SyntaxError, ValueError):
        return text


def _value(column: str, node: ast.expr) -> str:
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            return "có" if value else "không"
        if isinstance(value, int | float):
            return f"{value:n}".replace(",", ".") if isinstance(value, int) else str(value).replace(".", ",")
        return VALUES.get(column, {}).get(str(value), str(value))
    if isinstance(node, ast.Name):
        return "có" if node.id.lower() == "true" else "không" if node.id.lower() == "false" else node.id
    raise ValueError(ast.unparse(node))


def _listed(items: list[str], word: str = "hoặc") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _say(node: ast.expr, top: bool = False) -> str:
    if isinstance(node, ast.BoolOp):
        word = " và " if isinstance(node.op, ast.And) else " hoặc "
        text = word.join(_say(v) for v in node.values)
        return text if top else f"({text})"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = node.operand
        if isinstance(inner, ast.Name) and inner.id in FLAGS:
            return "không " + FLAGS[inner.id]
        return "không phải " + _say(inner)
    if isinstance(node, ast.Name):
        if node.id.lower() in ("true", "false"):
            return "mọi hồ sơ" if node.id.lower() == "true" else "không hồ sơ nào"
        return FLAGS.get(node.id, node.id)
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return "mọi hồ sơ" if node.value else "không hồ sơ nào"
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.left, ast.Name):
        column, op, right = node.left.id, node.ops[0], node.comparators[0]
        name = COLUMNS.get(column, column)
        if isinstance(op, ast.In | ast.NotIn) and isinstance(right, ast.List | ast.Tuple | ast.Set):
            values = _listed([_value(column, v) for v in right.elts])
            return f"{name} {'không phải' if isinstance(op, ast.NotIn) else 'là'} {values}"
        if isinstance(right, ast.Constant) and right.value is None:
            return f"{name} {'chưa có' if isinstance(op, ast.Eq | ast.Is) else 'đã có'}"
        if column in FLAGS and isinstance(op, ast.Eq | ast.NotEq):
            yes = _value(column, right) == "có"
            return FLAGS[column] if yes == isinstance(op, ast.Eq) else "không " + FLAGS[column]
        if isinstance(op, ast.Eq | ast.Is):
            return f"{name} là {_value(column, right)}"
        if isinstance(op, ast.NotEq | ast.IsNot):
            return f"{name} khác {_value(column, right)}"
        if type(op) in _ORDER:
            return f"{name} {_ORDER[type(op)]} {_value(column, right)}"
    raise ValueError(ast.unparse(node))
