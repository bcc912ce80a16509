"""Reads of meeting minutes, their revisions, and the contributions gathered at a meeting."""

from __future__ import annotations

from django.db.models import QuerySet

from cultiva.ideas.models import Contribution
from cultiva.ideas.selectors import contribution_list
from cultiva.meetings.models import Meeting, Minutes, MinutesRevision


def minutes_for_meeting(*, meeting: Meeting) -> Minutes | None:
    """The meeting's minutes, or None when nobody has written any yet."""
    minutes = Minutes.objects.select_related("updated_by").filter(meeting=meeting).first()
    if minutes is not None:
        minutes.meeting = meeting
    return minutes


def minutes_revisions(*, minutes: Minutes) -> QuerySet[MinutesRevision]:
    return (
        MinutesRevision.objects.filter(minutes=minutes)
        .select_related("author")
        .defer("body")
        .order_by("-number")
    )


def minutes_revision(*, minutes: Minutes, number: int) -> MinutesRevision:
    return MinutesRevision.objects.select_related("author").get(minutes=minutes, number=number)


def meeting_contributions(*, user, meeting: Meeting) -> QuerySet[Contribution]:
    """The contributions gathered at the meeting that this user may see (ideas issue link)."""
    return contribution_list(user=user, process=meeting.process).filter(meeting=meeting)
