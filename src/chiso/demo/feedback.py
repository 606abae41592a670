"""Synthetic citizen feedback (PAKN) of the demo province."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chiso.demo.dossiers import DATA_END, as_text, office_minutes, timestamps
from chiso.demo.timeline import days


def generate_feedback(rng: np.random.Generator, unit_codes: list[str], total: int = 5000) -> pa.Table:
    span = np.array(days(), dtype="datetime64[D]")
    day = span[rng.integers(0, len(span), total)]
    received = timestamps(day, office_minutes(rng, total))
    transferred = received + (rng.integers(0, 4, total) * 86400).astype("timedelta64[s]")
    has_transfer = rng.random(total) < 0.6
    base = np.where(has_transfer, transferred, received)
    answer_days = np.where(rng.random(total) < 0.8, rng.integers(1, 20, total), rng.integers(20, 45, total))
    answered = base + (answer_days * 86400).astype("timedelta64[s]")
    has_answer = answered <= DATA_END
    category = rng.choice(["procedure", "staff", "other"], total, p=[0.6, 0.15, 0.25])
    rating = rng.choice(["liked", "disliked", "complaint"], total, p=[0.55, 0.4, 0.05])
    rated = has_answer & (rng.random(total) < 0.5)
    units = rng.choice(unit_codes[1:], total)
    ids = pc.binary_join_element_wise(
        "PAKN-", pc.utf8_lpad(pc.cast(pa.array(np.arange(1, total + 1)), pa.string()), 6, "0"), "")
    return pa.table({
        "_line": pa.array(np.arange(2, total + 2)),
        "id": ids,
        "unit": pa.array(units),
        "received_at": as_text(received, np.ones(total, bool)),
        "transferred_at": as_text(transferred, has_transfer),
        "answered_at": as_text(answered, has_answer),
        "category": pa.array(category),
        "rating": pa.array(rating, mask=~rated),
        "repeated": pa.array(np.where(rng.random(total) < 0.05, "1", "0")),
    })

