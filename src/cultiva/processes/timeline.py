"""A process's phases drawn as a timeline: an inline SVG made on the server, no JavaScript.

Plain data in, markup out (no database): the management page shows it above the phases' table,
which carries the same dates as text. Colours are SVG presentation attributes, not style
attributes, which the Content-Security-Policy would refuse.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TEXT_COLOUR = "#1d2329"
GRID_COLOUR = "#d6d0c4"
TODAY_COLOUR = "#7a2e1f"
# One colour per phase kind, each dark enough for white text-free bars on a light page.
KIND_COLOURS = {
    "workshops": "#2f5d8a",
    "submission": "#7a2e1f",
    "synthesis": "#5b4a8b",
    "portfolio": "#2e6b4f",
    "strategy": "#8a5a12",
    "consultation": "#1f6f78",
    "conference": "#8b2f5b",
    "monitoring": "#4a5560",
}

_ids = itertools.count(1)


@dataclass(frozen=True)
class TimelineBar:
    label: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date


def timeline_svg(
    *,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    bars: Sequence[TimelineBar],
    today: dt.date | None = None,
    width: int = 720,
    row_height: int = 28,
) -> SafeString:
    chart_id = f"timeline-{next(_ids)}"
    label_width = min(max((len(bar.label) for bar in bars), default=8) * 8 + 16, width // 3)
    plot_width = width - label_width - 8
    top = 26
    height = top + max(len(bars), 1) * row_height + 10
    total_days = max((ends_on - starts_on).days + 1, 1)

    def x_of(day: dt.date) -> float:
        offset = min(max((day - starts_on).days, 0), total_days)
        return round(label_width + plot_width * offset / total_days, 1)

    description = "; ".join(
        f"{bar.label}: {date_format(bar.starts_on, 'SHORT_DATE_FORMAT')} – "
        f"{date_format(bar.ends_on, 'SHORT_DATE_FORMAT')}"
        for bar in bars
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart fluid timeline" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<text x="{label_width}" y="16" fill="{TEXT_COLOUR}" font-size="13">'
        f"{escape(date_format(starts_on, 'SHORT_DATE_FORMAT'))}</text>",
        f'<text x="{width - 8}" y="16" text-anchor="end" fill="{TEXT_COLOUR}" font-size="13">'
        f"{escape(date_format(ends_on, 'SHORT_DATE_FORMAT'))}</text>",
        f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{height - 6}" '
        f'stroke="{GRID_COLOUR}" />',
        f'<line x1="{width - 8}" y1="{top - 4}" x2="{width - 8}" y2="{height - 6}" '
        f'stroke="{GRID_COLOUR}" />',
    ]
    for index, bar in enumerate(bars):
        y = top + index * row_height
        left = x_of(bar.starts_on)
        right = x_of(bar.ends_on + dt.timedelta(days=1))
        parts.append(
            f'<text x="{label_width - 6}" y="{y + row_height / 2}" text-anchor="end" '
            f'dominant-baseline="middle" fill="{TEXT_COLOUR}" font-size="13">'
            f"{escape(bar.label)}</text>"
        )
        parts.append(
            f'<rect class="timeline-bar kind-{escape(bar.kind)}" x="{left}" y="{y + 4}" '
            f'width="{max(right - left, 2)}" height="{row_height - 8}" rx="3" '
            f'fill="{KIND_COLOURS.get(bar.kind, TEXT_COLOUR)}" />'
        )
    if today is not None and starts_on <= today <= ends_on:
        x = x_of(today)
        parts.append(
            f'<line class="timeline-today" x1="{x}" y1="{top - 4}" x2="{x}" y2="{height - 6}" '
            f'stroke="{TODAY_COLOUR}" stroke-dasharray="4 3" />'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
