"""Periods typed the way people say them (issue 13): Vietnamese spellings, with or without diacritics."""

from datetime import date

import pytest

from chiso.domain.errors import InvalidValue
from chiso.domain.periods import label_vi, month, parse_period, short_vi

SPELLINGS = {
    "Quý II/2024": "2024-Q2", "quý 2 năm 2024": "2024-Q2", "QUY IV/2024": "2024-Q4", "Q3/2024": "2024-Q3",
    "6 tháng đầu năm 2024": "2024-H1", "6 tháng cuối năm 2024": "2024-H2", "6 thang 2024": "2024-H1",
    "9 tháng năm 2024": "2024-9M", "9 tháng cuối năm 2024": "2024-04-01..2024-12-31",
    "5 tháng đầu năm 2024": "2024-01-01..2024-05-31",
    "T5/2024": "2024-05", "tháng 5/2024": "2024-05", "Tháng 12 năm 2025": "2025-12", "05/2024": "2024-05",
    "năm 2024": "2024", "từ 22/03/2024 đến 29/06/2024": "2024-03-22..2024-06-29",
    "01/01/2024 – 31/03/2024": "2024-01-01..2024-03-31",
    "Quý\u00a0II/2024": "2024-Q2",  # a no-break space from a copied document
    "Quy\u0301 II/2024": "2024-Q2",  # decomposed (NFD) diacritics
}


@pytest.mark.parametrize("text", list(SPELLINGS))
def test_vietnamese_spellings(text: str) -> None:
    assert parse_period(text).label == SPELLINGS[text]


@pytest.mark.parametrize("text", ["Quý V/2024", "T13/2024", "31/02/2024-01/03/2024", "13 tháng 2024", "quý/2024",
                                  "tháng 0/2024"])
def test_wrong_spellings_name_the_forms_accepted(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_period(text)
    assert repr(text) in str(caught.value) and "Quý II/2024" in str(caught.value)


def test_the_name_a_report_gives_a_period_reads_back_as_that_period() -> None:
    """label_vi (how reports name a period), short_vi (the period box) and parse_period round-trip."""
    labels = ([f"2024-{m:02d}" for m in range(1, 13)] + [f"2024-Q{q}" for q in range(1, 5)]
              + ["2024-H1", "2024-H2", "2024-9M", "2024", "2024-03-22..2024-06-29", "2024-01-01..2024-05-31"])
    for label in labels:
        period = parse_period(label)
        for name in (label_vi(period), short_vi(period)):
            again = parse_period(name)
            assert (again.start, again.end) == (period.start, period.end), (label, name)
    assert parse_period("tháng 2/2024") == month(2024, 2) and month(2024, 2).end == date(2024, 2, 29)
