"""Forecasting a target at its deadline from the trend so far, on the working-day axis.

Method (stated with every forecast): least-squares line through the observed (working day, value) points,
extended to the deadline's working day. A cumulative quantity (dossiers received online so far) is forecast
directly; a rate is forecast from the trend of its numerator and denominator, so that the gap can be said in
work to do ("cần thêm 1.240 hồ sơ trực tuyến trước 29/06/2024").
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from chiso.domain.errors import InvalidValue

METHOD = "xu hướng tuyến tính theo ngày làm việc / linear trend over working days (least squares)"


class Outlook(StrEnum):
    ON_TRACK = "on_track"
    NEEDS_ACCELERATION = "needs_acceleration"
    OFF_TRACK = "off_track"


OUTLOOK_VI = {Outlook.ON_TRACK: "đúng tiến độ", Outlook.NEEDS_ACCELERATION: "cần đẩy nhanh",
              Outlook.OFF_TRACK: "khó đạt"}


@dataclass(frozen=True)
class Line:
    slope: float  # per working day
    intercept: float

    def at(self, day: float) -> float:
        return self.intercept + self.slope * day


def fit(days: Sequence[float], values: Sequence[float]) -> Line:
    """Least-squares line; with one point, a flat line through it."""
    if len(days) != len(values) or not days:
        raise InvalidValue("trend points", f"{len(days)} days, {len(values)} values", "as many days as values, ≥ 1")
    n = len(days)
    mean_x, mean_y = sum(days) / n, sum(values) / n
    spread = sum((x - mean_x) ** 2 for x in days)
    if spread == 0:
        return Line(0.0, mean_y)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(days, values, strict=True)) / spread
    return Line(slope, mean_y - slope * mean_x)


@dataclass(frozen=True)
class Forecast:
    projected: float  # the value expected at the deadline
    outlook: Outlook
    gap: float  # how much is still missing at the deadline on the current trend (0 when on track)
    needed_per_day: float  # what the remaining working days must deliver per day to reach the target
    trend_per_day: float
    method: str = METHOD


def _outlook(projected: float, target: float, needed: float, trend: float, higher: bool,
             acceleration: float) -> Outlook:
    if (projected >= target) if higher else (projected <= target):
        return Outlook.ON_TRACK
    pace = abs(trend)
    if pace > 0 and abs(needed) <= acceleration * pace and (trend > 0) == higher:
        return Outlook.NEEDS_ACCELERATION
    return Outlook.OFF_TRACK


def forecast_level(days: Sequence[float], values: Sequence[float], deadline_day: float, target: float,
                   higher: bool = True, acceleration: float = 1.5) -> Forecast:
    """Forecast of a level (a cumulative count, or a rate read directly) at ``deadline_day``.

    ``acceleration``: a target still reachable if the remaining days deliver at most this many times the
    current pace is "needs acceleration"; beyond it, "off track".
    """
    line = fit(days, values)
    now_day, now = days[-1], values[-1]
    remaining = max(deadline_day - now_day, 0.0)
    projected = line.at(deadline_day) if remaining else now
    needed = (target - now) / remaining if remaining else math.inf * (1 if target > now else -1)
    outlook = _outlook(projected, target, needed, line.slope, higher, acceleration)
    gap = max(0.0, (target - projected) if higher else (projected - target))
    return Forecast(projected, outlook, gap, needed if remaining else 0.0, line.slope)


@dataclass(frozen=True)
class RateForecast:
    rate: Forecast  # in percent
    numerator: float  # projected at the deadline
    denominator: float
    items_needed: int  # more numerator items needed by the deadline beyond the trend (0 when on track)


def forecast_rate(days: Sequence[float], numerators: Sequence[float], denominators: Sequence[float],
                  deadline_day: float, target_percent: float, acceleration: float = 1.5) -> RateForecast:
    """Forecast of a cumulative rate (e.g. online / received since the start of a campaign) at the deadline."""
    num = fit(days, numerators)
    den = fit(days, denominators)
    remaining = max(deadline_day - days[-1], 0.0)
    end_num = num.at(deadline_day) if remaining else numerators[-1]
    end_den = max(den.at(deadline_day) if remaining else denominators[-1], denominators[-1])
    rates = [100.0 * n / d if d else 0.0 for n, d in zip(numerators, denominators, strict=True)]
    projected = 100.0 * end_num / end_den if end_den else 0.0
    needed_items = max(0, math.ceil(target_percent / 100.0 * end_den - end_num - 1e-9))
    trend = fit(days, rates).slope
    needed_pp = (target_percent - rates[-1]) / remaining if remaining else 0.0
    outlook = _outlook(projected, target_percent, needed_pp, trend, True, acceleration)
    gap = max(0.0, target_percent - projected)
    rate = Forecast(projected, outlook, gap, needed_pp, trend)
    return RateForecast(rate, end_num, end_den, 0 if outlook is Outlook.ON_TRACK else needed_items)
