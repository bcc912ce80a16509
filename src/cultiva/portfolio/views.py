from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core.views import paginate
from cultiva.ideas.views.contributions import get_visible_contribution
from cultiva.portfolio import rules, services
from cultiva.portfolio.forms import MeasureLinkForm, PromoteForm
from cultiva.portfolio.models import Project
from cultiva.portfolio.selectors import project_detail, project_list
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
        },
    )
    if request.method == "POST" and form.is_valid():
        project = services.project_promote_from_contributions(
            actor=request.user,
            contributions=[contribution],
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
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
    return render(
        request,
        "portfolio/detail.html",
        {
            "process": project.process,
            "project": project,
            "origins": project.origin_links.all(),
            "measure_links": project.measure_links.all(),
            "measure_form": form,
        },
    )


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
