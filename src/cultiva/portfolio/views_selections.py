"""Saved portfolios: make one (by hand or by a rule), view, rename, delete, compare."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cultiva.core.forms import add_service_errors
from cultiva.core.http import get_or_not_found
from cultiva.portfolio import selection_permissions as permissions
from cultiva.portfolio import selection_rules, selection_services
from cultiva.portfolio.catalogue import catalogue_language_choices
from cultiva.portfolio.models import Project, SavedPortfolio
from cultiva.portfolio.selection_selectors import (
    NOT_IN_PORTFOLIO,
    review_round_scores,
    rule_budget,
    selection_compare,
    selection_evaluate,
    selection_of,
    selections_of,
)
from cultiva.processes.views import get_visible_process


def reason_labels() -> dict[str, str]:
    return {
        selection_rules.NO_SCORE: _("no score in the review round"),
        selection_rules.NO_BUDGET: _("no budget on its card"),
        selection_rules.OVER_BUDGET: _("does not fit in what is left of the budget"),
        selection_rules.NO_REGION: _("no settlement in a micro-region"),
        selection_rules.TIED_AT_LINE: _("tied with the last project chosen"),
        NOT_IN_PORTFOLIO: _("no longer in the portfolio"),
    }


class SelectionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=gettext_lazy("How are the projects chosen?"),
        choices=SavedPortfolio.Kind.choices,
        widget=forms.RadioSelect,
        initial=SavedPortfolio.Kind.HAND,
    )
    rule = forms.ChoiceField(
        label=gettext_lazy("Rule"),
        choices=[("", "–"), *SavedPortfolio.Rule.choices],
        required=False,
    )
    n = forms.IntegerField(label=gettext_lazy("Number of projects (N)"), required=False)
    budget = forms.DecimalField(
        label=gettext_lazy("Budget (RON)"), required=False, max_digits=16, decimal_places=2
    )
    projects = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Projects"), coerce=int, required=False
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        # Any whole number passes here; the service refuses ids outside the portfolio.
        self.fields["projects"].valid_value = lambda value: str(value).isdigit()
        self.project_rows = projects

    def selected_ids(self) -> set[str]:
        if self.is_bound:
            return set(self.data.getlist("projects"))
        return {str(v) for v in self.initial.get("projects", ())}


class RenameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("New name"), max_length=200)


def _selection(request, process, pk: int) -> SavedPortfolio:
    return get_or_not_found(
        selection_of(process=process),
        _("There is no such saved portfolio in this process."),
        pk=pk,
    )


def selection_index(request, slug: str):
    process = get_visible_process(request, slug)
    permissions.can_view_selections(request.user, process).enforce()
    return render(
        request,
        "portfolio/selections/index.html",
        {
            "process": process,
            "selections": selections_of(process=process),
            "can_make": permissions.can_make_selections(request.user, process),
            "catalogue_languages": catalogue_language_choices(),
        },
    )


@login_required
def selection_create(request, slug: str):
    process = get_visible_process(request, slug)
    permissions.can_make_selections(request.user, process).enforce()
    projects = list(
        Project.objects.in_portfolio()
        .filter(process=process)
        .select_related("lead_organisation")
        .order_by("code")
    )
    form = SelectionForm(
        request.POST or None,
        projects=projects,
        initial={"projects": request.GET.getlist("project")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            selection = selection_services.saved_portfolio_create(
                actor=request.user,
                process=process,
                name=data["name"],
                kind=data["kind"],
                rule=data["rule"],
                parameters={"n": data["n"], "budget": data["budget"]},
                project_ids=data["projects"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The portfolio “%(name)s” is saved.") % {"name": selection})
            return redirect("portfolio:selection", slug=process.slug, selection_pk=selection.pk)
    return render(
        request,
        "portfolio/selections/form.html",
        {"process": process, "form": form, "scores": review_round_scores(process)},
    )


def selection_detail(request, slug: str, selection_pk: int):
    process = get_visible_process(request, slug)
    permissions.can_view_selections(request.user, process).enforce()
    selection = _selection(request, process, selection_pk)
    evaluation = selection_evaluate(selection=selection)
    labels = reason_labels()
    excluded = evaluation.excluded
    if not permissions.can_make_selections(request.user, process):
        # A project that left the portfolio (a proposal sent back) is the team's business.
        excluded = [(p, reason) for p, reason in excluded if reason != NOT_IN_PORTFOLIO]
    return render(
        request,
        "portfolio/selections/detail.html",
        {
            "process": process,
            "selection": selection,
            "evaluation": evaluation,
            "budget": rule_budget(selection),
            "rows": [
                (p, evaluation.scores.get(p.pk), evaluation.region_of.get(p.pk, []))
                for p in evaluation.projects
            ],
            "excluded": [(p, labels.get(reason, reason)) for p, reason in excluded],
            "can_change": permissions.can_change_selection(request.user, selection),
            "rename_form": RenameForm(initial={"name": selection.name}),
            "catalogue_languages": catalogue_language_choices(),
        },
    )


@require_POST
@login_required
def selection_rename(request, slug: str, selection_pk: int):
    process = get_visible_process(request, slug)
    selection = _selection(request, process, selection_pk)
    permissions.can_change_selection(request.user, selection).enforce()
    form = RenameForm(request.POST)
    if not form.is_valid():
        for message in form.errors["name"]:
            messages.error(request, message)
    else:
        try:
            selection_services.saved_portfolio_rename(
                actor=request.user, selection=selection, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The portfolio is renamed."))
    return redirect("portfolio:selection", slug=process.slug, selection_pk=selection.pk)


@require_POST
@login_required
def selection_delete(request, slug: str, selection_pk: int):
    process = get_visible_process(request, slug)
    selection = _selection(request, process, selection_pk)
    permissions.can_change_selection(request.user, selection).enforce()
    name = selection.name
    selection_services.saved_portfolio_delete(actor=request.user, selection=selection)
    messages.success(request, _("The portfolio “%(name)s” is deleted.") % {"name": name})
    return redirect("portfolio:selections", slug=process.slug)


@login_required
def selection_compare_view(request, slug: str):
    process = get_visible_process(request, slug)
    permissions.can_make_selections(request.user, process).enforce()
    available = list(selections_of(process=process))
    wanted = list(dict.fromkeys(request.GET.getlist("s")))
    error = ""
    result = None
    if wanted:
        by_pk = {str(s.pk): s for s in selection_of(process=process)}
        chosen = [by_pk[pk] for pk in wanted if pk in by_pk]
        if len(chosen) != len(wanted):
            error = _("Some of the chosen portfolios are not saved in this process.")
        elif not 2 <= len(chosen) <= 3:
            error = _("Choose two or three saved portfolios to compare.")
        else:
            result = selection_compare(process=process, selections=chosen)
    return render(
        request,
        "portfolio/selections/compare.html",
        {
            "process": process,
            "available": available,
            "wanted": wanted,
            "error": error,
            "result": result,
        },
        status=400 if error else 200,
    )
