from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from cultiva.ideas.rules import can_submit_contribution
from cultiva.meetings.selectors import meeting_list
from cultiva.processes.models import Process
from cultiva.processes.rules import can_view_process
from cultiva.processes.selectors import process_by_slug
from cultiva.strategy.rules import can_view_strategy
from cultiva.strategy.selectors import current_strategy


def get_visible_process(request, slug: str) -> Process:
    """The process, or 404 when it does not exist or is hidden from this user."""
    try:
        process = process_by_slug(slug=slug)
    except Process.DoesNotExist:
        raise Http404 from None
    if not can_view_process(request.user, process):
        raise Http404
    return process


def process_detail(request, slug: str):
    process = get_visible_process(request, slug)
    strategy = current_strategy(process=process)
    if strategy is not None and not can_view_strategy(request.user, strategy):
        strategy = None  # a draft: no button to a page this person may not open
    return render(
        request,
        "processes/detail.html",
        {
            "process": process,
            "phases": process.phases.all(),
            # The next few meetings; the programme page lists them all.
            "meetings": meeting_list(user=request.user, process=process, when="upcoming")[:6],
            "strategy": strategy,
            "can_submit": can_submit_contribution(request.user, process),
        },
    )
