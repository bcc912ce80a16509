from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from cultiva.ideas.selectors import contribution_list
from cultiva.meetings.models import Meeting
from cultiva.meetings.rules import can_view_meeting
from cultiva.meetings.selectors import meeting_detail
from cultiva.processes.views import get_visible_process


def meeting_view(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    try:
        meeting = meeting_detail(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    if meeting.process_id != process.pk or not can_view_meeting(request.user, meeting):
        raise Http404
    contributions = contribution_list(user=request.user, process=process).filter(meeting=meeting)
    return render(
        request,
        "meetings/detail.html",
        {"process": process, "meeting": meeting, "contributions": contributions},
    )
