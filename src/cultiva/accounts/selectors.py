"""Reads of organisations and people."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from cultiva.accounts.models import Organisation


def organisation_list(
    *,
    settlement_id: int | None = None,
    sector: str | None = None,
    query: str | None = None,
    verified: bool = False,
) -> QuerySet[Organisation]:
    """The directory: merged duplicates left out (their page leads to the one kept)."""
    organisations = (
        Organisation.objects.filter(merged_into__isnull=True)
        .select_related("sector", "settlement__micro_region")
        .prefetch_related("domains")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("id")
    )
    if verified:
        organisations = organisations.filter(verified_at__isnull=False)
    if settlement_id:
        organisations = organisations.filter(settlement_id=settlement_id)
    if sector:
        organisations = organisations.filter(sector__slug=sector)
    if query:
        # Search inside each language's text (a key lookup reads the decoded string, so
        # accented letters match on SQLite too, where the raw JSON holds \u escapes).
        matches = Q()
        for code in settings.CONTENT_LANGUAGES:
            matches |= Q(**{f"name__{code}__icontains": query})
        organisations = organisations.filter(matches | Q(short_name__icontains=query))
    return organisations


def organisation_detail(*, pk: int) -> Organisation:
    return (
        Organisation.objects.select_related("sector", "settlement__micro_region")
        .prefetch_related("domains", "memberships__user")
        .get(pk=pk)
    )


def person_memberships(*, person) -> QuerySet:
    """The organisations a person belongs to, for their profile (one query)."""
    from cultiva.accounts.models import Membership

    return (
        Membership.objects.filter(user=person)
        .select_related("organisation__settlement")
        .order_by("organisation_id")
    )
