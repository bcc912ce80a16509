from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.accounts.models import Organisation
from cultiva.core.forms import add_service_errors
from cultiva.core.i18n import localize, other_official_language
from cultiva.ideas import rules, services, template_fields
from cultiva.ideas.forms import (
    ContributionForm,
    ContributionTranslationForm,
    PaperEntryForm,
    StatusChangeForm,
)
from cultiva.ideas.models import (
    Contribution,
    ContributionRevision,
    ContributionTranslation,
    ExtraField,
)
from cultiva.ideas.selectors import contribution_detail
from cultiva.portfolio.rules import can_promote
from cultiva.processes.views import get_visible_process


def _language() -> str:
    return (get_language() or "hu")[:2]


def _extra_fields(process) -> list[ExtraField]:
    return list(ExtraField.objects.filter(process=process).order_by("position", "id"))


def _content_kwargs(form: ContributionForm) -> dict:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "title": data["title"],
        "body": data["body"],
        "language": data["language"],
        "domains": data["domains"],
        "settlements": data["settlements"],
        "target_groups": data["target_groups"],
        "organisation": data["organisation"],
        "meeting": data["meeting"],
        "partners": data["partners"],
        "resources_needed": data["resources_needed"],
        "resources_amount_min": data["resources_amount_min"],
        "resources_amount_max": data["resources_amount_max"],
        "time_horizon": data["time_horizon"],
        "extra": form.extra_values(),
    }


def _saved_message(request, contribution: Contribution) -> None:
    if contribution.status == Contribution.Status.DRAFT:
        messages.success(request, _("Your draft is saved. Submit it when it is ready."))
    else:
        messages.success(request, _("Thank you! Your contribution has been submitted."))


@login_required
def contribution_create(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_submit_contribution(request.user, process).enforce()
    form = ContributionForm(
        request.POST or None,
        user=request.user,
        process=process,
        language=_language(),
        extra_fields=_extra_fields(process),
    )
    if request.method == "POST" and form.is_valid():
        try:
            contribution = services.contribution_create(
                author=request.user,
                process=process,
                source=(
                    Contribution.Source.MEETING
                    if form.cleaned_data["meeting"]
                    else Contribution.Source.ONLINE
                ),
                submit="save_draft" not in request.POST,
                **_content_kwargs(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved_message(request, contribution)
            return redirect("ideas:detail", pk=contribution.pk)
    return render(request, "ideas/form.html", {"process": process, "form": form, "mode": "create"})


@login_required
def contribution_enter(request, slug: str):
    """A facilitator types in a paper form on behalf of an organisation or a person."""
    process = get_visible_process(request, slug)
    rules.can_enter_on_behalf(request.user, process).enforce()
    form = PaperEntryForm(
        request.POST or None,
        user=request.user,
        process=process,
        language=_language(),
        extra_fields=_extra_fields(process),
    )
    if request.method == "POST" and form.is_valid():
        try:
            contribution = services.contribution_create(
                author=form.cleaned_data["person_email"] or request.user,
                process=process,
                source=form.cleaned_data["source"],
                entered_by=request.user,
                submit="save_draft" not in request.POST,
                **_content_kwargs(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contribution has been entered."))
            return redirect("ideas:detail", pk=contribution.pk)
    return render(request, "ideas/form.html", {"process": process, "form": form, "mode": "paper"})


def get_visible_contribution(request, pk: int) -> Contribution:
    try:
        contribution = contribution_detail(pk=pk)
    except Contribution.DoesNotExist:
        raise Http404 from None
    if not rules.can_view_contribution(request.user, contribution):
        raise Http404
    return contribution


@login_required
def contribution_edit(request, pk: int):
    contribution = get_visible_contribution(request, pk)
    rules.can_edit_contribution(request.user, contribution).enforce()
    process = contribution.process
    extra_fields = _extra_fields(process)
    initial = {
        "kind": contribution.kind,
        "title": contribution.title,
        "body": contribution.body,
        "language": contribution.language,
        "domains": list(contribution.domains.all()),
        "settlements": list(contribution.settlements.all()),
        "target_groups": list(contribution.target_groups.all()),
        "organisation": contribution.organisation_id,
        "meeting": contribution.meeting_id,
        "partners": contribution.partners,
        "resources_needed": contribution.resources_needed,
        "resources_amount_min": contribution.resources_amount_min,
        "resources_amount_max": contribution.resources_amount_max,
        "time_horizon": contribution.time_horizon,
    } | template_fields.initial_values(extra_fields, contribution.extra)
    form = ContributionForm(
        request.POST or None,
        initial=initial,
        user=request.user,
        process=process,
        language=_language(),
        extra_fields=extra_fields,
    )
    if contribution.organisation_id:  # keep the organisation it was submitted for
        form.fields["organisation"].queryset = (
            Organisation.objects.filter(
                Q(memberships__user=request.user) | Q(pk=contribution.organisation_id)
            )
            .distinct()
            .order_by("id")
        )
    if request.method == "POST" and form.is_valid():
        try:
            contribution = services.contribution_update(
                contribution=contribution, actor=request.user, **_content_kwargs(form)
            )
            if "submit" in request.POST and contribution.status == Contribution.Status.DRAFT:
                contribution = services.contribution_change_status(
                    contribution=contribution,
                    actor=request.user,
                    target=Contribution.Status.SUBMITTED,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _saved_message(request, contribution)
            return redirect("ideas:detail", pk=contribution.pk)
    return render(
        request,
        "ideas/form.html",
        {"process": process, "form": form, "mode": "edit", "contribution": contribution},
    )


_CHOICE_LABELS = {
    "kind": dict(Contribution.Kind.choices),
    "status": dict(Contribution.Status.choices),
    "source": dict(Contribution.Source.choices),
    "time_horizon": dict(Contribution.TimeHorizon.choices),
}


def _label(value, field: str = "") -> str:
    if field in _CHOICE_LABELS and value in _CHOICE_LABELS[field]:
        return str(_CHOICE_LABELS[field][value])
    if isinstance(value, dict) and "min" in value and "max" in value:
        return f"{value['min'] or ''} – {value['max'] or ''}"
    if isinstance(value, dict) and "name" in value:
        return str(value["name"])
    if isinstance(value, list):
        return ", ".join(_label(item) for item in value)
    if value in (None, ""):
        return "–"
    return str(value)


def _revision_changes(before: dict | None, after: dict, extra_labels: dict) -> list[dict]:
    """What differs between two snapshots, as [{"field", "before", "after"}]."""
    labels = {
        "kind": _("Kind"),
        "title": _("Title"),
        "body": _("Description"),
        "language": _("Language"),
        "status": _("Status"),
        "source": _("Source"),
        "partners": _("Partners"),
        "resources_needed": _("Resources needed"),
        "resources_amount_min": _("Amount needed, from"),
        "resources_amount_max": _("Amount needed, up to"),
        "time_horizon": _("Time horizon"),
        "author": _("Proposer"),
        "organisation": _("Organisation"),
        "meeting": _("Meeting"),
        "entered_by": _("Entered by"),
        "domains": _("Cultural domains"),
        "settlements": _("Settlements"),
        "target_groups": _("Target groups"),
    }
    before = before or {}
    changes = []
    for key, label in labels.items():
        if before.get(key) != after.get(key):
            changes.append(
                {
                    "field": label,
                    "before": _label(before.get(key), key) if before else "",
                    "after": _label(after.get(key), key),
                }
            )
    old_extra, new_extra = before.get("extra") or {}, after.get("extra") or {}
    for key in sorted(set(old_extra) | set(new_extra)):
        if old_extra.get(key) != new_extra.get(key):
            changes.append(
                {
                    "field": extra_labels.get(key, key),
                    "before": _label(old_extra.get(key)) if before else "",
                    "after": _label(new_extra.get(key)),
                }
            )
    return changes


def contribution_history(request, pk: int):
    contribution = get_visible_contribution(request, pk)
    rules.can_view_history(request.user, contribution).enforce()
    revisions = list(
        ContributionRevision.objects.filter(contribution=contribution)
        .select_related("author")
        .order_by("number")
    )
    extra_labels = {f.key: localize(f.label) or f.key for f in _extra_fields(contribution.process)}
    rows = []
    previous = None
    for revision in revisions:
        rows.append(
            {
                "revision": revision,
                "changes": _revision_changes(previous, revision.data, extra_labels),
                "first": previous is None,
                "status": _label(revision.data.get("status"), "status"),
            }
        )
        previous = revision.data
    rows.reverse()
    return render(
        request,
        "ideas/history.html",
        {"process": contribution.process, "contribution": contribution, "rows": rows},
    )


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
            "can_edit": rules.can_edit_contribution(request.user, contribution),
            "can_translate": rules.can_translate_contribution(request.user, contribution),
            "reader_translation": _reader_translation(contribution),
            "can_view_history": rules.can_view_history(request.user, contribution),
            "extra_values": template_fields.labelled_values(
                _extra_fields(contribution.process), contribution.extra, _language()
            ),
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


def _reader_translation(contribution: Contribution) -> ContributionTranslation | None:
    """The translation into the reader's language, when it is not the original's."""
    language = _language()
    if language == contribution.language:
        return None
    return next((t for t in contribution.translations.all() if t.language == language), None)


@login_required
def contribution_translate(request, pk: int):
    """The author or a facilitator gives the contribution its text in another language."""
    contribution = get_visible_contribution(request, pk)
    rules.can_translate_contribution(request.user, contribution).enforce()
    existing = {t.language: t for t in contribution.translations.all()}
    wanted = request.POST.get("language") or request.GET.get("language") or ""
    if wanted not in existing and wanted in (None, "", contribution.language):
        wanted = other_official_language(contribution.language)
    current = existing.get(wanted)
    form = ContributionTranslationForm(
        request.POST or None,
        original_language=contribution.language,
        initial={
            "language": wanted,
            "title": current.title if current else "",
            "body": current.body if current else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_translate(
                contribution=contribution, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The translation was saved."))
            if request.POST.get("next") == "queue":
                return redirect("synthesis:translation_queue", slug=contribution.process.slug)
            return redirect("ideas:detail", pk=contribution.pk)
    return render(
        request,
        "ideas/translate.html",
        {
            "process": contribution.process,
            "contribution": contribution,
            "form": form,
            "next": request.GET.get("next") or request.POST.get("next") or "",
        },
        status=400 if form.errors else 200,
    )
