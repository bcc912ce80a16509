from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core.forms import add_service_errors, error_text
from cultiva.core.http import get_or_not_found
from cultiva.core.views import paginate
from cultiva.ideas.views.contributions import get_visible_contribution
from cultiva.portfolio import review_rules, rules, services
from cultiva.portfolio.forms import MaturityForm, MeasureLinkForm, ProjectCardForm, PromoteForm
from cultiva.portfolio.models import Project
from cultiva.portfolio.ranking_selectors import rounds_to_read
from cultiva.portfolio.selectors import project_detail, project_for_edit, project_list
from cultiva.processes.views import get_visible_process
from cultiva.strategy import services as strategy_services
from cultiva.strategy.models import Measure
from cultiva.strategy.selectors import measures_of_process


def project_index(request, slug: str):
    process = get_visible_process(request, slug)
    maturity = request.GET.get("maturity")
    if maturity not in Project.Maturity.values:
        maturity = None
    return render(
        request,
        "portfolio/list.html",
        {
            "process": process,
            "page": paginate(request, project_list(process=process, maturity=maturity)),
            "maturities": Project.Maturity.choices,
            "filters": request.GET,
            # Coordinators and experts: a way into the expert review.
            "review_link": review_rules.can_view_reviews_page(request.user, process),
            # Rankings for those who decide, published results for everyone.
            "ranked_rounds": rounds_to_read(process=process, user=request.user),
        },
    )


@login_required
def project_promote(request, pk: int):
    contribution = get_visible_contribution(request, pk)
    rules.can_promote(request.user, contribution).enforce()
    initial = {
        "title": {contribution.language: contribution.title},
        "summary": {contribution.language: contribution.body},
    }
    form = PromoteForm(
        request.POST or None,
        initial={
            "title": [initial["title"].get(code, "") for code in ("hu", "ro", "en")],
            "summary": [initial["summary"].get(code, "") for code in ("hu", "ro", "en")],
            # A proposal (the proposer's organisation); the facilitator confirms or changes it.
            "lead_organisation": contribution.organisation_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        project = services.project_promote_from_contributions(
            actor=request.user,
            contributions=[contribution],
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            lead_organisation=form.cleaned_data["lead_organisation"],
            budget_total=form.cleaned_data["budget_total"],
        )
        messages.success(
            request, _("Project %(code)s is now in the portfolio.") % {"code": project.code}
        )
        return redirect("portfolio:detail", pk=project.pk)
    return render(
        request,
        "portfolio/promote.html",
        {"process": contribution.process, "contribution": contribution, "form": form},
    )


def get_visible_project(request, pk: int) -> Project:
    try:
        project = project_detail(pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None
    if not rules.can_view_project(request.user, project):
        raise Http404
    return project


def project_view(request, pk: int):
    project = get_visible_project(request, pk)
    can_link = rules.can_link_measure(request.user, project)
    form = None
    if can_link:
        form = MeasureLinkForm(measures=measures_of_process(process=project.process))
    targets = rules.maturity_targets(request.user, project)
    return render(
        request,
        "portfolio/detail.html",
        {
            "process": project.process,
            "project": project,
            "origins": project.origin_links.all(),
            "measure_links": project.measure_links.all(),
            "measure_form": form,
            "can_edit": rules.can_edit_project(request.user, project),
            "maturity_form": MaturityForm(project=project, targets=targets) if targets else None,
            "maturity_history": project.maturity_changes.all(),
        },
    )


def _project_of(request, slug: str, pk: int) -> Project:
    """The project, reached through the process in the address (404 from another one)."""
    process = get_visible_process(request, slug)
    return get_or_not_found(
        project_for_edit(process=process), _("There is no such project in this process."), pk=pk
    )


@login_required
def project_edit(request, slug: str, pk: int):
    """The project's card, for the lead organisation's people and the process's staff."""
    project = _project_of(request, slug, pk)
    rules.can_edit_project(request.user, project).enforce()
    may_change_lead = bool(rules.can_change_lead_organisation(request.user, project))
    form = ProjectCardForm(request.POST or None, project=project, may_change_lead=may_change_lead)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.project_update(
                actor=request.user,
                project=project,
                expected_version=data["version"],
                title=data["title"],
                summary=data["summary"],
                objectives=data["objectives"],
                rationale=data["rationale"],
                expected_results=data["expected_results"],
                lead_organisation=data["lead_organisation"]
                if may_change_lead
                else project.lead_organisation,
                partners=list(data["partners"]),
                settlements=list(data["settlements"]),
                domains=list(data["domains"]),
                budget_total=data["budget_total"],
                currency=data["currency"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) != "stale":
                add_service_errors(form, error)
            else:
                # Nothing was written. The person's typing stays in the form (nothing lost);
                # it now carries the current version, so saving again is their choice, made
                # knowing that someone else's changes are there (see the message).
                form = _restamped(form, _project_of(request, slug, pk), may_change_lead)
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The project's card is saved."))
            return redirect("portfolio:detail", pk=project.pk)
    return render(
        request,
        "portfolio/edit.html",
        {"process": project.process, "project": project, "form": form},
    )


def _restamped(form: ProjectCardForm, current: Project, may_change_lead: bool):
    data = form.data.copy()
    data["version"] = str(current.version)
    return ProjectCardForm(data, project=current, may_change_lead=may_change_lead)


@require_POST
@login_required
def project_maturity(request, slug: str, pk: int):
    """One step of the maturity workflow, taken from the project page."""
    project = _project_of(request, slug, pk)
    rules.can_edit_project(request.user, project).enforce()
    targets = rules.maturity_targets(request.user, project)
    form = MaturityForm(request.POST, project=project, targets=targets)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("portfolio:detail", pk=project.pk)
    try:
        change = services.project_maturity_change(
            actor=request.user,
            project=project,
            source=form.cleaned_data["source"],
            target=form.cleaned_data["target"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The project is now “%(maturity)s”.") % {"maturity": change.get_target_display()},
        )
    return redirect("portfolio:detail", pk=project.pk)


@require_POST
@login_required
def project_link_measure(request, pk: int):
    project = get_visible_project(request, pk)
    rules.can_link_measure(request.user, project).enforce()
    form = MeasureLinkForm(request.POST, measures=measures_of_process(process=project.process))
    if not form.is_valid():
        messages.error(request, _("Choose a measure of this process's strategy."))
        return redirect("portfolio:detail", pk=pk)
    measure: Measure = form.cleaned_data["measure"]
    strategy_services.measure_link_project(actor=request.user, measure=measure, project=project)
    messages.success(
        request, _("The project now serves measure %(code)s.") % {"code": measure.code}
    )
    return redirect("portfolio:detail", pk=pk)
