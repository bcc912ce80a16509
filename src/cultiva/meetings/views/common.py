"""What every meeting page starts with: the meeting, if this person may see it."""

from __future__ import annotations

from django.http import Http404

from cultiva.meetings import rules
from cultiva.meetings.models import Meeting
from cultiva.meetings.selectors.meetings import meeting_detail
from cultiva.processes.views import get_visible_process


def meeting_in_process(request, process, pk: int, *, detailed: bool = False) -> Meeting:
    """The process's meeting, or 404 when it does not exist or is hidden from this user.

    `detailed` also loads the agenda and speakers, for the meeting's own page.
    """
    try:
        if detailed:
            meeting = meeting_detail(pk=pk)
        else:
            meeting = Meeting.objects.select_related("process", "settlement").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    if meeting.process_id != process.pk or not rules.can_view_meeting(request.user, meeting):
        raise Http404
    meeting.process = process
    return meeting


def visible_meeting(request, slug: str, pk: int, *, detailed: bool = False) -> Meeting:
    process = get_visible_process(request, slug)
    return meeting_in_process(request, process, pk, detailed=detailed)
