"""Writes of the funding dashboard: a coordinator publishes or withdraws its aggregates."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cultiva.core.activity import activity_record
from cultiva.funding.models import FundingSettings


@transaction.atomic
def aggregates_publish(*, actor, process, published: bool) -> FundingSettings:
    """Make the dashboard's aggregates public (everyone who sees the process sees them), or
    take them back to the staff and decision-makers."""
    settings, _created = FundingSettings.objects.select_for_update().get_or_create(process=process)
    if settings.aggregates_published == published:
        return settings
    settings.aggregates_published = published
    settings.published_at = timezone.now() if published else None
    settings.save(update_fields=["aggregates_published", "published_at"])
    activity_record(
        actor=actor,
        verb="funding_aggregates_published" if published else "funding_aggregates_unpublished",
        target=settings,
        process=process,
        changes={"aggregates_published": published},
    )
    # The rules read the process's cached settings: keep them in step.
    process.funding_settings = settings
    return settings
