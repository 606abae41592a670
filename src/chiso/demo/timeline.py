"""Daily volumes and rates of the demo province: weekly and seasonal cycles, Tết, the 100-day campaign."""

from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from chiso.domain.calendar import WorkCalendar

START = date(2024, 1, 1)
END = date(2025, 12, 31)
CAMPAIGN = (date(2024, 3, 22), date(2024, 6, 29))  # Kế hoạch 629/KH-UBND, Gia Lai
MONTH_FACTOR = np.array([1.15, 0.85, 1.0, 1.0, 0.95, 1.0, 1.05, 1.0, 0.95, 1.0, 1.05, 1.15])

Floats = npt.NDArray[np.float64]


def days() -> list[date]:
    return [START + timedelta(days=i) for i in range((END - START).days + 1)]


def day_weights(cal: WorkCalendar, span: list[date]) -> Floats:
    """Expected share of the period's dossiers received each day."""
    work = np.array([cal.is_workday(d) for d in span], dtype=float)
    weekday = np.array([d.weekday() for d in span])
    month = np.array([d.month for d in span])
    year = np.array([d.year for d in span])
    weekly = np.where(weekday == 0, 1.15, np.where(weekday == 4, 0.9, 1.0))
    weights = work * weekly + (1 - work) * 0.03  # online submissions arrive on days off too
    out: Floats = weights * MONTH_FACTOR[month - 1] * np.where(year == 2025, 1.08, 1.0)
    return out


def campaign_progress(span: list[date]) -> Floats:
    """0 before the campaign, rising to 1 at its end, then staying, and rising further in 2025."""
    start, end = CAMPAIGN
    out = np.zeros(len(span))
    for i, d in enumerate(span):
        if d < start:
            out[i] = 0.0
        elif d <= end:
            out[i] = (d - start).days / (end - start).days
        else:
            out[i] = 0.9 + 0.3 * min(1.0, (d - end).days / 550)
    return out


def rate(progress: Floats, before: float, after: float) -> Floats:
    return before + (after - before) * progress
