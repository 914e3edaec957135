"""Server-side SVG charts for the analysis pages: a bar chart and a line chart.

Charts are drawn here, in Python, so that they need no JavaScript, print as they look, and can
be tested as text. Each is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` (the
accessible name and description); every bar and point carries its number as visible text, and
the two periods compared differ in shape (solid bar or hatched, round or square point, solid or
dashed line), not in colour only. Labels come in already translated: the caller (a template)
knows the reader's language. The tile map of the provinces is in web.admin.charts_map.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

INK = "#1d2430"
MUTED = "#5b6472"
GRID = "#d4d9e1"
CURRENT = "#1f4e8c"
PREVIOUS = "#8a5a00"
_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    previous: int | None = None  # the same group in the period before, when compared
    full_label: str = ""  # the whole name, for the tooltip, when ``label`` is shortened


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int | None]  # None: not yet (the months to come this year)
    previous: bool = False  # drawn dashed with square points


def number(value: float) -> str:
    """Thousands separated by a thin space: readable in English and Khmer alike."""
    return f"{value:,.0f}".replace(",", "\u202f")


def quantity(value: str | Decimal) -> str:
    """A quantity to at most three places (grams, in kilograms), thousands separated."""
    exact = Decimal(value)
    if exact != exact.quantize(Decimal("0.001")):
        exact = exact.quantize(Decimal("0.001"))
    whole, _, places = f"{exact:f}".partition(".")
    places = places.rstrip("0")
    return number(int(whole)) + (f".{places}" if places else "")


def change_text(value: int, previous: int | None) -> str:
    if not previous:
        return ""
    change = round((value - previous) * 100 / previous)
    return f"{'+' if change > 0 else ''}{change}%"


def nice_ceiling(top: float, ticks: int = 4) -> tuple[int, int]:
    """An axis maximum at least ``top`` and its step: a 1, 2 or 5 times a power of ten."""
    top = max(top, 1)
    raw = top / ticks
    magnitude = 1
    while magnitude * 10 <= raw:
        magnitude *= 10
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1)
    return int(-(-top // step) * step), int(step)


def svg_open(width: int, height: int, title: str, desc: str, kind: str) -> tuple[str, list[str]]:
    ident = f"chart-{next(_ids)}"
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{ident}-t {ident}-d" '
        f'data-chart="{kind}">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
    ]
    return ident, head


def _legend_item(x: float, y: float, swatch: str, label: str) -> str:
    return (
        f'<g class="legend-item">{swatch}<text x="{x + 22}" y="{y + 11}">{escape(label)}</text></g>'
    )


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    desc: str,
    current_label: str,
    previous_label: str | None = None,
    empty_label: str = "",
    label_width: int = 170,
    bar_width: int = 420,
) -> Markup:
    """Horizontal bars, largest scale first as given; with ``previous_label``, each group has a
    hatched bar for the period before and the change beside the current value."""
    value_width = 100
    compare = previous_label is not None
    row = 34 if compare else 24
    top = 34
    width = label_width + bar_width + value_width
    height = top + max(len(bars), 1) * row + 8
    ident, out = svg_open(width, height, title, desc, "bar-chart")
    out.append(
        f'<defs><pattern id="{ident}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{PREVIOUS}" stroke-width="3"/></pattern></defs>'
    )
    solid = f'<rect x="{label_width}" y="6" width="16" height="12" fill="{CURRENT}"/>'
    out.append(_legend_item(label_width, 6, solid, current_label))
    if compare:
        hatched = (
            f'<rect x="{label_width + 100}" y="6" width="16" height="12" '
            f'fill="url(#{ident}-hatch)" stroke="{PREVIOUS}"/>'
        )
        out.append(_legend_item(label_width + 100, 6, hatched, previous_label or ""))
    if not bars:
        out.append(
            f'<text x="{label_width}" y="{top + 16}" fill="{MUTED}">{escape(empty_label)}</text>'
        )
    scale_top = max([b.value for b in bars] + [b.previous or 0 for b in bars] + [1])
    for index, bar in enumerate(bars):
        y = top + index * row
        length = bar_width * bar.value / scale_top
        said = f"{bar.full_label or bar.label}: {number(bar.value)}"
        if compare:
            said += f" ({previous_label}: {number(bar.previous or 0)})"
        out.append(f'<g class="bar" data-label="{escape(bar.label)}" data-value="{bar.value}">')
        out.append(f"<title>{escape(said)}</title>")
        out.append(
            f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end" fill="{INK}">'
            f"{escape(bar.label)}</text>"
        )
        out.append(
            f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="14" fill="{CURRENT}"/>'
        )
        shown = number(bar.value)
        change = change_text(bar.value, bar.previous) if compare else ""
        if change:
            shown += f" ({change})"
        out.append(
            f'<text class="value" x="{label_width + length + 5:.1f}" y="{y + 13}" '
            f'font-weight="600" fill="{INK}">{escape(shown)}</text>'
        )
        if compare:
            before = bar.previous or 0
            length = bar_width * before / scale_top
            out.append(
                f'<rect x="{label_width}" y="{y + 19}" width="{length:.1f}" height="9" '
                f'fill="url(#{ident}-hatch)" stroke="{PREVIOUS}" stroke-width="0.8"/>'
            )
            out.append(
                f'<text x="{label_width + length + 5:.1f}" y="{y + 28}" font-size="11" '
                f'fill="{MUTED}">{number(before)}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


def _point(x: float, y: float, previous: bool) -> str:
    if previous:
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{PREVIOUS}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{CURRENT}"/>'


def line_chart(
    x_labels: Sequence[str], series: Sequence[Series], *, title: str, desc: str
) -> Markup:
    """Lines over the same x positions (months); the first non-previous series has its values
    written above its points, the others are read from the table beside the chart."""
    left, right, top, bottom = 48, 16, 40, 34
    plot_width, plot_height = 640, 220
    width, height = left + plot_width + right, top + plot_height + bottom
    _, out = svg_open(width, height, title, desc, "line-chart")
    ceiling, step = nice_ceiling(max([v or 0 for s in series for v in s.values] + [1]))
    columns = max(len(x_labels), 1)
    gap = plot_width / columns

    def x_of(i: int) -> float:
        return left + gap * (i + 0.5)

    def y_of(v: float) -> float:
        return top + plot_height - plot_height * v / ceiling

    for tick in range(0, ceiling + 1, step):
        y = y_of(tick)
        out.append(
            f'<line x1="{left}" x2="{left + plot_width}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{MUTED}">{number(tick)}</text>'
        )
    for i, label in enumerate(x_labels):
        out.append(
            f'<text x="{x_of(i):.1f}" y="{top + plot_height + 20}" text-anchor="middle" '
            f'font-size="12" fill="{INK}">{escape(label)}</text>'
        )
    legend_x = left
    for s in series:
        colour = PREVIOUS if s.previous else CURRENT
        dash = ' stroke-dasharray="6 4"' if s.previous else ""
        swatch = (
            f'<line x1="{legend_x}" x2="{legend_x + 16}" y1="14" y2="14" stroke="{colour}" '
            f'stroke-width="2.5"{dash}/>{_point(legend_x + 8, 14, s.previous)}'
        )
        out.append(_legend_item(legend_x, 3, swatch, s.name))
        legend_x += 150
    labelled = next((s for s in series if not s.previous), None)
    for s in series:
        colour = PREVIOUS if s.previous else CURRENT
        dash = ' stroke-dasharray="6 4"' if s.previous else ""
        points = " ".join(
            f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(s.values) if v is not None
        )
        out.append(f'<g class="series" data-series="{escape(s.name)}">')
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'
        )
        for i, v in enumerate(s.values):
            if v is None:
                continue
            label = x_labels[i] if i < len(x_labels) else str(i + 1)
            out.append(
                f'<g class="point" data-value="{v}"><title>{escape(s.name)} · {escape(label)}: '
                f"{number(v)}</title>{_point(x_of(i), y_of(v), s.previous)}</g>"
            )
            if s is labelled:
                out.append(
                    f'<text class="value" x="{x_of(i):.1f}" y="{y_of(v) - 9:.1f}" '
                    f'text-anchor="middle" font-size="12" font-weight="600" fill="{INK}">'
                    f"{number(v)}</text>"
                )
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))
