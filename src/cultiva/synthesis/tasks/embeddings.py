"""Background embedding of contributions after their texts were written (see services)."""

from __future__ import annotations

from django_tasks import task

from cultiva.synthesis.services.embeddings import embeddings_compute


@task()
def embed_contributions(contribution_ids: list[int]) -> int:
    """Embed the contributions whose text changed since their vector was stored."""
    return embeddings_compute(contribution_ids)
