"""Writing the activity log. Every service that changes state calls `activity_record`."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from cultiva.core.models import ActivityLog


def activity_record(
    *,
    actor,
    verb: str,
    target: models.Model,
    process=None,
    changes: dict[str, Any] | None = None,
) -> ActivityLog:
    return ActivityLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        process=process,
        changes=changes or {},
    )


def activity_record_many(
    *, entries: list[tuple[Any, models.Model]], verb: str, process=None
) -> None:
    """One entry per (actor, target), written at once: for services that change many rows in
    one go (a burst of live-wall cards), where one INSERT per row would cost the burst."""
    if not entries:
        return
    ActivityLog.objects.bulk_create(
        ActivityLog(
            actor_id=actor_id,
            verb=verb,
            target_type=ContentType.objects.get_for_model(target),
            target_id=str(target.pk),
            target_repr=str(target)[:255],
            process=process,
            changes={},
        )
        for actor_id, target in entries
    )


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Only the fields whose value changed, as {"field": [before, after]}."""
    return {
        key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)
    }
