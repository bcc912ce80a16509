"""The checks a project card must pass, on plain data (no ORM): the form shows their
messages beside the fields, and the service refuses the same things from any other caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

# Budget years a card may plan for (beyond this the year is surely mistyped).
YEAR_MIN = 2000
YEAR_MAX = 2100
SOURCES = ("own", "local", "county", "national", "eu", "private")


def dates_error(start: dt.date | None, end: dt.date | None) -> str | None:
    if start and end and end < start:
        return _("The end cannot be before the start.")
    return None


def budget_line_errors(
    line: dict, *, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, str]:
    """Messages for one budget line, by field; empty when it is fine."""
    errors: dict[str, str] = {}
    planned, secured, year = line.get("planned"), line.get("secured"), line.get("year")
    if planned is not None and planned < 0:
        errors["planned"] = _("The amount cannot be negative.")
    if secured is not None and secured < 0:
        errors["secured"] = _("The amount cannot be negative.")
    elif planned is not None and secured is not None and secured > planned:
        errors["secured"] = _("The secured amount cannot be more than the planned amount.")
    if year is not None:
        if not YEAR_MIN <= year <= YEAR_MAX:
            errors["year"] = _("Give a year between %(first)s and %(last)s.") % {
                "first": YEAR_MIN,
                "last": YEAR_MAX,
            }
        elif (start and year < start.year) or (end and year > end.year):
            errors["year"] = _(
                "The year is outside the project's timeline (%(first)s–%(last)s)."
            ) % {
                "first": start.year if start else "…",
                "last": end.year if end else "…",
            }
    if line.get("source") not in SOURCES:
        errors["source"] = _("Choose a source from the list.")
    return errors


def card_errors(
    *,
    start: dt.date | None,
    end: dt.date | None,
    budget_lines: Sequence[dict],
    budget_total: Decimal | None = None,
    milestones: Sequence[dict] = (),
    indicators: Sequence[dict] = (),
) -> dict[str, list[str]]:
    """Every reason to refuse the card, by field (`budget_lines` etc. for the child rows)."""
    errors: dict[str, list[str]] = {}
    message = dates_error(start, end)
    if message:
        errors["end_date"] = [message]
    if budget_total is not None and budget_total < 0:
        errors["budget_total"] = [_("The amount cannot be negative.")]
    for line in budget_lines:
        for text in budget_line_errors(line, start=start, end=end).values():
            errors.setdefault("budget_lines", []).append(text)
    seen = set()
    for line in budget_lines:
        key = (line.get("year"), line.get("source"))
        if key in seen:
            errors.setdefault("budget_lines", []).append(
                _("Each source appears once per year: merge the lines of %(year)s.")
                % {"year": key[0]}
            )
        seen.add(key)
    for milestone in milestones:
        if not milestone.get("name"):
            errors.setdefault("milestones", []).append(_("Give each milestone a name."))
    for indicator in indicators:
        target = indicator.get("target")
        if target is not None and target < 0:
            errors.setdefault("indicators", []).append(_("A target cannot be negative."))
    return errors
