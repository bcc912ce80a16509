"""Reads of contributions, shaped so the query count does not grow with the rows."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from cultiva.core.models import Settlement, TaxonomyTerm
from cultiva.ideas.models import Contribution
from cultiva.ideas.rules import visible_contributions_q
from cultiva.processes.models import Process


def contribution_list(
    *,
    user,
    process: Process,
    kind: str | None = None,
    domain: str | None = None,
    query: str | None = None,
) -> QuerySet[Contribution]:
    contributions = (
        Contribution.objects.filter(process=process)
        .filter(visible_contributions_q(user, process))
        .select_related("author", "organisation", "meeting", "process")
        .prefetch_related(
            Prefetch("domains", queryset=TaxonomyTerm.objects.order_by("position")),
            Prefetch("settlements", queryset=Settlement.objects.order_by("name_ro")),
        )
        .order_by("-created_at", "-id")
    )
    if kind:
        contributions = contributions.filter(kind=kind)
    if domain:
        contributions = contributions.filter(domains__slug=domain)
    if query:
        contributions = contributions.filter(Q(title__icontains=query) | Q(body__icontains=query))
    return contributions


def contribution_detail(*, pk: int) -> Contribution:
    return (
        Contribution.objects.select_related("author", "organisation", "meeting", "process")
        .prefetch_related("domains", "settlements", "target_groups", "project_links__project")
        .get(pk=pk)
    )
