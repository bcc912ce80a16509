"""Reads of proposals and partner searches, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from cultiva.accounts.models import Organisation
from cultiva.core.i18n import localize
from cultiva.ideas.models import Contribution
from cultiva.meetings.models import Registration
from cultiva.portfolio import partner_match
from cultiva.portfolio.models import (
    PartnerInterest,
    PartnerSearch,
    Project,
    ProjectOrigin,
    ProposalStep,
)
from cultiva.portfolio.rules import PARTNER_SEARCH_SHOWN, user_organisation_ids
from cultiva.processes.models import Process

S = Project.ProposalStatus
# The facilitators' queue: what waits for them first.
QUEUE_ORDER = (S.SUBMITTED, S.CHANGES_REQUESTED, S.DRAFT, S.DECLINED)


def _steps() -> Prefetch:
    return Prefetch(
        "proposal_steps",
        queryset=ProposalStep.objects.select_related("actor").order_by("-taken_at", "-pk"),
    )


def proposal_queue(*, process: Process, status: str | None = None) -> QuerySet[Project]:
    """Proposals not (yet) in the portfolio, those awaiting a decision first."""
    projects = (
        Project.objects.filter(process=process)
        .exclude(proposal_status=S.ACCEPTED)
        .select_related("lead_organisation", "created_by", "process")
        .prefetch_related("domains", _steps())
        .annotate(origin_count=Count("origin_links", distinct=True))
        .order_by("-updated_at", "-pk")
    )
    if status:
        projects = projects.filter(proposal_status=status)
    return projects


def queue_sorted(projects) -> list[Project]:
    rank = {status: i for i, status in enumerate(QUEUE_ORDER)}
    return sorted(projects, key=lambda p: rank.get(p.proposal_status, len(rank)))


def my_proposals(*, user, process: Process) -> QuerySet[Project]:
    """The proposals the person made or their organisations lead, with every step's reason."""
    mine = Q(created_by=user) | Q(lead_organisation_id__in=user_organisation_ids(user))
    return (
        Project.objects.filter(process=process)
        .filter(mine)
        .filter(pk__in=ProposalStep.objects.values("project_id"))
        .select_related("lead_organisation", "process")
        .prefetch_related(_steps())
        .order_by("-updated_at", "-pk")
    )


def proposal_detail(*, process: Process, pk: int) -> Project:
    origins = ProjectOrigin.objects.select_related("contribution").order_by("added_at", "pk")
    return (
        Project.objects.filter(process=process)
        .select_related("process", "lead_organisation", "created_by")
        .prefetch_related(
            "domains",
            "settlements",
            "partnerships__organisation",
            Prefetch("origin_links", queryset=origins),
            _steps(),
        )
        .get(pk=pk)
    )


def origin_choices(*, process: Process) -> QuerySet[Contribution]:
    """The contributions a proposal may build on: the process's published ones."""
    return Contribution.objects.filter(
        process=process,
        status__in=[Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO],
    ).order_by("-created_at", "-pk")


# --- partners ---------------------------------------------------------------------------------


def partner_search_list(*, process: Process) -> QuerySet[PartnerSearch]:
    """Open partner searches of the process's projects and submitted proposals."""
    return (
        PartnerSearch.objects.filter(
            is_open=True,
            project__process=process,
            project__proposal_status__in=PARTNER_SEARCH_SHOWN,
        )
        .select_related("project__lead_organisation", "project__process", "sector")
        .prefetch_related("domains", "settlements")
        .annotate(
            pending_count=Count(
                "project__partner_interests",
                filter=Q(project__partner_interests__status=PartnerInterest.Status.PENDING),
                distinct=True,
            )
        )
        .order_by("-updated_at", "-pk")
    )


def partner_search_project(*, process: Process, pk: int) -> Project:
    """The project with its search, partners and the interests shown to its lead."""
    interests = PartnerInterest.objects.select_related(
        "organisation", "created_by", "decided_by"
    ).order_by("-created_at", "-pk")
    return (
        Project.objects.filter(process=process)
        .select_related("process", "lead_organisation", "partner_search__sector", "created_by")
        .prefetch_related(
            "partner_search__domains",
            "partner_search__settlements",
            "partnerships__organisation",
            Prefetch("partner_interests", queryset=interests),
        )
        .get(pk=pk)
    )


def partner_search_of(project: Project) -> PartnerSearch | None:
    try:
        return project.partner_search
    except PartnerSearch.DoesNotExist:
        return None


def organisations_of(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=user_organisation_ids(user), merged_into__isnull=True)


def partner_suggestions(
    *, project: Project, search: PartnerSearch, limit: int = 8
) -> list[partner_match.Suggestion]:
    """Organisations that fit the wanted profile, with the reasons (four queries, whatever
    the number of organisations)."""
    domains = {d.pk: localize(d.name) for d in search.domains.all()}
    wanted_settlements = list(search.settlements.all())
    wanted = partner_match.Wanted(
        sector_id=search.sector_id,
        sector_name=localize(search.sector.name) if search.sector else "",
        domains=domains,
        settlement_ids=frozenset(s.pk for s in wanted_settlements),
        micro_region_ids=frozenset(
            s.micro_region_id for s in wanted_settlements if s.micro_region_id
        ),
    )
    fits = Q(domains__in=list(domains)) | Q(settlement__in=list(wanted.settlement_ids))
    fits |= Q(settlement__micro_region__in=list(wanted.micro_region_ids))
    if search.sector_id:
        fits |= Q(sector_id=search.sector_id)
    candidates = list(
        Organisation.objects.filter(merged_into__isnull=True)
        .filter(pk__in=Organisation.objects.filter(fits).values("pk"))
        .select_related("settlement__micro_region")
        .prefetch_related("domains")
    )
    ids = [o.pk for o in candidates]
    on_topic = (
        dict(
            Contribution.objects.filter(
                process=project.process,
                organisation_id__in=ids,
                domains__in=list(domains),
                status__in=[Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO],
            )
            .values("organisation_id")
            .annotate(n=Count("pk", distinct=True))
            .values_list("organisation_id", "n")
        )
        if domains
        else {}
    )
    attended = dict(
        Registration.objects.filter(
            meeting__process=project.process,
            organisation_id__in=ids,
            attendance=Registration.Attendance.PRESENT,
        )
        .values("organisation_id")
        .annotate(n=Count("meeting_id", distinct=True))
        .values_list("organisation_id", "n")
    )
    rows = [
        partner_match.Candidate(
            id=o.pk,
            name=localize(o.name),
            sector_id=o.sector_id,
            domain_ids=frozenset(d.pk for d in o.domains.all()),
            settlement_id=o.settlement_id,
            settlement_name=str(o.settlement) if o.settlement_id else "",
            micro_region_id=o.settlement.micro_region_id if o.settlement_id else None,
            micro_region_name=str(o.settlement.micro_region)
            if o.settlement_id and o.settlement.micro_region_id
            else "",
            contributions_on_topic=on_topic.get(o.pk, 0),
            meetings_attended=attended.get(o.pk, 0),
        )
        for o in candidates
    ]
    exclude = {
        project.lead_organisation_id,
        *(p.organisation_id for p in project.partnerships.all()),
    }
    exclude |= {i.organisation_id for i in project.partner_interests.all() if i.status == "pending"}
    return partner_match.suggest(wanted, rows, exclude=exclude, limit=limit)
