"""Telling every open screen of a wall what changed, through the channel layer."""

from __future__ import annotations

import json

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from cultiva.ideas.models import Wall


def wall_group(wall_id: int) -> str:
    return f"wall_{wall_id}"


def group_message(message: dict) -> dict:
    """Wrap a client message for group_send: the consumer's `wall.message` handler relays it.

    Encoded once here rather than by each of the wall's hundreds of screens.
    """
    return {"type": "wall.message", "text": json.dumps(message)}


def wall_broadcast(wall: Wall, message: dict) -> None:
    """Send `message` to every screen of the wall once the current transaction commits."""
    layer = get_channel_layer()
    if layer is None:
        return

    def send():
        async_to_sync(layer.group_send)(wall_group(wall.pk), group_message(message))

    transaction.on_commit(send)


def wall_broadcast_state(wall: Wall) -> None:
    from cultiva.ideas.wall.selectors import wall_state

    wall.refresh_from_db()
    wall_broadcast(wall, wall_state(wall))
