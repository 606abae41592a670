"""Charts of a review as PNG images (matplotlib, Agg backend, fonts shipped with matplotlib: no network)."""

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from chiso.domain.formatting import vn_number
from chiso.reports.review import Review

CM = 1 / 2.54
FONT: Any = {"font.family": "DejaVu Sans", "font.size": 8, "axes.spines.top": False, "axes.spines.right": False}


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def trend_chart(review: Review) -> bytes | None:
    points = [(p, v) for p, v in review.trend if v is not None]
    if len(points) < 2:
        return None
    with plt.rc_context(FONT):
        fig, ax = plt.subplots(figsize=(16 * CM, 6 * CM))
        labels = [f"{p.start.month:02d}/{p.start.year % 100:02d}" for p, _ in points]
        values = [float(v) for _, v in points]
        ax.plot(labels, values, marker="o", color="#b22222", linewidth=1.5)
        for x, y in zip(labels, values, strict=True):
            ax.annotate(vn_number(y, 1), (x, y), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=7)
        ax.set_ylabel("điểm / 100")
        ax.set_ylim(max(0.0, min(values) - 10), min(100.0, max(values) + 8))
        ax.grid(axis="y", alpha=0.3)
        return _png(fig)


def group_chart(review: Review) -> bytes:
    groups = review.headline.score.groups
    names = [review.definition.group(g.code).name_vi for g in groups]
    with plt.rc_context(FONT):
        fig, ax = plt.subplots(figsize=(16 * CM, 5.5 * CM))
        maxima = [float(g.maximum) for g in groups]
        scores = [float(g.score or 0) for g in groups]
        ax.barh(names, maxima, color="#e6e6e6", label="Điểm tối đa")
        ax.barh(names, scores, color="#1f5f9f", label="Điểm đạt")
        for i, (s, m) in enumerate(zip(scores, maxima, strict=True)):
            ax.text(m + 0.3, i, f"{vn_number(s, 2)}/{vn_number(m, 0)}", va="center", fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, max(maxima) * 1.25)
        ax.legend(loc="lower right", fontsize=7, frameon=False)
        return _png(fig)


def ranking_chart(names: Sequence[str], totals: Sequence[float]) -> bytes | None:
    if len(names) < 2:
        return None
    with plt.rc_context(FONT):
        fig, ax = plt.subplots(figsize=(16 * CM, (1.2 + 0.42 * len(names)) * CM))
        ax.barh(list(names), list(totals), color="#1f5f9f")
        for i, v in enumerate(totals):
            ax.text(v + 0.5, i, vn_number(v, 2), va="center", fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, 105)
        ax.set_xlabel("điểm / 100")
        return _png(fig)
