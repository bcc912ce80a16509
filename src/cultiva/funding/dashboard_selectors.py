"""Reads of the funding dashboard: the facts `funding.dashboard` adds up, in a fixed number
of queries however many projects and applications the process has."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import timezone

from cultiva.core.models import MicroRegion, TaxonomyTerm
from cultiva.funding import dashboard, match_selectors
from cultiva.funding.catalogue_selectors import rates_table
from cultiva.funding.models import Application, CallDeadline, Funder
from cultiva.funding.money import Rates
from cultiva.portfolio.models import Project

CLOSING_SOON_DAYS = 30
CLOSING_SOON_LIMIT = 50


@dataclass
class ClosingCall:
    call: object  # funding.models.Call, with programme and funder loaded
    due_at: dt.datetime
    fitting_without_application: int = 0
    url: str = ""  # the call's page, set by the view


@dataclass
class DashboardData:
    result: dashboard.Dashboard
    domains: dict[int, TaxonomyTerm]
    regions: dict[int, MicroRegion]
    sectors: dict[int, TaxonomyTerm]
    funders: dict[int, Funder]
    closing: list[ClosingCall] = field(default_factory=list)
    today: dt.date | None = None


def exchange_rates(*, process) -> dict[str, dashboard.Rate]:
    """The latest rate of each currency in the process's table (one query)."""
    return Rates(rates_table(process)).latest(timezone.localdate())


def _project_facts(process) -> list[dashboard.ProjectFacts]:
    rows = (
        Project.objects.filter(process=process)
        .filter(
            Q(proposal_status=Project.ProposalStatus.ACCEPTED)
            | Q(pk__in=Application.objects.filter(process=process).values("project_id"))
        )
        .values_list(
            "id", "budget_total", "currency", "proposal_status", "lead_organisation__sector"
        )
    )
    domains: dict[int, list[int]] = {}
    for project_id, term_id in Project.domains.through.objects.filter(
        project__process=process
    ).values_list("project_id", "taxonomyterm_id"):
        domains.setdefault(project_id, []).append(term_id)
    regions: dict[int, list[int]] = {}
    for project_id, region_id in Project.settlements.through.objects.filter(
        project__process=process, settlement__micro_region__isnull=False
    ).values_list("project_id", "settlement__micro_region_id"):
        regions.setdefault(project_id, []).append(region_id)
    return [
        dashboard.ProjectFacts(
            id=pk,
            budget=budget,
            currency=currency or dashboard.BASE_CURRENCY,
            in_portfolio=status == Project.ProposalStatus.ACCEPTED,
            domain_ids=tuple(sorted(set(domains.get(pk, ())))),
            region_ids=tuple(sorted(set(regions.get(pk, ())))),
            sector_id=sector_id,
        )
        for pk, budget, currency, status, sector_id in rows
    ]


def _application_facts(process) -> list[dashboard.ApplicationFacts]:
    last_deadline = dict(
        CallDeadline.objects.filter(call__process=process)
        .values("call_id")
        .annotate(last=Max("due_at"))
        .values_list("call_id", "last")
    )
    rows = Application.objects.filter(process=process).values_list(
        "id",
        "project_id",
        "call_id",
        "call__programme__funder_id",
        "status",
        "currency",
        "requested_amount",
        "awarded_amount",
        "submitted_on",
    )
    facts = []
    for pk, project_id, call_id, funder_id, status, currency, requested, awarded, submitted in rows:
        deadline = last_deadline.get(call_id)
        if submitted is not None:
            year = submitted.year
        elif deadline is not None:
            year = timezone.localtime(deadline).year
        else:
            year = None
        facts.append(
            dashboard.ApplicationFacts(
                id=pk,
                project_id=project_id,
                funder_id=funder_id,
                status=status,
                currency=currency,
                requested=requested,
                awarded=awarded,
                year=year,
            )
        )
    return facts


def closing_calls(*, process, now: dt.datetime) -> list[ClosingCall]:
    """Calls with a deadline in the next 30 days, soonest first (a call once, at its next
    deadline)."""
    deadlines = (
        CallDeadline.objects.filter(
            call__process=process,
            due_at__gte=now,
            due_at__lt=now + dt.timedelta(days=CLOSING_SOON_DAYS),
        )
        .select_related("call__programme__funder")
        .order_by("due_at", "pk")
    )
    seen: dict[int, ClosingCall] = {}
    for deadline in deadlines[: CLOSING_SOON_LIMIT * 3]:
        if deadline.call_id not in seen and len(seen) < CLOSING_SOON_LIMIT:
            seen[deadline.call_id] = ClosingCall(call=deadline.call, due_at=deadline.due_at)
    return list(seen.values())


def dashboard_data(*, process, now: dt.datetime | None = None) -> DashboardData:
    now = now or timezone.now()
    today = timezone.localdate(now)
    projects = _project_facts(process)
    applications = _application_facts(process)
    result = dashboard.compute(
        projects=projects, applications=applications, rates=exchange_rates(process=process)
    )
    terms = {
        term.pk: term
        for term in TaxonomyTerm.objects.filter(
            vocabulary__in=[TaxonomyTerm.Vocabulary.DOMAIN, TaxonomyTerm.Vocabulary.SECTOR],
            pk__in={*result.by_domain, *result.by_sector} - {None},
        )
    }
    regions = MicroRegion.objects.in_bulk([pk for pk in result.by_region if pk is not None])
    funders = Funder.objects.filter(process=process).in_bulk()
    closing = closing_calls(process=process, now=now)
    counts = match_selectors.call_fit_counts(
        process=process, calls=[item.call for item in closing], today=today
    )
    for item in closing:
        item.fitting_without_application = counts.get(item.call.pk, 0)
    return DashboardData(
        result=result,
        domains={pk: t for pk, t in terms.items() if t.vocabulary == "domain"},
        regions=regions,
        sectors={pk: t for pk, t in terms.items() if t.vocabulary == "sector"},
        funders=funders,
        closing=closing,
        today=today,
    )
