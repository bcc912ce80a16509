"""Background embedding of contributions after their texts were written (see services)."""

from __future__ import annotations

from django_tasks import task

from cultiva.synthesis.services.embeddings import embeddings_compute


@task()
def embed_contributions(contribution_ids: list[int]) -> int:
    """Embed the contributions whose text changed since their vector was stored.

    New vectors may reveal duplicates, so the duplicate queue looks at these contributions next.
    """
    from cultiva.synthesis.tasks.duplicates import duplicates_find_for_task

    embedded = embeddings_compute(contribution_ids)
    if embedded:
        duplicates_find_for_task.enqueue(contribution_ids)
    return embedded
