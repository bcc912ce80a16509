"""Reads of the portfolio, with a fixed number of queries per page."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from cultiva.ideas.models import Contribution
from cultiva.meetings.models import Meeting
from cultiva.portfolio.models import (
    MaturityChange,
    Project,
    ProjectOrigin,
    ProjectPartner,
    ProjectVersion,
)
from cultiva.processes.models import Process


def project_list(*, process: Process, maturity: str | None = None) -> QuerySet[Project]:
    projects = (
        Project.objects.in_portfolio()
        .filter(process=process)
        .select_related("lead_organisation", "process")
        .prefetch_related("domains", "settlements")
        .annotate(origin_count=Count("origin_links", distinct=True))
        .order_by("code")
    )
    if maturity:
        projects = projects.filter(maturity=maturity)
    return projects


def project_detail(*, pk: int) -> Project:
    # The duplicates merged into each origin, and theirs (their authors count among the
    # proposers): two queries whatever the number of origins.
    def duplicates():
        return (
            Contribution.objects.filter(status=Contribution.Status.MERGED)
            .select_related("author", "organisation", "meeting")
            .order_by("pk")
        )

    also_proposed = Prefetch(
        "contribution__merged_duplicates",
        queryset=duplicates().prefetch_related(
            Prefetch("merged_duplicates", queryset=duplicates(), to_attr="also_proposed")
        ),
        to_attr="also_proposed",
    )
    origins = (
        ProjectOrigin.objects.select_related(
            "contribution__author", "contribution__organisation", "contribution__meeting"
        )
        .prefetch_related(also_proposed)
        .order_by("added_at", "pk")
    )
    return (
        Project.objects.select_related("process", "lead_organisation", "created_by")
        .prefetch_related(
            "domains",
            "settlements",
            "partners",
            *CARD_PARTS,
            Prefetch("origin_links", queryset=origins),
            "measure_links__measure__axis__goal__strategy",
            Prefetch(
                "maturity_changes",
                queryset=MaturityChange.objects.select_related("actor").order_by(
                    "-changed_at", "-pk"
                ),
            ),
        )
        .get(pk=pk)
    )


# What the card shows beyond the original fields, prefetched for the page and the form.
CARD_PARTS = (
    Prefetch(
        "partnerships",
        queryset=ProjectPartner.objects.select_related("organisation").order_by("pk"),
    ),
    "target_groups",
    Prefetch("synergy_projects", queryset=Project.objects.order_by("code")),
    Prefetch("meetings", queryset=Meeting.objects.order_by("starts_at", "pk")),
    "themes",
    "milestones",
    "budget_lines",
    "risks",
    "output_indicators",
    "attachments",
)


# What the printed card adds to CARD_PARTS: where it came from and the measures it serves.
CARD_PRINTED = (
    "origin_links__contribution__meeting",
    "measure_links__measure",
)


def project_for_edit(*, process: Process) -> QuerySet[Project]:
    """The process's projects with what the card form shows (pick one with .get(pk=))."""
    return (
        Project.objects.filter(process=process)
        .select_related("process", "lead_organisation")
        .prefetch_related("partners", "settlements", "domains", *CARD_PARTS)
    )


def project_versions(*, project: Project) -> QuerySet[ProjectVersion]:
    """The saved versions of a card, newest first (the snapshot is loaded when compared)."""
    return (
        ProjectVersion.objects.filter(project=project)
        .select_related("actor")
        .defer("snapshot")
        .order_by("-number")
    )


def promotable_contributions(*, process: Process) -> QuerySet[Contribution]:
    return Contribution.objects.filter(
        process=process,
        status__in=[Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO],
    )
