"""Plan targets: attainment, bands and forecasts, with the figures of the provinces' own news articles."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.domain.errors import InvalidValue
from chiso.domain.forecast import Outlook, fit, forecast_level, forecast_rate
from chiso.domain.targets import BandRules, TargetBand, assess, attainment, band_counts, summary_sentence

RULES = BandRules()


@pytest.mark.parametrize(("actual", "target", "band"), [
    (97, 95, TargetBand.MET),  # news/lao-cai-2024-q1: hồ sơ xử lý trên môi trường mạng 97%/95%
    (30, 10, TargetBand.EXCEEDED),  # TTHC cắt giảm thời gian 30%/10%
    (82, 80, TargetBand.MET),  # smartphone 82%/80%
    (95, 95, TargetBand.MET),  # hồ sơ sức khỏe điện tử 95%/95%
    (45, 40, TargetBand.EXCEEDED),  # tài khoản thanh toán điện tử 45%/40% (112.5 %)
])
def test_news_figures(actual: float, target: float, band: TargetBand) -> None:
    assert assess("x", "x", actual, target).band is band


@pytest.mark.parametrize(("value", "band"), [
    (49.99, TargetBand.UNDER_50), (50, TargetBand.FROM_50_TO_70), (70, TargetBand.FROM_50_TO_70),
    (70.01, TargetBand.ABOVE_70), (99.99, TargetBand.ABOVE_70), (100, TargetBand.MET),
    (109.99, TargetBand.MET), (110, TargetBand.EXCEEDED), (0, TargetBand.UNDER_50),
])
def test_band_edges(value: float, band: TargetBand) -> None:
    assert RULES.band(value) is band


def test_lower_is_better() -> None:
    assert attainment(4, 5, "lower") == 125.0  # late rate 4 % against at most 5 %
    assert assess("late", "tỷ lệ trễ hạn", 10, 5, "lower").band is TargetBand.FROM_50_TO_70  # exactly 50 %
    assert attainment(0, 5, "lower") == 100.0  # no late dossier at all: met
    assert attainment(3, 4, "lower", baseline=6) == 150.0  # from 6 down to 3, against a target of 4


def test_baselines() -> None:
    assert attainment(40, 60, "higher", baseline=20) == 50.0
    assert attainment(5, 10, "higher", baseline=0) == 50.0  # a zero baseline is a baseline
    assert attainment(5, 10, "higher", baseline=None) == 50.0
    with pytest.raises(InvalidValue, match="baseline"):
        attainment(5, 10, "higher", baseline=10)
    with pytest.raises(InvalidValue, match="direction"):
        attainment(5, 10, "up")


def test_missing_actual_has_no_band_and_is_counted_apart() -> None:
    items = [assess("a", "a", None, 10), assess("b", "b", 10, 10)]
    counts = band_counts(items)
    assert counts["no_data"] == 1 and counts["met"] == 1
    assert summary_sentence(counts).endswith("1 chưa có số liệu")


def test_summary_in_the_words_of_the_reports() -> None:
    counts = {"exceeded": 3, "met": 4, "above_70": 9, "from_50_to_70": 6, "under_50": 2, "no_data": 0}
    assert summary_sentence(counts) == ("7/24 chỉ tiêu hoàn thành và vượt; 9 đạt trên 70%; 6 đạt 50–70%; "
                                        "2 dưới 50%")


def test_forecast_of_a_level_on_a_known_trend() -> None:
    days = [float(d) for d in range(11)]
    values = [10.0 * d for d in range(11)]  # 10 a working day, 100 so far on day 10
    assert fit(days, values).slope == pytest.approx(10.0)
    on = forecast_level(days, values, 20, 200)
    assert on.outlook is Outlook.ON_TRACK and on.projected == pytest.approx(200) and on.gap == 0
    faster = forecast_level(days, values, 20, 250)  # needs 15 a day against 10: within 1.5×
    assert faster.outlook is Outlook.NEEDS_ACCELERATION and faster.gap == pytest.approx(50)
    assert faster.needed_per_day == pytest.approx(15)
    assert forecast_level(days, values, 20, 400).outlook is Outlook.OFF_TRACK  # 30 a day: 3×
    falling = forecast_level(days, [100.0 - 5 * d for d in range(11)], 20, 10, higher=False)
    assert falling.outlook is Outlook.ON_TRACK and falling.projected == pytest.approx(0)


def test_forecast_of_a_rate_says_the_gap_in_dossiers() -> None:
    days = [float(d) for d in range(1, 11)]
    received = [100.0 * d for d in range(1, 11)]
    online = [40.0 * d for d in range(1, 11)]  # a steady 40 % online
    result = forecast_rate(days, online, received, 50, 50.0)
    assert result.rate.projected == pytest.approx(40.0)
    assert result.denominator == pytest.approx(5000) and result.numerator == pytest.approx(2000)
    assert result.items_needed == 500  # 50 % of 5,000 − 2,000
    assert result.rate.outlook is Outlook.OFF_TRACK  # the rate is flat: no acceleration in sight
    assert forecast_rate(days, online, received, 50, 40.0).items_needed == 0


@given(st.floats(0, 1000), st.floats(0, 1000), st.floats(0.1, 1000))
def test_attainment_grows_with_the_actual_for_higher_and_falls_for_lower(a: float, b: float, t: float) -> None:
    low, high = min(a, b), max(a, b)
    assert attainment(low, t) <= attainment(high, t)
    if low > 0:
        assert attainment(low, t, "lower") >= attainment(high, t, "lower")


def test_bands_and_pace_are_settings() -> None:
    from chiso.domain.settings import Settings

    rules = Settings({"plan.exceeded_from": 120, "plan.band_high": 80}).target_bands
    assert rules.band(115) is TargetBand.MET and rules.band(75) is TargetBand.FROM_50_TO_70
    with pytest.raises(InvalidValue, match="target bands"):
        _ = Settings({"plan.band_low": 90}).target_bands
    with pytest.raises(InvalidValue, match=r"plan\.acceleration"):
        Settings({"plan.acceleration": 0.5})


def test_the_plan_sentence_in_both_framings_the_provinces_use() -> None:
    counts = {"exceeded": 3, "met": 4, "above_70": 9, "from_50_to_70": 6, "under_50": 2, "no_data": 0}
    assert summary_sentence(counts) == ("7/24 chỉ tiêu hoàn thành và vượt; 9 đạt trên 70%; 6 đạt 50–70%; "
                                        "2 dưới 50%")
    assert summary_sentence(counts, framing="not_met") == ("17/24 chỉ tiêu chưa đạt (9 đạt trên 70%; 6 đạt 50–70%; "
                                                           "2 dưới 50%); 7 hoàn thành và vượt")
