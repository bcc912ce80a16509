"""Plain checks of a call's terms, shared by the call pages and the import (no ORM).

`call_terms_problems(terms, labels=None)` returns {field: [translated messages]}; every
message names the field it is about. `call_terms_check` raises a ValidationError keyed by
field when any term is wrong. The terms are a plain dict (the keys of `funding.models.Call`,
plus `deadlines`: a list of dates or datetimes); missing keys are not checked.

Own contribution and funding rate: a call may ask for at least X % own contribution and pay
at most Y % of the costs. When X + Y exceeds 100 the two cannot both be reached (with 30 %
own contribution the funder pays at most 70 %, never 90 %): that is refused as a
contradiction. X + Y below 100 is fine (the rest may come from other sources).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CURRENCIES = ("RON", "EUR", "HUF")
PERCENT_FIELDS = ("own_contribution_min_pct", "funding_rate_max_pct")
AMOUNT_FIELDS = ("min_amount", "max_amount", "total_budget")
AMOUNT_LIMIT = Decimal("99999999999999")  # 16 digits, 2 decimals


def field_labels() -> dict[str, str]:
    """The fields' names as the reader sees them (the call's model labels)."""
    return {
        "min_amount": gettext_lazy("minimum amount"),
        "max_amount": gettext_lazy("maximum amount"),
        "total_budget": gettext_lazy("total budget"),
        "currency": gettext_lazy("currency"),
        "own_contribution_min_pct": gettext_lazy("minimum own contribution (%)"),
        "funding_rate_max_pct": gettext_lazy("maximum funding rate (%)"),
        "own_contribution_forms": gettext_lazy("what may count as own contribution"),
        "legal_forms": gettext_lazy("legal forms admitted"),
        "opens_on": gettext_lazy("opens on"),
        "deadlines": gettext_lazy("deadline"),
        "implementation_start": gettext_lazy("implementation from"),
        "implementation_end": gettext_lazy("implementation until"),
        "partners_min": gettext_lazy("minimum partners"),
        "countries_min": gettext_lazy("minimum countries"),
        "duration_max_months": gettext_lazy("maximum duration (months)"),
    }


def _legal_forms() -> set[str]:
    from cultiva.accounts.models import Organisation

    return set(Organisation.LegalForm.values)


def _contribution_forms() -> set[str]:
    from cultiva.funding.models import OwnContributionForm

    return set(OwnContributionForm.values)


def _decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        number = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        return "bad"
    if not number.is_finite():
        return "bad"
    return number


def _day(value):
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def call_terms_problems(terms: dict, labels: dict | None = None) -> dict[str, list[str]]:
    """Every problem of the terms, by field. Empty: the terms are coherent."""
    labels = {**field_labels(), **(labels or {})}
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str, **values) -> None:
        problems.setdefault(field, []).append(
            capfirst(message % {"field": labels[field], **values})
        )

    numbers = {}
    for field in (*AMOUNT_FIELDS, *PERCENT_FIELDS):
        if field not in terms:
            continue
        number = _decimal(terms[field])
        if number == "bad":
            add(field, _("%(field)s: “%(value)s” is not a number."), value=terms[field])
            continue
        if number is None:
            continue
        if field in PERCENT_FIELDS and not (0 <= number <= 100):
            add(field, _("%(field)s must be between 0 and 100, not %(value)s."), value=number)
            continue
        if field in AMOUNT_FIELDS and number < 0:
            add(field, _("%(field)s cannot be negative (%(value)s)."), value=number)
            continue
        if field in AMOUNT_FIELDS and number > AMOUNT_LIMIT:
            add(field, _("%(field)s is too large (%(value)s)."), value=number)
            continue
        numbers[field] = number
    low, high = numbers.get("min_amount"), numbers.get("max_amount")
    if low is not None and high is not None and low > high:
        add(
            "min_amount",
            _("%(field)s (%(low)s) is above the maximum amount (%(high)s)."),
            low=low,
            high=high,
        )
    own, rate = numbers.get("own_contribution_min_pct"), numbers.get("funding_rate_max_pct")
    if own is not None and rate is not None and own + rate > 100:
        add(
            "funding_rate_max_pct",
            _(
                "%(field)s (%(rate)s %%) contradicts the minimum own contribution of %(own)s %%: "
                "the funder can pay at most %(most)s %%."
            ),
            rate=rate,
            own=own,
            most=100 - own,
        )
    if "currency" in terms:
        currency = (terms.get("currency") or "").strip().upper()
        if not currency:
            add("currency", _("%(field)s is missing."))
        elif currency not in CURRENCIES:
            add(
                "currency",
                _("%(field)s: unknown currency “%(value)s”; use one of %(choices)s."),
                value=terms.get("currency"),
                choices=", ".join(CURRENCIES),
            )
    for field in ("partners_min", "countries_min", "duration_max_months"):
        value = terms.get(field)
        if value in (None, ""):
            continue
        try:
            count = int(value)
        except (TypeError, ValueError):
            add(field, _("%(field)s: “%(value)s” is not a whole number."), value=value)
            continue
        if count < 0 or count > 1000:
            add(field, _("%(field)s must be between 0 and 1000, not %(value)s."), value=count)
    opens = _day(terms.get("opens_on"))
    for due in terms.get("deadlines") or ():
        day = _day(due)
        if opens is not None and day is not None and day < opens:
            add(
                "deadlines",
                _("%(field)s %(due)s is before the call opens (%(opens)s)."),
                due=day.isoformat(),
                opens=opens.isoformat(),
            )
    start = _day(terms.get("implementation_start"))
    end = _day(terms.get("implementation_end"))
    if start is not None and end is not None and end < start:
        add(
            "implementation_end",
            _("%(field)s (%(end)s) is before the implementation starts (%(start)s)."),
            end=end.isoformat(),
            start=start.isoformat(),
        )
    if terms.get("legal_forms"):
        known = _legal_forms()
        for value in terms["legal_forms"]:
            if value not in known:
                add(
                    "legal_forms",
                    _("%(field)s: unknown legal form “%(value)s”; use one of %(choices)s."),
                    value=value,
                    choices=", ".join(sorted(known)),
                )
    if terms.get("own_contribution_forms"):
        known = _contribution_forms()
        for value in terms["own_contribution_forms"]:
            if value not in known:
                add(
                    "own_contribution_forms",
                    _("%(field)s: unknown form “%(value)s”; use one of %(choices)s."),
                    value=value,
                    choices=", ".join(sorted(known)),
                )
    return problems


def call_terms_check(terms: dict, labels: dict | None = None) -> None:
    """Raise ValidationError({field: messages}) when any term is wrong."""
    problems = call_terms_problems(terms, labels)
    if problems:
        raise ValidationError(problems)
