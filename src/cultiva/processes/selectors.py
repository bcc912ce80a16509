"""Reads of processes."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from cultiva.core.queries import count_of
from cultiva.ideas.models import Contribution
from cultiva.meetings.models import Meeting
from cultiva.portfolio.models import Project
from cultiva.processes.models import Process, ProcessRole


def process_list(*, user) -> QuerySet[Process]:
    processes = Process.objects.all()
    if not (user.is_authenticated and user.is_superuser):
        own = (
            ProcessRole.objects.filter(user=user).values("process_id")
            if user.is_authenticated
            else ProcessRole.objects.none().values("process_id")
        )
        processes = processes.filter(Q(is_published=True) | Q(pk__in=own))
    return processes.select_related("county").annotate(
        meeting_count=count_of(Meeting.objects.filter(is_published=True), parent_field="process"),
        contribution_count=count_of(
            Contribution.objects.filter(status__in=["submitted", "in_portfolio"]),
            parent_field="process",
        ),
        project_count=count_of(Project.objects.in_portfolio(), parent_field="process"),
    )


def process_by_slug(*, slug: str) -> Process:
    return Process.objects.select_related("county").prefetch_related("phases").get(slug=slug)


def people_matching(*, query: str, searcher, exact: bool = False, limit: int = 20) -> list:
    """Active people whose name or e-mail address matches: the whole of it when `exact` (to
    name a coordinator), a part of it otherwise (the search box). Erased accounts never match.

    Platform administrators search everyone; a coordinator searches only the people of the
    processes they coordinate (and themselves), because e-mail addresses are shown only to
    the coordinators of processes a person takes part in. Anyone else is reached by invitation.
    """
    from cultiva.accounts.models import User
    from cultiva.processes.rules import Role, is_platform_staff, processes_where

    query = query.strip()
    if not query:
        return []
    people = User.objects.filter(is_active=True, erased_at__isnull=True)
    if not is_platform_staff(searcher):
        coordinated = processes_where(searcher, Role.COORDINATOR)
        people = people.filter(
            Q(pk=searcher.pk) | Q(process_roles__process__in=coordinated)
        ).distinct()
    if exact:
        people = people.filter(Q(email__iexact=query) | Q(full_name__iexact=query))
    else:
        people = people.filter(Q(email__icontains=query) | Q(full_name__icontains=query))
    return list(people.order_by("full_name", "email")[:limit])


def processes_to_set_up(*, user) -> QuerySet[Process]:
    """The processes whose set-up the user may change: all for platform administrators
    (superusers), those they coordinate for everyone else."""
    from cultiva.processes.rules import Role, processes_where

    return (
        processes_where(user, Role.COORDINATOR)
        .select_related("county")
        .annotate(phase_count=Count("phases"))
        .order_by("-starts_on", "slug")
    )
