"""A call's page (its terms in full and the portfolio projects that fit it) and a project's
"where could this be funded" page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from cultiva.funding import match_selectors as selectors
from cultiva.funding import rules
from cultiva.funding.eligibility import LEGAL_FORM_LABELS, VERDICT_LABELS
from cultiva.funding.models import Call, OwnContributionForm
from cultiva.funding.money import format_amount, format_percent
from cultiva.portfolio.models import Project
from cultiva.processes.views import get_visible_process


def application_start_url(slug: str, project_pk: int, call_pk: int) -> str:
    return reverse("funding:application_start", args=[slug, project_pk, call_pk])


# The verdicts drawn with the stylesheet's existing status colours (ok, warning, danger).
VERDICT_CLASSES = {
    "eligible": "status-ready",
    "eligible_if": "status-draft",
    "not_eligible": "status-withdrawn",
}


def _rows(request, process, matches, *, start: bool):
    """Each match with what the page shows: verdict label, reasons' texts, the start link."""
    rows = []
    for m in matches:
        project = m.project_obj
        row = {
            "match": m,
            "verdict": m.verdict,
            "verdict_label": VERDICT_LABELS[m.verdict],
            "verdict_class": VERDICT_CLASSES[m.verdict],
            "reasons": [
                {"status": r.status, "text": text, "fix": fix}
                for r in m.reasons
                for text, fix in (r.texts(),)
            ],
            "start_url": None,
            "applied": m.call.id in m.project.applied_calls,
        }
        if (
            start
            and not row["applied"]
            and project is not None
            and rules.can_start_application(request.user, project)
        ):
            row["start_url"] = application_start_url(process.slug, project.pk, m.call.id)
        rows.append(row)
    return rows


def call_detail(request, slug: str, call_pk: int):
    process = get_visible_process(request, slug)
    rules.can_view_catalogue(request.user, process).enforce()
    call = get_object_or_404(
        selectors.calls_with_terms(Call.objects.filter(process=process)), pk=call_pk
    )
    terms = selectors.call_terms(call)
    today = timezone.localdate()
    matches = []
    if request.user.is_authenticated:
        matches = selectors.call_matches(user=request.user, call=call, today=today)
        for m in matches:
            m.project_obj.process = process
    domains = [{"label": d.label, "terms": list(d.terms.all())} for d in call.domains.all()]
    areas = {
        "registered": [a.label for a in terms.registered_areas],
        "activity": [a.label for a in terms.activity_areas],
    }
    return render(
        request,
        "funding/call_detail.html",
        {
            "process": process,
            "call": call,
            "terms": terms,
            "status": selectors.matching.call_status(terms, today),
            "legal_forms": [LEGAL_FORM_LABELS.get(f, f) for f in sorted(call.legal_forms or ())],
            "domains": domains,
            "areas": areas,
            "min_amount": format_amount(call.min_amount, call.currency)
            if call.min_amount is not None
            else "",
            "max_amount": format_amount(call.max_amount, call.currency)
            if call.max_amount is not None
            else "",
            "total_budget": format_amount(call.total_budget, call.currency)
            if call.total_budget is not None
            else "",
            "own_share": format_percent(terms.own_share_pct) if terms.own_share_pct else "",
            "own_min": format_percent(call.own_contribution_min_pct)
            if call.own_contribution_min_pct is not None
            else "",
            "rate_max": format_percent(call.funding_rate_max_pct)
            if call.funding_rate_max_pct is not None
            else "",
            "own_forms": [
                dict(OwnContributionForm.choices).get(f, f)
                for f in call.own_contribution_forms or ()
            ],
            "rows": _rows(request, process, matches, start=True),
            "sees_all": rules.sees_all_matches(request.user, process),
            "anonymous": not request.user.is_authenticated,
        },
    )


def project_matches(request, slug: str, project_pk: int):
    process = get_visible_process(request, slug)
    project = get_object_or_404(
        Project.objects.select_related("process", "lead_organisation"),
        pk=project_pk,
        process=process,
    )
    rules.can_view_project_matches(request.user, project).enforce()
    matches = selectors.project_matches(
        user=request.user, project=project, today=timezone.localdate()
    )
    for m in matches:
        m.project_obj = project
    return render(
        request,
        "funding/match_project.html",
        {
            "process": process,
            "project": project,
            "rows": _rows(request, process, matches, start=True),
        },
    )
