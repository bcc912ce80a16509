"""Reads of meetings."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from cultiva.meetings.models import Meeting
from cultiva.meetings.rules import visible_meetings_q


def meeting_list(*, user, process) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(process=process)
        .filter(visible_meetings_q(user, process))
        .select_related("settlement", "process")
        .prefetch_related("domains")
        .annotate(
            contribution_count=Count(
                "contributions", filter=Q(contributions__status__in=["submitted", "in_portfolio"])
            )
        )
        .order_by("starts_at", "id")
    )


def meeting_detail(*, pk: int) -> Meeting:
    return (
        Meeting.objects.select_related("settlement", "process")
        .prefetch_related("domains")
        .get(pk=pk)
    )
