"""Reads of processes."""

from __future__ import annotations

from django.db.models import Q, QuerySet

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
        project_count=count_of(Project.objects.all(), parent_field="process"),
    )


def process_by_slug(*, slug: str) -> Process:
    return Process.objects.select_related("county").prefetch_related("phases").get(slug=slug)
