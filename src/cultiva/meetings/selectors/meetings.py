"""Reads of meetings, speakers and the programme, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cultiva.core.queries import count_of
from cultiva.ideas.models import Contribution
from cultiva.meetings.models import AgendaItem, Meeting, Registration, Speaker
from cultiva.meetings.rules import visible_meetings_q


def meeting_list(
    *, user, process, kind: str | None = None, when: str | None = None, month=None
) -> QuerySet[Meeting]:
    """The meetings of a process this user may see; `when` is "upcoming" or "past"."""
    meetings = (
        Meeting.objects.filter(process=process)
        .filter(visible_meetings_q(user, process))
        .select_related("settlement", "process")
        .prefetch_related("domains", "speakers")
        .annotate(
            contribution_count=count_of(
                Contribution.objects.filter(status__in=["submitted", "in_portfolio"]),
                parent_field="meeting",
            ),
            confirmed_count=count_of(
                Registration.objects.filter(status=Registration.Status.CONFIRMED),
                parent_field="meeting",
            ),
        )
        .order_by("starts_at", "id")
    )
    if kind:
        meetings = meetings.filter(kind=kind)
    now = timezone.now()
    if when == "upcoming":
        meetings = meetings.filter(ends_at__gte=now)
    elif when == "past":
        meetings = meetings.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    if month is not None:
        start = timezone.make_aware(dt.datetime(month.year, month.month, 1))
        end = timezone.make_aware(
            dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 1)
        )
        meetings = meetings.filter(starts_at__lt=end, ends_at__gte=start)
    return meetings


def meeting_detail(*, pk: int) -> Meeting:
    agenda = AgendaItem.objects.prefetch_related("speakers").order_by("starts_at", "id")
    return (
        Meeting.objects.select_related("settlement", "process")
        .prefetch_related(
            "domains",
            Prefetch("agenda_items", queryset=agenda),
            Prefetch("speakers", queryset=Speaker.objects.select_related("organisation")),
        )
        .get(pk=pk)
    )


def speaker_detail(*, process, pk: int) -> Speaker:
    """The process's speaker (Speaker.DoesNotExist for another process's)."""
    return (
        Speaker.objects.filter(process=process)
        .select_related("organisation", "person")
        .prefetch_related("expertise")
        .get(pk=pk)
    )


def speaker_meetings(*, user, speaker: Speaker, process) -> QuerySet[Meeting]:
    """Meetings of the process where the speaker appears, on the bill or in the agenda."""
    return (
        Meeting.objects.filter(process=process)
        .filter(visible_meetings_q(user, process))
        .filter(Q(speakers=speaker) | Q(agenda_items__speakers=speaker))
        .select_related("settlement")
        .distinct()
        .order_by("starts_at")
    )


def speaker_list(*, user, process) -> QuerySet[Speaker]:
    visible = Meeting.objects.filter(process=process).filter(visible_meetings_q(user, process))
    return (
        Speaker.objects.filter(process=process)
        .filter(Q(meetings__in=visible) | Q(agenda_items__meeting__in=visible))
        .select_related("organisation")
        .prefetch_related("expertise")
        .distinct()
        .order_by("full_name", "id")
    )
