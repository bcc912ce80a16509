from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.ideas import rules, services
from cultiva.ideas.forms import ContributionForm, StatusChangeForm
from cultiva.ideas.models import Contribution
from cultiva.ideas.selectors import contribution_detail
from cultiva.portfolio.rules import can_promote
from cultiva.processes.views import get_visible_process


@login_required
def contribution_create(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_submit_contribution(request.user, process).enforce()
    language = (get_language() or "hu")[:2]
    form = ContributionForm(
        request.POST or None, user=request.user, process=process, language=language
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contribution = services.contribution_create(
            author=request.user,
            process=process,
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            language=data["language"],
            domains=data["domains"],
            settlements=data["settlements"],
            target_groups=data["target_groups"],
            organisation=data["organisation"],
            meeting=data["meeting"],
            resources_needed=data["resources_needed"],
            time_horizon=data["time_horizon"],
            source=Contribution.Source.MEETING if data["meeting"] else Contribution.Source.ONLINE,
            submit="save_draft" not in request.POST,
        )
        if contribution.status == Contribution.Status.DRAFT:
            messages.success(request, _("Your draft is saved. Submit it when it is ready."))
        else:
            messages.success(request, _("Thank you! Your contribution has been submitted."))
        return redirect("ideas:detail", pk=contribution.pk)
    return render(request, "ideas/form.html", {"process": process, "form": form})


def get_visible_contribution(request, pk: int) -> Contribution:
    try:
        contribution = contribution_detail(pk=pk)
    except Contribution.DoesNotExist:
        raise Http404 from None
    if not rules.can_view_contribution(request.user, contribution):
        raise Http404
    return contribution


def contribution_view(request, pk: int):
    contribution = get_visible_contribution(request, pk)
    from cultiva.core.workflow import targets_from
    from cultiva.ideas.models import CONTRIBUTION_TRANSITIONS

    moves = [
        (target, Contribution.Status(target).label)
        for target in targets_from(
            CONTRIBUTION_TRANSITIONS,
            contribution.status,
            rules.actor_roles(request.user, contribution),
        )
        if target not in (Contribution.Status.IN_PORTFOLIO,)
    ]
    return render(
        request,
        "ideas/detail.html",
        {
            "process": contribution.process,
            "contribution": contribution,
            "projects": [link.project for link in contribution.project_links.all()],
            "status_moves": moves,
            "can_promote": can_promote(request.user, contribution),
        },
    )


@require_POST
@login_required
def contribution_status(request, pk: int):
    contribution = get_visible_contribution(request, pk)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect("ideas:detail", pk=pk)
    target = form.cleaned_data["status"]
    rules.can_change_status(request.user, contribution, target).enforce()
    services.contribution_change_status(
        contribution=contribution,
        actor=request.user,
        target=target,
        reason=form.cleaned_data["reason"],
    )
    messages.success(
        request, _("The status is now: %(status)s.") % {"status": Contribution.Status(target).label}
    )
    return redirect("ideas:detail", pk=pk)
