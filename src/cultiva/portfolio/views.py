from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core.forms import add_service_errors, error_text
from cultiva.core.http import get_or_not_found, stored_file_response
from cultiva.core.views import paginate
from cultiva.ideas.views.contributions import get_visible_contribution
from cultiva.portfolio import review_rules, rules, services
from cultiva.portfolio.card_diff import card_diff
from cultiva.portfolio.card_layout import card_sections, section_map
from cultiva.portfolio.forms import (
    MaturityForm,
    MeasureLinkForm,
    ProjectCardEditor,
    PromoteForm,
)
from cultiva.portfolio.models import Project, ProjectVersion
from cultiva.portfolio.ranking_selectors import rounds_to_read
from cultiva.portfolio.selectors import (
    project_detail,
    project_for_edit,
    project_list,
    project_versions,
)
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


# The card's sections the project page shows in the programme card's order (the origins
# table and the measures, with their forms, follow them).
CARD_PAGE_SECTIONS = (
    "development_area",
    "programme_theme",
    "summary",
    "objectives",
    "rationale",
    "activities",
    "expected_results",
    "synergies",
    "financing",
    "responsible_body",
    "presentation_ideas",
    "related_proposals",
    "target_groups",
    "settlements",
    "domains",
    "timeline",
    "budget",
    "risks",
    "indicators",
    "attachments",
    "themes",
    "meetings",
)


def project_view(request, pk: int):
    project = get_visible_project(request, pk)
    can_link = rules.can_link_measure(request.user, project)
    form = None
    if can_link:
        form = MeasureLinkForm(measures=measures_of_process(process=project.process))
    targets = rules.maturity_targets(request.user, project)
    can_edit = rules.can_edit_project(request.user, project)
    sections = section_map(card_sections(project))
    return render(
        request,
        "portfolio/detail.html",
        {
            "process": project.process,
            "project": project,
            "card": [sections[key] for key in CARD_PAGE_SECTIONS],
            "private_notes": project.private_notes if can_edit else "",
            "origins": project.origin_links.all(),
            "measure_links": project.measure_links.all(),
            "measure_form": form,
            "can_edit": can_edit,
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
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    editor = ProjectCardEditor(data, files, project=project, may_change_lead=may_change_lead)
    if request.method == "POST" and editor.is_valid():
        try:
            _save_card(request.user, project, editor, may_change_lead)
        except ValidationError as error:
            if getattr(error, "code", None) != "stale":
                add_service_errors(editor.form, error)
            else:
                # Nothing was written. The person's typing stays in the form (nothing lost);
                # it now carries the current version, so saving again is their choice, made
                # knowing that someone else's changes are there (see the message).
                editor = _restamped(editor, _project_of(request, slug, pk), may_change_lead)
                editor.form.add_error(None, error.messages)
        else:
            messages.success(request, _("The project's card is saved."))
            return redirect("portfolio:detail", pk=project.pk)
    return render(
        request,
        "portfolio/edit.html",
        {
            "process": project.process,
            "project": project,
            "form": editor.form,
            "formsets": list(editor.formsets.items()),
            "attachments": project.attachments.all(),
        },
    )


def _save_card(user, project: Project, editor: ProjectCardEditor, may_change_lead: bool):
    data = editor.form.cleaned_data
    partners = editor.rows("partners")
    if partners is None:
        partners = list(project.partners.all())
    else:
        partners = [services.PartnerRow(row["organisation"], row["role"]) for row in partners]
    upload = data.get("new_attachment")
    return services.project_update(
        actor=user,
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
        partners=partners,
        settlements=list(data["settlements"]),
        domains=list(data["domains"]),
        budget_total=data["budget_total"],
        currency=data["currency"],
        card={name: data[name] for name in services.CARD_EXTRA_FIELDS},
        target_groups=list(data["target_groups"]),
        synergy_projects=list(data["synergy_projects"]),
        meetings=list(data["meetings"]),
        milestones=editor.rows("milestones"),
        budget_lines=editor.rows("budget"),
        risks=editor.rows("risks"),
        indicators=editor.rows("indicators"),
        new_attachments=[(data["new_attachment_title"], upload)] if upload else [],
        remove_attachments=[a.pk for a in data["remove_attachments"]],
    )


def _restamped(editor: ProjectCardEditor, current: Project, may_change_lead: bool):
    data = editor.form.data.copy()
    data["version"] = str(current.version)
    return ProjectCardEditor(data, None, project=current, may_change_lead=may_change_lead)


def project_history(request, slug: str, pk: int):
    """Every saved version of the card, and the word-level differences between two."""
    project = _project_of(request, slug, pk)
    rules.can_view_project(request.user, project).enforce()
    versions = list(project_versions(project=project))
    numbers = [v.number for v in versions]
    diff, older, newer = None, None, None
    if len(numbers) >= 2:
        newer = _version_number(request.GET.get("b"), numbers, numbers[0])
        below = [n for n in numbers if n < newer] or [n for n in numbers if n != newer]
        older = _version_number(request.GET.get("a"), numbers, below[0])
        if older > newer:
            older, newer = newer, older
        snapshots = dict(
            ProjectVersion.objects.filter(project=project, number__in=[older, newer]).values_list(
                "number", "snapshot"
            )
        )
        diff = card_diff(
            snapshots[older],
            snapshots[newer],
            include_private=bool(rules.can_edit_project(request.user, project)),
        )
    return render(
        request,
        "portfolio/history.html",
        {
            "process": project.process,
            "project": project,
            "versions": versions,
            "diff": diff,
            "older": older,
            "newer": newer,
        },
    )


def _version_number(value, numbers: list[int], default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number in numbers else default


def project_attachment(request, slug: str, pk: int, attachment_pk: int):
    """Download one of the card's attachments (with the project's visibility)."""
    project = _project_of(request, slug, pk)
    rules.can_view_project(request.user, project).enforce()
    attachment = get_or_not_found(
        project.attachments.all(), _("There is no such attachment."), pk=attachment_pk
    )
    return stored_file_response(
        attachment.file,
        title=attachment.title,
        fallback="attachment",
        content_type=attachment.content_type,
    )


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
