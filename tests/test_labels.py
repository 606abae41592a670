"""What people read instead of codes (issue 13): catalogue filters as Vietnamese phrases, drill-down cells."""

import ast
from datetime import datetime
from pathlib import Path

import pytest

import chiso.store as store_package
from chiso.domain.catalogue import load_catalogue
from chiso.domain.filter_text import filter_vi
from chiso.domain.reject_reasons import is_known, reason_vi
from chiso.engine.filters import names_in
from chiso.store.importing import OUTSIDE
from chiso.store.spec import _raw
from chiso.store.staging import REASONS, enum_reason
from chiso.web.labels import cell, header

CASES = {
    "status in ('early', 'on_time', 'open_within')": "tình trạng là trước hạn, đúng hạn hoặc đang xử lý trong hạn",
    "channel == 'online'": "kênh nộp là trực tuyến",
    "digitized_input and electronic_result": "thành phần hồ sơ được số hóa và có kết quả điện tử",
    "not paid_online": "không thanh toán trực tuyến",
    "supplement_count > 0 or (rating in ('disliked', 'complaint') and not repeated)":
        "số lần yêu cầu bổ sung lớn hơn 0 hoặc (đánh giá là không hài lòng hoặc khiếu nại và không phản ánh lặp lại)",
    "status != 'late'": "tình trạng khác trễ hạn",
    "procedure_online_level not in ('none',)": "mức độ trực tuyến của thủ tục không phải không trực tuyến",
    "true": "mọi hồ sơ",
    "state == None": "trạng thái chưa có",
}


@pytest.mark.parametrize("text", list(CASES))
def test_filters_read_as_vietnamese(text: str) -> None:
    assert filter_vi(text) == CASES[text]


def test_every_shipped_filter_reads_without_a_raw_column_name() -> None:
    """A column used by a shipped indicator and given no label would show as code: this fails until it is named."""
    catalogue = load_catalogue()
    texts = [t for i in catalogue.latest() for t in (i.numerator, i.denominator, *i.subtract) if t]
    assert len(texts) > 20
    for text in texts:
        phrase = filter_vi(text)
        assert phrase != text or text in ("true",), text
        for name in names_in(text):
            assert name not in phrase.split(), (text, phrase)


def test_drill_down_cells() -> None:
    assert header("number", "vi") == "Số hồ sơ" and header("electronic_result", "vi") == "Có kết quả điện tử"
    assert cell("status", "open_overdue", "vi") == "đang xử lý quá hạn"
    assert cell("channel", "direct", "vi") == "trực tiếp"
    assert cell("synced_to_portal", False, "vi") == "không"
    assert cell("received_at", datetime(2024, 5, 2, 8, 30), "vi") == "02/05/2024 08:30"
    assert cell("unit", "H21.03", "vi", {"H21.03": "Sở Tư pháp"}) == "Sở Tư pháp"
    assert cell("status", "open_overdue", "en") == "open_overdue"


def _reasons_in_source() -> list[str]:
    """Every rejection reason written in the import checks: the third argument of each Check(...) and Reject(...)
    in chiso.store, with a sample value for each placeholder of an f-string."""
    samples = {"OUTSIDE": OUTSIDE}
    found = []
    for path in sorted(Path(store_package.__file__).parent.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            name = getattr(node, "func", None)
            if not isinstance(node, ast.Call) or getattr(name, "id", None) not in ("Check", "Reject"):
                continue
            where = 3 if getattr(name, "id", None) == "Reject" else 2  # Reject(line, column, value, reason)
            if len(node.args) <= where:
                continue
            arg = node.args[where]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append(arg.value)
            elif isinstance(arg, ast.JoinedStr):
                found.append("".join(
                    str(part.value) if isinstance(part, ast.Constant)
                    else samples.get(getattr(part.value, "id", ""), "2024") for part in arg.values
                    if isinstance(part, ast.Constant | ast.FormattedValue)))
    return found


def test_every_rejection_reason_reads_in_vietnamese() -> None:
    built = ["unknown procedure name: no procedure in the catalogue has exactly this name; add it to "
             "procedure-aliases.csv; closest: Đăng ký khai sinh (1.001193)",  # by the dossier kind, per name
             "several procedures have this name (1.001193, 2.000986): add the name with its code to "
             "procedure-aliases.csv", "not valid JSON (Expecting value)", "JSON nested too deeply",
             "a record must be a JSON object"]
    reasons = [*_reasons_in_source(), *REASONS.values(), *(enum_reason(name) for name in _raw()["enums"]), *built]
    assert len(reasons) > 50
    unknown = [r for r in reasons if not is_known(r)]
    assert not unknown, unknown
    for reason in reasons:
        assert reason_vi(reason) != reason and not reason_vi(reason).startswith(("not ", "a ", "the ")), reason
    assert reason_vi("unknown unit: no unit has this code or name (import units first); closest: H21.03") == (
        "đơn vị không có trong danh mục: không đơn vị nào có mã hoặc tên này (nhập danh mục đơn vị trước); "
        "gần nhất: H21.03")
    assert reason_vi("something new") == "something new"  # an unknown reason is shown as it is
