"""Reads for eligibility and matching: calls' terms, projects' facts and the exchange rates
gathered from the database in a fixed number of queries however many rows, and the ranked
matches the pages show.

The labels inside the terms and facts (places, sectors, the funder's domains) are in the
active language when they are read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import localize
from cultiva.core.models import settlement_name
from cultiva.funding import matching
from cultiva.funding.catalogue_selectors import rates_table
from cultiva.funding.eligibility import (
    ELIGIBLE,
    ELIGIBLE_IF,
    LEGAL_FORM_LABELS,
    Area,
    CallTerms,
    Place,
    ProjectFacts,
)
from cultiva.funding.models import Application, Call, CallArea, CallDeadline
from cultiva.funding.money import Rates
from cultiva.funding.rules import sees_all_matches
from cultiva.portfolio.models import BudgetLine, Project, ProjectPartner
from cultiva.portfolio.rules import user_organisation_ids

COUNTRY_NAMES = {
    "RO": _("Romania"),
    "HU": _("Hungary"),
}
# Applications that no longer hold a place among the applicant's applications to a call.
NOT_COUNTED = (Application.Status.WITHDRAWN,)


def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))


def rates_for(*, process) -> Rates:
    return Rates(rates_table(process))


def _area(row: CallArea) -> Area:
    if row.settlement_id is not None:
        label = settlement_name(row.settlement.name_hu, row.settlement.name_ro)
    elif row.county_id is not None:
        label = settlement_name(row.county.name_hu, row.county.name_ro)
    else:
        label = country_name(row.country)
    return Area(
        country=row.country,
        county_id=row.county_id,
        settlement_id=row.settlement_id,
        label=label,
    )


def calls_with_terms(calls):
    """A queryset of calls with everything `call_terms` reads prefetched."""
    return calls.select_related("programme__funder", "process").prefetch_related(
        Prefetch("areas", queryset=CallArea.objects.select_related("county", "settlement")),
        Prefetch("deadlines", queryset=CallDeadline.objects.order_by("due_at", "pk")),
        "domains__terms",
        "sectors",
        "documents",
    )


def call_terms(call: Call) -> CallTerms:
    """The rule table of one call (its relations prefetched by `calls_with_terms`)."""
    areas = list(call.areas.all())
    domain_ids: set[int] = set()
    domain_labels = []
    for domain in call.domains.all():
        domain_labels.append(localize(domain.label))
        domain_ids.update(t.pk for t in domain.terms.all())
    sectors = list(call.sectors.all())
    return CallTerms(
        id=call.pk,
        title=localize(call.title),
        currency=call.currency,
        legal_forms=frozenset(call.legal_forms or ()),
        individuals_admitted=call.individuals_admitted,
        sector_ids=frozenset(s.pk for s in sectors),
        sector_labels=tuple(localize(s.name) for s in sectors),
        # A call whose domains map to no Cultiva term sets no domain condition.
        domain_term_ids=frozenset(domain_ids),
        domain_labels=tuple(domain_labels),
        registered_areas=tuple(_area(a) for a in areas if a.basis == CallArea.Basis.REGISTERED),
        activity_areas=tuple(_area(a) for a in areas if a.basis == CallArea.Basis.ACTIVITY),
        min_amount=call.min_amount,
        max_amount=call.max_amount,
        own_contribution_min_pct=call.own_contribution_min_pct,
        funding_rate_max_pct=call.funding_rate_max_pct,
        partners_min=call.partners_min,
        countries_min=call.countries_min,
        duration_max_months=call.duration_max_months,
        implementation_start=call.implementation_start,
        implementation_end=call.implementation_end,
        max_applications_per_applicant=call.max_applications_per_applicant,
        opens_on=call.opens_on,
        deadlines=tuple(timezone.localdate(d.due_at) for d in call.deadlines.all()),
        exclusions=localize(call.exclusions),
    )


def projects_with_facts(projects):
    """A queryset of projects with everything `project_facts` reads prefetched (and the own
    contribution summed)."""
    return (
        projects.select_related(
            "lead_organisation__settlement__county", "lead_organisation__sector"
        )
        .prefetch_related(
            "settlements",
            "domains",
            Prefetch(
                "partnerships",
                queryset=ProjectPartner.objects.select_related("organisation"),
            ),
        )
        .annotate(
            own_planned=Sum(
                "budget_lines__planned", filter=Q(budget_lines__source=BudgetLine.Source.OWN)
            )
        )
    )


def applications_index(projects: list[Project]) -> tuple[dict, dict]:
    """One query: (lead organisation → call → the projects applying, withdrawn ones left
    out) and (project → the calls it has an application to)."""
    lead_ids = {p.lead_organisation_id for p in projects if p.lead_organisation_id}
    project_ids = [p.pk for p in projects]
    by_org: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    by_project: dict[int, set[int]] = defaultdict(set)
    if not project_ids:
        return by_org, by_project
    rows = Application.objects.filter(
        Q(organisation_id__in=lead_ids) | Q(project_id__in=project_ids)
    ).values_list("organisation_id", "call_id", "project_id", "status")
    for organisation_id, call_id, project_id, status in rows:
        by_project[project_id].add(call_id)
        if status not in NOT_COUNTED:
            by_org[organisation_id][call_id].append(project_id)
    return by_org, by_project


def project_facts(project: Project, applications: tuple[dict, dict] | None = None) -> ProjectFacts:
    lead = project.lead_organisation
    registered = Place()
    counts: dict[int, int] = {}
    if lead is not None:
        seat = lead.settlement
        registered = Place(
            country=lead.country or "RO",
            county_id=seat.county_id if seat else None,
            settlement_id=seat.pk if seat else None,
            label=settlement_name(seat.name_hu, seat.name_ro)
            if seat
            else country_name(lead.country),
        )
        for call_id, project_ids in (
            applications[0].get(lead.pk, {}) if applications else {}
        ).items():
            others = sum(1 for pk in project_ids if pk != project.pk)
            if others:
                counts[call_id] = others
    partners = [p.organisation for p in project.partnerships.all()]
    own = getattr(project, "own_planned", None)
    return ProjectFacts(
        id=project.pk,
        title=localize(project.title),
        lead_organisation_id=project.lead_organisation_id,
        lead_legal_form=lead.legal_form if lead else "",
        lead_legal_form_label=str(LEGAL_FORM_LABELS.get(lead.legal_form, lead.legal_form))
        if lead
        else "",
        lead_sector_id=lead.sector_id if lead else None,
        lead_sector_label=localize(lead.sector.name) if lead and lead.sector else "",
        registered=registered,
        activity=tuple(
            Place("RO", s.county_id, s.pk, settlement_name(s.name_hu, s.name_ro))
            for s in project.settlements.all()
        ),
        domain_ids=frozenset(d.pk for d in project.domains.all()),
        budget_total=project.budget_total,
        currency=project.currency or "RON",
        own_contribution=own if own is not None else Decimal(0),
        partners_count=len(partners),
        partner_countries=tuple(o.country for o in partners),
        start_date=project.start_date,
        end_date=project.end_date,
        applications_by_call=counts,
        applied_calls=frozenset(applications[1].get(project.pk, ()))
        if applications
        else frozenset(),
    )


def facts_of(projects) -> list[tuple[Project, ProjectFacts]]:
    rows = list(projects_with_facts(projects))
    applications = applications_index(rows)
    return [(p, project_facts(p, applications)) for p in rows]


def terms_of(calls) -> list[tuple[Call, CallTerms]]:
    return [(c, call_terms(c)) for c in calls_with_terms(calls)]


def visible_projects(*, user, process):
    """The portfolio projects whose matches `user` sees: all for the staff and
    decision-makers, their own organisations' otherwise, none for the anonymous."""
    projects = Project.objects.in_portfolio().filter(process=process)
    if sees_all_matches(user, process):
        return projects
    organisation_ids = user_organisation_ids(user) if user.is_authenticated else set()
    return projects.filter(lead_organisation_id__in=organisation_ids)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def project_matches(*, user, project: Project, today: dt.date | None = None):
    """ "Where could this be funded": the process's open and upcoming calls, best first, as
    `matching.Match` rows (with `.call_obj` the Call)."""
    today = _today(today)
    process = project.process
    facts = facts_of(Project.objects.filter(pk=project.pk))
    if not facts:
        return []
    _project, project_fact = facts[0]
    calls = terms_of(Call.objects.filter(process=process))
    by_id = {terms.id: call for call, terms in calls}
    ranked = matching.rank_calls(
        project_fact, [t for _c, t in calls], rates_for(process=process), today
    )
    return [matching.MatchRow(row, call_obj=by_id[row.call.id]) for row in ranked]


def call_matches(*, user, call: Call, today: dt.date | None = None):
    """ "Which portfolio projects fit": the projects `user` may see, best first (with
    `.project_obj` the Project)."""
    today = _today(today)
    projects = facts_of(visible_projects(user=user, process=call.process))
    if not projects:
        return []
    terms = terms_of(Call.objects.filter(pk=call.pk))[0][1]
    by_id = {facts.id: project for project, facts in projects}
    ranked = matching.rank_projects(
        terms, [f for _p, f in projects], rates_for(process=call.process), today
    )
    return [matching.MatchRow(row, project_obj=by_id[row.project.id]) for row in ranked]


def call_fit_counts(
    *, process, calls: Iterable[Call], today: dt.date | None = None
) -> dict[int, int]:
    """call id → how many portfolio projects are eligible (or eligible if) for the call and
    have no application to it yet."""
    today = _today(today)
    call_ids = [c.pk for c in calls]
    counts = dict.fromkeys(call_ids, 0)
    if not call_ids:
        return counts
    projects = [f for _p, f in facts_of(Project.objects.in_portfolio().filter(process=process))]
    applied = set(
        Application.objects.filter(call_id__in=call_ids).values_list("project_id", "call_id")
    )
    rates = rates_for(process=process)
    for _call, terms in terms_of(Call.objects.filter(pk__in=call_ids, process=process)):
        for row in matching.rank_projects(terms, projects, rates, today):
            if row.verdict in (ELIGIBLE, ELIGIBLE_IF) and (row.project.id, terms.id) not in applied:
                counts[terms.id] += 1
    return counts
