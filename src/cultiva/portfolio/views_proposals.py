"""Proposals (members propose projects; facilitators decide) and looking for partners.

Thin: rules decide, proposal_services write, proposal_selectors read. Every object is reached
through the process in the address.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.accounts.models import Organisation
from cultiva.core.forms import add_service_errors, error_text
from cultiva.core.http import NotFound, get_or_not_found
from cultiva.core.views import paginate
from cultiva.portfolio import proposal_selectors as selectors
from cultiva.portfolio import proposal_services as services
from cultiva.portfolio import rules
from cultiva.portfolio.forms_proposals import (
    InterestDecisionForm,
    InterestForm,
    PartnerSearchForm,
    ProposalForm,
    ProposalStepForm,
)
from cultiva.portfolio.models import PartnerInterest, Project
from cultiva.processes.rules import STAFF_ROLES, has_role
from cultiva.processes.views import get_visible_process

S = Project.ProposalStatus


def _lead_choices(user, process):
    if has_role(user, process, *STAFF_ROLES):
        return Organisation.objects.filter(merged_into__isnull=True)
    return selectors.organisations_of(user)


def _proposal_of(request, slug: str, pk: int) -> Project:
    process = get_visible_process(request, slug)
    try:
        project = selectors.proposal_detail(process=process, pk=pk)
    except Project.DoesNotExist:
        raise NotFound(_("There is no such proposal in this process.")) from None
    if not rules.can_view_project(request.user, project):
        raise NotFound(_("There is no such proposal in this process."))
    return project


def _save_proposal(request, form: ProposalForm, *, process, project: Project | None):
    data = form.cleaned_data
    values = {
        "title": data["title"],
        "summary": data["summary"],
        "objectives": data["objectives"],
        "lead_organisation": data["lead_organisation"],
        "domains": list(data["domains"]),
        "settlements": list(data["settlements"]),
        "origins": list(data["origins"]),
    }
    try:
        if project is None:
            return services.proposal_create(actor=request.user, process=process, **values)
        return services.proposal_update(actor=request.user, project=project, **values)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@login_required
def proposal_new(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_propose(request.user, process).enforce()
    form = ProposalForm(
        request.POST or None,
        organisations=_lead_choices(request.user, process),
        origins=selectors.origin_choices(process=process),
    )
    if request.method == "POST" and form.is_valid():
        project = _save_proposal(request, form, process=process, project=None)
        if project is not None:
            messages.success(
                request,
                _("Your proposal is saved as a draft. Submit it when it is ready."),
            )
            return redirect("portfolio:proposal_detail", slug=process.slug, pk=project.pk)
    return render(
        request,
        "portfolio/proposals/form.html",
        {"process": process, "form": form, "project": None},
    )


@login_required
def proposal_edit(request, slug: str, pk: int):
    project = _proposal_of(request, slug, pk)
    rules.can_edit_proposal(request.user, project).enforce()
    form = ProposalForm(
        request.POST or None,
        initial=ProposalForm.initial_of(project),
        organisations=_lead_choices(request.user, project.process)
        | Organisation.objects.filter(pk=project.lead_organisation_id),
        origins=selectors.origin_choices(process=project.process),
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_proposal(request, form, process=project.process, project=project)
        if saved is not None:
            messages.success(request, _("The proposal is saved."))
            return redirect("portfolio:proposal_detail", slug=slug, pk=pk)
    return render(
        request,
        "portfolio/proposals/form.html",
        {"process": project.process, "form": form, "project": project},
    )


def proposal_detail(request, slug: str, pk: int):
    project = _proposal_of(request, slug, pk)
    targets = rules.proposal_targets(request.user, project)
    return render(
        request,
        "portfolio/proposals/detail.html",
        {
            "process": project.process,
            "project": project,
            "steps": project.proposal_steps.all(),
            "step_form": ProposalStepForm(project=project, targets=targets) if targets else None,
            "can_edit": rules.can_edit_proposal(request.user, project),
            "can_edit_card": rules.can_edit_project(request.user, project),
            "can_look_for_partners": rules.can_manage_partner_search(request.user, project),
        },
    )


@require_POST
@login_required
def proposal_step(request, slug: str, pk: int):
    project = _proposal_of(request, slug, pk)
    targets = rules.proposal_targets(request.user, project)
    if not targets:
        raise PermissionDenied(_("You may not decide on this proposal."))
    form = ProposalStepForm(request.POST, project=project, targets=targets)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("portfolio:proposal_detail", slug=slug, pk=pk)
    try:
        step = services.proposal_step_take(
            actor=request.user,
            project=project,
            target=form.cleaned_data["target"],
            reason=form.cleaned_data["reason"],
            source=form.cleaned_data["source"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("portfolio:proposal_detail", slug=slug, pk=pk)
    done = {
        S.SUBMITTED: _("The proposal is submitted; the facilitators will decide on it."),
        S.ACCEPTED: _("The proposal is in the portfolio now."),
        S.CHANGES_REQUESTED: _("The proposer is asked for changes."),
        S.DECLINED: _("The proposal is declined."),
    }
    messages.success(request, done.get(step.target, _("Done.")))
    if step.target == S.ACCEPTED:
        return redirect("portfolio:detail", pk=pk)
    return redirect("portfolio:proposal_detail", slug=slug, pk=pk)


@login_required
def proposal_queue(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_view_proposal_queue(request.user, process).enforce()
    status = request.GET.get("status")
    if status not in S.values or status == S.ACCEPTED:
        status = None
    page = paginate(request, selectors.proposal_queue(process=process, status=status))
    return render(
        request,
        "portfolio/proposals/queue.html",
        {
            "process": process,
            "page": page,
            "proposals": selectors.queue_sorted(page.object_list),
            "statuses": [(v, label) for v, label in S.choices if v != S.ACCEPTED],
            "filters": request.GET,
        },
    )


@login_required
def proposal_mine(request, slug: str):
    process = get_visible_process(request, slug)
    return render(
        request,
        "portfolio/proposals/mine.html",
        {
            "process": process,
            "page": paginate(request, selectors.my_proposals(user=request.user, process=process)),
            "can_propose": rules.can_propose(request.user, process),
            "can_view_queue": rules.can_view_proposal_queue(request.user, process),
        },
    )


# --- looking for partners -------------------------------------------------------------------


def partner_list(request, slug: str):
    process = get_visible_process(request, slug)
    return render(
        request,
        "portfolio/proposals/partners.html",
        {
            "process": process,
            "page": paginate(request, selectors.partner_search_list(process=process)),
        },
    )


def _partner_project(request, slug: str, pk: int) -> Project:
    process = get_visible_process(request, slug)
    try:
        project = selectors.partner_search_project(process=process, pk=pk)
    except Project.DoesNotExist:
        raise NotFound(_("There is no such project in this process.")) from None
    return project


def partner_detail(request, slug: str, pk: int):
    """A project looking for partners; people of other organisations offer theirs here."""
    project = _partner_project(request, slug, pk)
    search = selectors.partner_search_of(project)
    if search is None or not rules.can_view_partner_search(request.user, project):
        raise NotFound(_("This project is not looking for partners."))
    may_offer = rules.can_express_interest(request.user, project)
    form = None
    if may_offer:
        organisations = selectors.organisations_of(request.user).exclude(
            pk=project.lead_organisation_id
        )
        form = InterestForm(request.POST or None, organisations=organisations)
        if request.method == "POST" and form.is_valid():
            try:
                services.partner_interest_express(
                    actor=request.user,
                    project=project,
                    organisation=form.cleaned_data["organisation"],
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Your offer is sent; the lead organisation will answer.")
                )
                return redirect("portfolio:partner_detail", slug=slug, pk=pk)
    elif request.method == "POST":
        may_offer.enforce()
    mine = rules.user_organisation_ids(request.user)
    return render(
        request,
        "portfolio/proposals/partner_detail.html",
        {
            "process": project.process,
            "project": project,
            "search": search,
            "form": form,
            "refusal": may_offer.reason if request.user.is_authenticated else "",
            "my_offers": [i for i in project.partner_interests.all() if i.organisation_id in mine],
            "can_manage": rules.can_manage_partner_search(request.user, project),
        },
    )


@login_required
def partner_manage(request, slug: str, pk: int):
    """The lead's page: the partner profile wanted, suggestions, and the offers to answer."""
    project = _partner_project(request, slug, pk)
    if not rules.can_view_project(request.user, project):
        raise NotFound(_("There is no such project in this process."))
    rules.can_manage_partner_search(request.user, project).enforce()
    search = selectors.partner_search_of(project)
    if request.method == "POST" and request.POST.get("action") == "close":
        services.partner_search_close(actor=request.user, project=project)
        messages.success(request, _("The project is no longer looking for partners."))
        return redirect("portfolio:partner_manage", slug=slug, pk=pk)
    form = PartnerSearchForm(request.POST or None, initial=PartnerSearchForm.initial_of(search))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.partner_search_set(
                actor=request.user,
                project=project,
                role=data["role"],
                sector=data["sector"],
                domains=list(data["domains"]),
                settlements=list(data["settlements"]),
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The project is marked as looking for partners."))
            return redirect("portfolio:partner_manage", slug=slug, pk=pk)
    suggestions = (
        selectors.partner_suggestions(project=project, search=search)
        if search is not None and search.is_open
        else []
    )
    return render(
        request,
        "portfolio/proposals/partner_manage.html",
        {
            "process": project.process,
            "project": project,
            "search": search,
            "form": form,
            "suggestions": suggestions,
            "interests": project.partner_interests.all(),
            "decision_form": InterestDecisionForm(),
            "detail_url": reverse("portfolio:partner_detail", args=[slug, pk]),
        },
    )


@require_POST
@login_required
def partner_interest_decide(request, slug: str, interest_pk: int):
    process = get_visible_process(request, slug)
    interest = get_or_not_found(
        PartnerInterest.objects.select_related("project__process", "organisation"),
        _("There is no such offer in this process."),
        pk=interest_pk,
        project__process=process,
    )
    project = interest.project
    if not rules.can_view_project(request.user, project):
        raise Http404
    rules.can_decide_interest(request.user, project).enforce()
    form = InterestDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("portfolio:partner_manage", slug=slug, pk=project.pk)
    accept = form.cleaned_data["decision"] == PartnerInterest.Status.ACCEPTED
    try:
        services.partner_interest_decide(
            actor=request.user, interest=interest, accept=accept, answer=form.cleaned_data["answer"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("%(organisation)s is now a partner of the project.")
            % {"organisation": interest.organisation}
            if accept
            else _("The offer is declined."),
        )
    return redirect("portfolio:partner_manage", slug=slug, pk=project.pk)
