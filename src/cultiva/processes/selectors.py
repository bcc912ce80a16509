"""Reads of processes."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

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
        meeting_count=Count("meetings", filter=Q(meetings__is_published=True), distinct=True),
        contribution_count=Count(
            "contributions",
            filter=Q(contributions__status__in=["submitted", "in_portfolio"]),
            distinct=True,
        ),
        project_count=Count("projects", distinct=True),
    )


def process_by_slug(*, slug: str) -> Process:
    return Process.objects.select_related("county").prefetch_related("phases").get(slug=slug)
