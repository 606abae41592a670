"""Synthetic reported values of the demo province: province-level publication counts (766 group
'Công khai, minh bạch') and the portal's group scores for online service and payment, for every month, quarter,
half, 9 months and year of 2024-2025. Generated monthly, so larger periods add up."""

import numpy as np
import pyarrow as pa

SOURCE = "DỮ LIỆU MÔ PHỎNG / synthetic demo value"
YEARS = (2024, 2025)


def _periods(year: int) -> list[tuple[str, list[int]]]:
    out = [(f"{year}-{m:02d}", [m]) for m in range(1, 13)]
    out += [(f"{year}-Q{q}", [3 * q - 2, 3 * q - 1, 3 * q]) for q in range(1, 5)]
    out += [(f"{year}-H1", list(range(1, 7))), (f"{year}-H2", list(range(7, 13))),
            (f"{year}-9M", list(range(1, 10))), (f"{year}", list(range(1, 13)))]
    return out


def generate_reported(rng: np.random.Generator, province: str) -> pa.Table:
    rows: list[tuple[str, str, str, str, str]] = []  # indicator, period, numerator, denominator, value
    for year in YEARS:
        step = year - YEARS[0]
        published = rng.integers(4, 30, 12)
        on_time = np.minimum(published, np.round(published * rng.uniform(0.2, 0.6 + 0.2 * step, 12)).astype(int))
        public_ok = np.minimum(published, np.round(published * rng.uniform(0.85, 1.0, 12)).astype(int))
        full = np.minimum(published, np.round(published * rng.uniform(0.9, 1.0, 12)).astype(int))
        for label, months in _periods(year):
            idx = [m - 1 for m in months]
            den = int(published[idx].sum())
            rows.append(("PUBLISH_ON_TIME", label, str(int(on_time[idx].sum())), str(den), ""))
            rows.append(("PUBLIC_UPDATE_ON_TIME", label, str(int(public_ok[idx].sum())), str(den), ""))
            rows.append(("PUBLIC_CONTENT_FULL", label, str(int(full[idx].sum())), str(den), ""))
            rows.append(("ELECTRONIC_CERTIFIED_COPY", label, "0", "0", ""))
            connected = 300 + 60 * step + max(months) * 4
            rows.append(("CITIZEN_DATA_CONNECTED_FORMALITY", label, str(connected), "1346", ""))
            online = 7.2 + 1.1 * step + 0.08 * max(months) + rng.uniform(-0.3, 0.3)
            payment = 5.4 + 0.9 * step + 0.06 * max(months) + rng.uniform(-0.3, 0.3)
            rows.append(("ONLINE_SERVICE", label, "", "", f"{min(online, 12):.2f}".replace(".", ",")))
            rows.append(("PAYMENT", label, "", "", f"{min(payment, 10):.2f}".replace(".", ",")))
    return pa.table({
        "_line": pa.array(range(2, len(rows) + 2), pa.int64()),
        "indicator": [r[0] for r in rows], "unit": [province] * len(rows), "period": [r[1] for r in rows],
        "numerator": [r[2] for r in rows], "denominator": [r[3] for r in rows], "value": [r[4] for r in rows],
        "source": [SOURCE] * len(rows),
    })
