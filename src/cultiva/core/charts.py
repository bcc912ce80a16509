"""Small charts drawn on the server as inline SVG. No JavaScript, no database.

Each chart is an image with a title and a text description for screen readers
(role="img", aria-labelledby); pages show the same numbers in a data table next to it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOUR = "#7a2e1f"  # the brand colour; 8:1 contrast on white
TEXT_COLOUR = "#1d2329"
GRID_COLOUR = "#d6d0c4"

_ids = itertools.count(1)


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    description: str = "",
    width: int = 480,
    bar_height: int = 26,
) -> SafeString:
    """A horizontal bar chart: one bar per label, its value written at the bar's end.

    Horizontal bars keep long labels readable on a phone. The SVG has its natural size and
    shrinks to a narrower container (viewBox, the `fluid` class in cultiva.css: no style
    attribute, which the Content-Security-Policy would refuse).
    """
    if len(labels) != len(values):
        raise ValueError("labels and values must have the same length")
    chart_id = f"chart-{next(_ids)}"
    if not description:
        description = "; ".join(
            f"{label}: {_number(value)}" for label, value in zip(labels, values, strict=True)
        )
    label_width = min(max((len(str(label)) for label in labels), default=4) * 8 + 12, width // 3)
    value_width = 48
    plot_width = width - label_width - value_width
    top = 8
    gap = 8
    height = top * 2 + len(labels) * (bar_height + gap)
    largest = max((float(value) for value in values), default=0) or 1

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart fluid" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - top}" '
        f'stroke="{GRID_COLOUR}" />',
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * (bar_height + gap)
        bar = round(plot_width * float(value) / largest, 1) if value else 0
        middle = y + bar_height / 2
        parts.append(
            f'<text x="{label_width - 6}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle" fill="{TEXT_COLOUR}" font-size="14">'
            f"{escape(label)}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{bar}" height="{bar_height}" '
            f'fill="{BAR_COLOUR}" rx="2" />'
        )
        parts.append(
            f'<text x="{label_width + bar + 6}" y="{middle}" dominant-baseline="middle" '
            f'fill="{TEXT_COLOUR}" font-size="14">{escape(_number(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
