"""Background work of the duplicate queue: look for likely duplicates in a process."""

from __future__ import annotations

from django_tasks import task


@task()
def duplicates_find_task(process_id: int, actor_id: int | None = None) -> int:
    """Store the new likely-duplicate pairs of a process (see `services.duplicates_find`)."""
    from django.contrib.auth import get_user_model

    from cultiva.processes.models import Process
    from cultiva.synthesis.services.duplicates import duplicates_find

    process = Process.objects.filter(pk=process_id).first()
    if process is None:
        return 0
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return duplicates_find(process, actor=actor)


@task()
def duplicates_find_for_task(contribution_ids: list[int]) -> int:
    """After an embedding batch: pairs involving these contributions only, per process."""
    from cultiva.ideas.models import Contribution
    from cultiva.processes.models import Process
    from cultiva.synthesis.services.duplicates import duplicates_find

    by_process: dict[int, list[int]] = {}
    for pk, process_id in Contribution.objects.filter(pk__in=contribution_ids).values_list(
        "pk", "process_id"
    ):
        by_process.setdefault(process_id, []).append(pk)
    found = 0
    for process in Process.objects.filter(pk__in=by_process).order_by("pk"):
        found += duplicates_find(process, contribution_ids=by_process[process.pk])
    return found
