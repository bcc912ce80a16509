"""Background computing of opinion maps: a thin wrapper that loads by id and calls the service."""

from __future__ import annotations

from django_tasks import task

from cultiva.synthesis.models import Conversation
from cultiva.synthesis.services import opinion as services


@task()
def opinion_analyse(conversation_id: int, force: bool = False) -> int | None:
    """Recompute the conversation's opinion map when its votes changed; returns the groups."""
    conversation = Conversation.objects.select_related("process").filter(pk=conversation_id).first()
    if conversation is None:
        return None
    analysis = services.analysis_compute(conversation=conversation, force=force)
    return int(analysis.result.get("group_count", 0))
