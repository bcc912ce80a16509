"""Keep stored embeddings in step with contribution texts (connected in apps.ready)."""

from __future__ import annotations

from django.dispatch import receiver

from cultiva.ideas.signals import contribution_texts_changed


@receiver(contribution_texts_changed)
def schedule_embeddings(sender, contribution_ids, **kwargs) -> None:
    from cultiva.synthesis.services.embeddings import embeddings_schedule

    embeddings_schedule(contribution_ids)
