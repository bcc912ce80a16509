"""Reads of a process's funding catalogue, in a fixed number of queries for any number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from cultiva.core.models import TaxonomyTerm
from cultiva.funding.models import Call, CallDeadline, ExchangeRate, Funder, FunderDomain
from cultiva.funding.money import Rates

UPCOMING, OPEN, CLOSED = "upcoming", "open", "closed"
STATUSES = (OPEN, UPCOMING, CLOSED)


def rates_table(process) -> list[tuple[str, Decimal, dt.date]]:
    """The process's exchange rates: (currency, RON per unit, date), by currency and newest
    date first (so the first row of a currency is its latest rate)."""
    return list(
        ExchangeRate.objects.filter(process=process)
        .order_by("currency", "-valid_on")
        .values_list("currency", "ron_per_unit", "valid_on")
    )


def call_status(opens_on: dt.date | None, deadlines: list[dt.datetime], now: dt.datetime) -> str:
    """upcoming before it opens; closed after its last deadline; open otherwise."""
    if opens_on is not None and opens_on > timezone.localdate(now):
        return UPCOMING
    if deadlines and max(deadlines) < now:
        return CLOSED
    return OPEN


@dataclass
class CallRow:
    call: Call
    status: str
    next_deadline: CallDeadline | None
    funder: Funder


def catalogue_funders(process) -> list[Funder]:
    return list(
        Funder.objects.filter(process=process).prefetch_related(
            Prefetch("domains", queryset=FunderDomain.objects.prefetch_related("terms")),
            "programmes",
        )
    )


def domain_terms() -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(vocabulary="domain").order_by("position"))


def catalogue_rows(
    process,
    *,
    status: str = "",
    funder_id: int | None = None,
    domain_slug: str = "",
    amount_ron: Decimal | None = None,
    now: dt.datetime | None = None,
) -> list[CallRow]:
    """The process's calls with status and next deadline, filtered: status (open/upcoming/
    closed), funder, a Cultiva domain term's slug (calls with no domains admit every domain),
    and an amount in RON the call's range must admit (through the latest exchange rates)."""
    now = now or timezone.now()
    calls = (
        Call.objects.filter(process=process)
        .select_related("programme__funder")
        .prefetch_related(
            "deadlines",
            Prefetch("domains", queryset=FunderDomain.objects.prefetch_related("terms")),
        )
        .order_by("programme__funder__short_name", "programme_id", "code", "pk")
    )
    if funder_id:
        calls = calls.filter(programme__funder_id=funder_id)
    rates = Rates(rates_table(process)) if amount_ron is not None else None
    today = timezone.localdate(now)
    rows = []
    for call in calls:
        deadlines = list(call.deadlines.all())
        row_status = call_status(call.opens_on, [d.due_at for d in deadlines], now)
        if status and row_status != status:
            continue
        if domain_slug:
            slugs = {t.slug for d in call.domains.all() for t in d.terms.all()}
            if call.domains.all() and domain_slug not in slugs:
                continue
        if amount_ron is not None:
            low = rates.in_ron(call.min_amount, call.currency, today)
            high = rates.in_ron(call.max_amount, call.currency, today)
            if (low is not None and amount_ron < low) or (high is not None and amount_ron > high):
                continue
        upcoming = [d for d in deadlines if d.due_at >= now]
        rows.append(
            CallRow(
                call=call,
                status=row_status,
                next_deadline=upcoming[0] if upcoming else None,
                funder=call.programme.funder,
            )
        )
    order = {OPEN: 0, UPCOMING: 1, CLOSED: 2}
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    rows.sort(key=lambda r: (order[r.status], r.next_deadline.due_at if r.next_deadline else far))
    return rows


def call_with_children(process, call_pk: int) -> Call:
    """One call of the process (Call.DoesNotExist when not of this process)."""
    return (
        Call.objects.select_related("programme__funder")
        .prefetch_related("areas", "deadlines", "documents", "domains", "sectors")
        .get(pk=call_pk, process=process)
    )
