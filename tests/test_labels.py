"""What people read instead of codes (issue 13): catalogue filters as Vietnamese phrases, drill-down cells."""

from datetime import datetime

import pytest

from chiso.domain.catalogue import load_catalogue
from chiso.domain.filter_text import filter_vi
from chiso.engine.filters import names_in
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
