"""Interactive charts as inline SVG: hover shows the value (<title>), a click follows the drill-down link.

No script and no asset from outside: works on an isolated network and under a strict Content-Security-Policy
(presentation attributes only, no style attributes).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from chiso.domain.formatting import vn_number

BLUE, RED, GREY = "#1f5f9f", "#b22222", "#d9d9d9"


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None
    href: str = ""
    hover: str = ""


def _link(href: str, body: str, label: str = "") -> str:
    """A linked mark; its label is what a screen reader announces for the link."""
    if not href:
        return body
    named = f" aria-label={quoteattr(label)}" if label else ""
    return f"<a href={quoteattr(href)}{named}>{body}</a>"


def _svg(width: int, height: int, title: str, parts: Sequence[str], linked: bool) -> Markup:
    """A chart with links is a group of links (role="img" may not hold interactive marks); one without is an
    image; both are named by ``title``."""
    role = "group" if linked else "img"
    return Markup(f'<svg class="chart" viewBox="0 0 {width} {height}" role="{role}" aria-label={quoteattr(title)}>'
                  f"<title>{escape(title)}</title>{''.join(parts)}</svg>")


def line_chart(points: Sequence[Point], title: str, height: int = 180, low: float | None = None,
               high: float | None = None, invert: bool = False, decimals: int = 1) -> Markup:
    """A line through ``points``; ``invert`` puts ``low`` at the top (for ranks: 1 is best)."""
    known = [p.value for p in points if p.value is not None]
    if not known:
        return Markup("")
    width, left, bottom, top, right = 640, 40, 24, 16, 30
    lo = low if low is not None else max(0.0, min(known) - 5)
    hi = high if high is not None else max(known) + 5
    span = (hi - lo) or 1.0
    step = (width - left - right) / max(1, len(points) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        share = (v - lo) / span
        return left + i * step, top + (height - top - bottom) * (share if invert else 1 - share)

    coords = [xy(i, p.value) for i, p in enumerate(points) if p.value is not None]
    parts = [f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in coords)}" fill="none" stroke="{RED}" '
             'stroke-width="2"/>']
    for i, p in enumerate(points):
        x = left + i * step
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" font-size="10" text-anchor="middle">{escape(p.label)}</text>')
        if p.value is None:
            continue
        _, y = xy(i, p.value)
        hover = p.hover or f"{p.label}: {vn_number(p.value, 2)}"
        dot = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{RED}"><title>{escape(hover)}</title></circle>'
               f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="10" text-anchor="middle">{vn_number(p.value, decimals)}'
               "</text>")
        shown = vn_number(p.value, decimals)
        parts.append(_link(p.href, dot, f"{p.label}: {shown}" + (f" ({p.hover})" if p.hover else "")))
    for v in (lo, (lo + hi) / 2, hi):
        _, y = xy(0, v)
        parts.append(f'<text x="{left - 6}" y="{y + 3:.1f}" font-size="10" text-anchor="end">{vn_number(v, 0)}</text>'
                     f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GREY}"/>')
    return _svg(width, height, title, parts, any(p.href for p in points))


def bar_chart(points: Sequence[Point], title: str, maximum: float | None = None,
              maxima: Sequence[float] | None = None) -> Markup:
    """Horizontal bars, one per point; ``maxima`` draws each bar's own maximum behind it."""
    if not points:
        return Markup("")
    width, label_w, row = 640, 220, 22
    height = row * len(points) + 8
    top = maximum or max([p.value or 0 for p in points] + list(maxima or [0])) or 1.0
    scale = (width - label_w - 60) / top
    parts = []
    for i, p in enumerate(points):
        y = 4 + i * row
        name = p.label if len(p.label) <= 34 else p.label[:33] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" font-size="11" text-anchor="end">{escape(name)}</text>')
        if maxima is not None:
            parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{maxima[i] * scale:.1f}" height="{row - 6}" '
                         f'fill="{GREY}"/>')
        value = p.value or 0.0
        hover = p.hover or f"{p.label}: {vn_number(value, 2)}"
        bar = (f'<rect x="{label_w}" y="{y + 3}" width="{max(value * scale, 1):.1f}" height="{row - 6}" '
               f'fill="{BLUE}"><title>{escape(hover)}</title></rect>'
               f'<text x="{label_w + value * scale + 4:.1f}" y="{y + 14}" font-size="10">{vn_number(value, 2)}</text>')
        parts.append(_link(p.href, bar, hover))
    return _svg(width, height, title, parts, any(p.href for p in points))
