"""Plain calendar arithmetic for the programme's month view and the iCalendar feeds."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Day:
    date: dt.date
    in_month: bool
    events: list = field(default_factory=list)


def month_grid(year: int, month: int, events: Iterable, *, date_of) -> list[list[Day]]:
    """Weeks (Monday first) of the month; each day lists the events whose date_of(e) it is."""
    by_day = defaultdict(list)
    for event in events:
        by_day[date_of(event)].append(event)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(d, d.month == month, by_day.get(d, [])) for d in week] for week in weeks]


def parse_month(value: str | None, default: dt.date) -> dt.date:
    """'2027-03' → date(2027, 3, 1); anything else → the default's month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 1900 <= year <= 2200 and 1 <= month <= 12:
            return dt.date(year, month, 1)
    except ValueError:
        pass
    return default.replace(day=1)


def shift_month(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
