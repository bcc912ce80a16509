"""Reads for the gap analysis: the plain rows `portfolio.gaps` computes on.

A fixed number of queries whatever the number of contributions and projects: each read is
a flat `values_list`, the relations read through their through-tables and grouped here.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet

from cultiva.core.models import MicroRegion, Settlement, TaxonomyTerm
from cultiva.ideas.models import Contribution, Support, WallDot
from cultiva.ideas.rules import PUBLIC_STATUSES
from cultiva.meetings.models import Meeting
from cultiva.meetings.rules import visible_meetings_q
from cultiva.portfolio import gaps
from cultiva.portfolio.models import Project, ProjectOrigin
from cultiva.processes.models import Process

# The kinds the matrix counts (good practices answer no need and ask for no project).
COUNTED_KINDS = (
    Contribution.Kind.NEED,
    Contribution.Kind.SHORTCOMING,
    Contribution.Kind.IDEA,
)
# The meeting filter's two values that are not a meeting's id.
AT_MEETINGS = "series"
OUTSIDE_MEETINGS = "outside"
REGIONS = "regions"
SETTLEMENTS = "settlements"


def _portfolio_projects(process: Process) -> QuerySet[Project]:
    """The projects of the process's portfolio: the only ones that answer a need.

    Proposals not yet accepted and dropped projects answer nothing."""
    return (
        Project.objects.in_portfolio()
        .filter(process=process)
        .exclude(maturity=Project.Maturity.DROPPED)
    )


@dataclass
class SettlementInfo:
    id: int
    siruta: int
    name_hu: str
    name_ro: str
    micro_region_id: int | None


@dataclass
class GapData:
    contributions: list[gaps.ContributionRow]
    projects: list[gaps.ProjectRow]
    settlements: dict[int, SettlementInfo]  # by id, in Romanian alphabetical order
    micro_regions: dict[int, str]  # id → name, alphabetical
    domains: list[TaxonomyTerm]  # in the taxonomy's order
    currencies: list[str]  # of the projects with a budget (one, as a rule)


def _related(relation, owner: str, value: str, ids) -> dict[int, tuple[int, ...]]:
    """The ids a many-to-many `relation` links to each of `ids` (a subquery), one query:
    {owner id: (value id, ...)}."""
    grouped: dict[int, list[int]] = defaultdict(list)
    rows = relation.through.objects.filter(**{f"{owner}__in": ids}).values_list(owner, value)
    for owner_id, value_id in rows:
        grouped[owner_id].append(value_id)
    return {owner_id: tuple(values) for owner_id, values in grouped.items()}


def gap_contributions(
    *, process: Process, meeting: str | None = None, target_group: str | None = None
) -> QuerySet[Contribution]:
    """The public needs, shortcomings and ideas of the process, narrowed by the filters:
    `meeting` is a meeting's id, AT_MEETINGS (raised at any meeting of the series) or
    OUTSIDE_MEETINGS; `target_group` a target group's slug."""
    contributions = Contribution.objects.filter(
        process=process, status__in=PUBLIC_STATUSES, kind__in=COUNTED_KINDS
    )
    if meeting == AT_MEETINGS:
        contributions = contributions.filter(meeting__isnull=False)
    elif meeting == OUTSIDE_MEETINGS:
        contributions = contributions.filter(meeting__isnull=True)
    elif meeting:
        contributions = contributions.filter(meeting_id=int(meeting))
    if target_group:
        aimed = Contribution.target_groups.through.objects.filter(
            taxonomyterm__vocabulary=TaxonomyTerm.Vocabulary.TARGET_GROUP,
            taxonomyterm__slug=target_group,
        ).values("contribution_id")
        contributions = contributions.filter(pk__in=aimed)
    return contributions


def gap_data(
    *, process: Process, meeting: str | None = None, target_group: str | None = None
) -> GapData:
    """Everything the gap page and its export need. Twelve queries, whatever the rows."""
    filtered = gap_contributions(process=process, meeting=meeting, target_group=target_group)
    ids = filtered.order_by().values("pk")
    portfolio = _portfolio_projects(process)
    project_ids = portfolio.order_by().values("pk")

    domains_of = _related(Contribution.domains, "contribution_id", "taxonomyterm_id", ids)
    settlements_of = _related(Contribution.settlements, "contribution_id", "settlement_id", ids)
    supports = dict(
        Support.objects.filter(contribution_id__in=ids)
        .values("contribution_id")
        .annotate(n=Count("pk"))
        .values_list("contribution_id", "n")
    )
    dots = dict(
        WallDot.objects.filter(card__contribution__in=ids)
        .values("card__contribution")
        .annotate(n=Count("pk"))
        .values_list("card__contribution", "n")
    )
    # Taken up: a portfolio project has it among its origins. A query of its own (as a
    # correlated EXISTS, SQLite ran the projects' subquery once per contribution: 37 s).
    taken_up = set(
        ProjectOrigin.objects.filter(contribution_id__in=ids, project_id__in=project_ids)
        .values_list("contribution_id", flat=True)
        .distinct()
    )
    contributions = []
    for pk, kind, title in filtered.order_by("pk").values_list("pk", "kind", "title"):
        contributions.append(
            gaps.ContributionRow(
                id=pk,
                kind=kind,
                title=title,
                settlement_ids=settlements_of.get(pk, ()),
                domain_ids=domains_of.get(pk, ()),
                supports=supports.get(pk, 0) + dots.get(pk, 0),
                taken_up=pk in taken_up,
            )
        )

    project_domains = _related(Project.domains, "project_id", "taxonomyterm_id", project_ids)
    project_settlements = _related(Project.settlements, "project_id", "settlement_id", project_ids)
    projects = []
    currencies = set()
    for pk, budget, currency in portfolio.order_by("pk").values_list(
        "pk", "budget_total", "currency"
    ):
        if budget:
            currencies.add(currency)
        projects.append(
            gaps.ProjectRow(
                id=pk,
                settlement_ids=project_settlements.get(pk, ()),
                domain_ids=project_domains.get(pk, ()),
                budget=budget,
            )
        )

    settlements = {
        row[0]: SettlementInfo(*row)
        for row in Settlement.objects.filter(county_id=process.county_id)
        .order_by("name_ro", "pk")
        .values_list("pk", "siruta", "name_hu", "name_ro", "micro_region_id")
    }
    micro_regions = dict(
        MicroRegion.objects.filter(county_id=process.county_id)
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    domains = list(
        TaxonomyTerm.objects.filter(vocabulary=TaxonomyTerm.Vocabulary.DOMAIN).order_by(
            "position", "slug"
        )
    )
    return GapData(
        contributions=contributions,
        projects=projects,
        settlements=settlements,
        micro_regions=micro_regions,
        domains=domains,
        currencies=sorted(currencies),
    )


def gap_matrix_of(data: GapData, *, rows: str = REGIONS) -> gaps.GapMatrix:
    """The matrix by micro-region (REGIONS) or by settlement (SETTLEMENTS)."""
    if rows == SETTLEMENTS:
        row_of = {pk: pk for pk in data.settlements}
        row_keys = list(data.settlements)
    else:
        row_of = {
            pk: info.micro_region_id
            for pk, info in data.settlements.items()
            if info.micro_region_id is not None
        }
        row_keys = list(data.micro_regions)
    return gaps.gap_matrix(
        contributions=data.contributions,
        projects=data.projects,
        row_of=row_of,
        rows=row_keys,
        domains=[term.pk for term in data.domains],
    )


def gap_filter_choices(*, user, process: Process) -> dict:
    """The meetings of the series that have contributions, and the target groups."""
    return {
        "meetings": list(
            Meeting.objects.filter(visible_meetings_q(user, process))
            .filter(process=process)
            .filter(Exists(Contribution.objects.filter(meeting_id=OuterRef("pk"))))
            .order_by("starts_at", "pk")
        ),
        "target_groups": list(
            TaxonomyTerm.objects.filter(vocabulary=TaxonomyTerm.Vocabulary.TARGET_GROUP).order_by(
                "position", "slug"
            )
        ),
    }


# What the gap matrix is computed from, each table with the columns whose changes matter: a
# row added or removed changes its count (and a new one its largest id); the sums catch a
# row moved from one contribution, settlement or micro-region to another (merging duplicate
# contributions moves supports with a bulk update), `updated_at` every save.
_VERSION_COLUMNS = [
    (Contribution, ["MAX(updated_at)"]),
    (Project, ["MAX(updated_at)"]),
    (Support, ["SUM(contribution_id)"]),
    (WallDot, ["SUM(card_id)"]),
    (ProjectOrigin, ["SUM(contribution_id)", "SUM(project_id)"]),
    (Contribution.domains.through, ["SUM(contribution_id)", "SUM(taxonomyterm_id)"]),
    (Contribution.settlements.through, ["SUM(contribution_id)", "SUM(settlement_id)"]),
    (Contribution.target_groups.through, ["SUM(contribution_id)", "SUM(taxonomyterm_id)"]),
    (Project.domains.through, ["SUM(project_id)", "SUM(taxonomyterm_id)"]),
    (Project.settlements.through, ["SUM(project_id)", "SUM(settlement_id)"]),
    (
        Settlement,
        [
            "SUM(COALESCE(micro_region_id, 0))",
            "SUM(siruta)",
            "SUM(LENGTH(name_hu) + LENGTH(name_ro))",
        ],
    ),
    (MicroRegion, ["SUM(LENGTH(name))"]),
    (TaxonomyTerm, ["SUM(position)", "SUM(LENGTH(slug))"]),
]


def gap_data_version() -> str:
    """A fingerprint of everything `gap_data` reads, in one query: it changes whenever a
    contribution, support, wall dot, project, origin link, settlement or term changes (a
    count, a largest id, a sum or a latest `updated_at` per table; see `_VERSION_COLUMNS`).
    Cheap next to the reads it saves: one scan of each table, no join."""
    parts = []
    for model, columns in _VERSION_COLUMNS:
        table = connection.ops.quote_name(model._meta.db_table)
        for column in ["COUNT(*)", "MAX(id)", *columns]:
            parts.append(f"(SELECT {column} FROM {table})")  # noqa: S608 (our own names)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha256("|".join(map(str, row)).encode()).hexdigest()[:32]
