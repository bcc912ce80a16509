from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cultiva.accounts.forms import ErasureRequestForm
from cultiva.accounts.models import User
from cultiva.accounts.services import person_erase
from cultiva.ideas.rules import can_submit_contribution
from cultiva.meetings.selectors import meeting_list
from cultiva.processes.models import Process
from cultiva.processes.rules import (
    can_erase_on_request,
    can_erase_person,
    can_manage_people,
    can_view_process,
)
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
            "can_erase": can_erase_on_request(request.user, process),
            "can_manage_people": can_manage_people(request.user, process),
        },
    )


def process_erasure(request, slug: str):
    """A coordinator erases the personal data of someone taking part, on their request."""
    process = get_visible_process(request, slug)
    can_erase_on_request(request.user, process).enforce()
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        verdict = can_erase_person(request.user, process, person)
        if verdict:
            person_erase(
                person=person,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                process=process,
            )
            messages.success(request, _("The person's personal data is erased."))
            return redirect("processes:erasure", slug=process.slug)
        form.add_error("email", verdict.reason)
    return render(request, "processes/erasure.html", {"process": process, "form": form})
