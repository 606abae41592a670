"""Scoring rules of the 766 index against the portal's published worked examples (index-766.md)."""

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.domain.catalogue import load_catalogue
from chiso.domain.errors import InvalidValue
from chiso.domain.index_definition import IndexDefinition
from chiso.domain.index_scoring import Figure, score_unit
from chiso.domain.scoring import ScoreRule, band_of, competition_ranks, parse_bands, round_half_up
from tests.conftest import chiso

# Đắk Lắk province, 2026 to 10/10/2026, as published by the portal: (numerator, denominator, published score).
DAK_LAK = {
    "PUBLISH_ON_TIME": (0, 82, "0"),
    "PUBLIC_UPDATE_ON_TIME": (79, 82, "3.85"),
    "PUBLIC_CONTENT_FULL": (79, 79, "2"),
    "DOSSIER_SYNC": (370_610, 370_610, "6"),
    "ON_TIME": (393_087, 443_565, "17.72"),
    "ORIGINAL_RESULT_AVAILABLE": (284_995, 443_565, "3.86"),
    "SO_HOA_GIAY_TO_GIAI_QUYET": (93_664, 443_565, "0.84"),
    "REUSED_DIGITIZED_DATA": (82_645, 443_565, "0.47"),
    "SYNCED_WITH_DVCQG_PERSONAL_STORAGE": (9_499, 443_565, "0.09"),
    "CITIZEN_DATA_CONNECTED_DOSSIER": (279_339, 443_565, "1.26"),
    "CITIZEN_DATA_CONNECTED_FORMALITY": (380, 1_346, "0.56"),
    "ELECTRONIC_CERTIFIED_COPY": (0, 0, "2"),
    "DOSSIER_RECEIVING_SATISFACTION": (392_869, 443_565, "5.90"),
    "PETITION_PROCESSING_ON_TIME": (241, 485, "2.98"),
    "PETITION_HANDLING_SATISFACTION": (186, 485, "2.30"),
}
DAK_LAK_GROUPS = {"TRANSPARENCY": "11.85", "PROGRESS": "17.72", "ONLINE_SERVICE": "8.97", "PAYMENT": "6.69",
                  "DIGITISATION": "9.08", "SATISFACTION": "11.18"}


def definition() -> IndexDefinition:
    return load_catalogue().index("766", date(2026, 10, 10))


def test_dak_lak_every_metric_group_and_total_to_the_cent() -> None:
    figures = {code: Figure(n, d) for code, (n, d, _) in DAK_LAK.items()}
    score = score_unit(definition(), figures, {"ONLINE_SERVICE": Decimal("8.97"), "PAYMENT": Decimal("6.69")})
    for code, (_, _, published) in DAK_LAK.items():
        assert score.metric(code).score == Decimal(published), code
    for code, published in DAK_LAK_GROUPS.items():
        assert score.group(code).score == Decimal(published), code
    assert score.total == Decimal("65.49")
    assert score.complete and not score.provisional


def test_department_example_threshold_and_empty_feedback() -> None:
    d = definition()
    assert d.metric("ON_TIME").rule.score(3762, 3867) == Decimal("19.46")
    assert d.metric("REUSED_DIGITIZED_DATA").rule.score(383, 3867) == Decimal("0.25")  # threshold 80
    assert d.metric("DOSSIER_RECEIVING_SATISFACTION").rule.score(3752, 3867) == Decimal("6.00")  # 97% ≥ 90%
    assert d.metric("PETITION_PROCESSING_ON_TIME").rule.score(0, 0) == Decimal("6.00")  # 0/0 scores full
    assert d.metric("PETITION_HANDLING_SATISFACTION").rule.score(0, 0) == Decimal("6.00")


def test_empty_denominator_policies() -> None:
    assert ScoreRule(Decimal(6), empty="full").score(0, 0) == Decimal("6.00")
    assert ScoreRule(Decimal(6), empty="zero").score(0, 0) == Decimal("0.00")
    assert ScoreRule(Decimal(6), empty="na").score(0, 0) is None
    assert definition().metric("ON_TIME").rule.score(0, 0) == Decimal(0)  # no dossiers: 0, as the portal does


def test_threshold_rule_edges() -> None:
    rule = ScoreRule(Decimal(6), "threshold", Decimal(90))
    assert rule.score(9, 10) == Decimal("6.00")  # exactly at the threshold: full
    assert rule.score(89, 100) == Decimal("5.93")  # 0.89 / 0.9 × 6 = 5.9333
    assert rule.needed_for_full(89, 100) == 1
    assert rule.needed_for_full(0, 7) == 7  # 90% of 7 = 6.3 → 7
    assert rule.per_dossier(95, 100) == 0  # past the threshold nothing more is gained


def test_rounding_is_half_up_not_bankers() -> None:
    assert round_half_up(Fraction(1, 8), 2) == Decimal("0.13")  # 0.125 → 0.13 (banker's rounding gives 0.12)
    assert round_half_up(Fraction(5, 1000), 2) == Decimal("0.01")
    assert round_half_up(Fraction(4999, 1000000), 2) == Decimal("0.00")
    assert ScoreRule(Decimal(4)).score(1, 32) == Decimal("0.13")  # 0.125 exactly


def test_group_sums_rounded_metric_scores_not_raw_ratios() -> None:
    d = definition()
    # Two metrics that each round up: the group is the sum of the rounded scores.
    figures = {"ORIGINAL_RESULT_AVAILABLE": Figure(1, 8), "SO_HOA_GIAY_TO_GIAI_QUYET": Figure(1, 32)}
    score = score_unit(d, figures)
    assert score.metric("ORIGINAL_RESULT_AVAILABLE").score == Decimal("0.75")
    assert score.metric("SO_HOA_GIAY_TO_GIAI_QUYET").score == Decimal("0.13")
    assert score.group("DIGITISATION").source == "missing"  # the other metrics were not given
    assert score.group("DIGITISATION").score == Decimal("0.88")


def test_competition_ranks_share_and_skip() -> None:
    totals = [Decimal(v) for v in ("68.11", "66.97", "66.70", "65.57", "65.47", "65.47", "65.13", "53.22")]
    assert competition_ranks(totals) == [1, 2, 3, 4, 5, 5, 7, 8]
    assert competition_ranks([Decimal(1), Decimal(2), Decimal(2), Decimal(4)]) == [4, 2, 2, 1]
    assert competition_ranks([None, Decimal(3)]) == [None, 1]
    assert competition_ranks([Decimal(3), Decimal(5)], higher_is_better=False) == [1, 2]


def test_provisional_group_when_nothing_is_reported() -> None:
    d = definition()
    figures = {"ONLINE_PROCEDURES_OFFERED": Figure(40, 50), "ONLINE_RATE": Figure(50, 100),
               "DOSSIER_SYNC": Figure(100, 100)}
    score = score_unit(d, figures)
    online = score.group("ONLINE_SERVICE")
    assert online.source == "provisional" and "tạm tính" in online.note
    assert online.score == Decimal("12.00")  # 80% ≥ 80 → 6; 50% × 100% ≥ 50 → 6
    assert score.group("PAYMENT").source == "missing"
    reported = score_unit(d, figures, {"ONLINE_SERVICE": Decimal("8.97")})
    assert reported.group("ONLINE_SERVICE").source == "reported" and not reported.provisional


def test_bad_counts_name_the_value() -> None:
    with pytest.raises(InvalidValue, match="5/3"):
        ScoreRule(Decimal(6)).score(5, 3)
    with pytest.raises(InvalidValue, match="threshold"):
        ScoreRule(Decimal(6), "threshold", None)


def test_bands_are_configuration() -> None:
    bands = parse_bands("50=C; 80=A; 65=B")
    assert [b.label for b in bands] == ["A", "B", "C"]
    assert band_of(Decimal("79.99"), bands) == "B" and band_of(Decimal(80), bands) == "A"
    assert band_of(Decimal(10), bands) is None
    with pytest.raises(InvalidValue, match="MINIMUM=LABEL"):
        parse_bands("tốt")


@given(st.integers(0, 10_000), st.integers(1, 10_000), st.sampled_from(["linear", "threshold"]))
def test_scores_stay_within_zero_and_max_and_grow_with_the_numerator(num: int, den: int, kind: str) -> None:
    num = min(num, den)
    rule = ScoreRule(Decimal(6), kind, Decimal(80) if kind == "threshold" else None)  # type: ignore[arg-type]
    score = rule.score(num, den)
    assert score is not None and Decimal(0) <= score <= Decimal(6)
    if num < den:
        bigger = rule.score(num + 1, den)
        assert bigger is not None and bigger >= score


def test_score_cli_reproduces_dak_lak(tmp_path: Path) -> None:
    lines = ["unit_code,metric_code,numerator,denominator,score"]
    lines += [f"DLK,{code},{n},{d}," for code, (n, d, _) in DAK_LAK.items()]
    lines += ["DLK,ONLINE_SERVICE,,,8.97", "DLK,PAYMENT,,,\"6,69\""]
    # A second unit with a lower total, to check ranks: nothing achieved; only the 0/0 certified copy scores full.
    lines += [f"X,{code},0,{d}," for code, (_, d, _) in DAK_LAK.items()]
    lines += ["X,ONLINE_SERVICE,,,0", "X,PAYMENT,,,0"]
    source = tmp_path / "figures.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "scores.csv"
    done = chiso("index", "score", "--input", str(source), "--output", str(out))
    assert done.returncode == 0, done.stderr
    rows = [line.split(",") for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == ["unit_code", "metric_code", "score", "rank", "note"]
    table = {(r[0], r[1]): r for r in rows[1:]}
    assert table[("DLK", "TOTAL")][2:4] == ["65.49", "1"]
    assert table[("DLK", "ON_TIME")][2] == "17.72"
    assert table[("DLK", "DIGITISATION")][2] == "9.08"
    assert table[("DLK", "PAYMENT")][2] == "6.69"
    assert table[("X", "TOTAL")][2:4] == ["2.00", "2"]


def test_score_cli_names_every_bad_row(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("unit_code,metric_code,numerator,denominator,score\nA,ON_TIME,5,3,\nA,NOPE,1,2,\n"
                      "A,ON_TIME,x,3,\n", encoding="utf-8")
    done = chiso("index", "score", "--input", str(source))
    assert done.returncode == 1
    assert "line 2" in done.stderr and "5/3" in done.stderr
    assert "line 3" in done.stderr and "NOPE" in done.stderr
    assert "line 4" in done.stderr and "'x'" in done.stderr


@given(st.integers(0, 10**7), st.integers(0, 10**7), st.sampled_from(["6", "2.5", "20", "0.01"]),
       st.sampled_from([None, "80", "90", "50", "33.3"]), st.sampled_from(["full", "zero", "na"]),
       st.integers(0, 4))
def test_integer_scoring_equals_exact_rounding(num: int, den: int, maximum: str, threshold: str | None,
                                               empty: str, decimals: int) -> None:
    num = min(num, den)
    rule = ScoreRule(Decimal(maximum), "threshold" if threshold else "linear",
                     Decimal(threshold) if threshold else None, empty)  # type: ignore[arg-type]
    exact = rule.exact(num, den)
    expected = None if exact is None else round_half_up(exact, decimals)
    assert rule.score(num, den, decimals) == expected
