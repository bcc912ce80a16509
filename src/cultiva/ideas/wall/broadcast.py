"""Telling every open screen of a wall what changed, through the channel layer.

A wall's screens are in two groups: the board (projector and facilitators, who must see a
card within a second) and the phones (participants). New cards and dot counts are not sent
one by one: each message costs every screen of the group a dispatch, so 200 cards to 201
screens would be 40,200 messages. A group gets at most one "cards" message per tick (50 ms
for the board, 0.4 s for the phones): a card that finds the group quiet for a tick goes
out at once, the ones that come while it is busy wait for the end of the tick, together.
The posting phone does not wait: its consumer acknowledges the card directly.

Changes of the wall's shape (columns, voting, timer, a restored card) go out at once as a
snapshot; the board's snapshot also lists the hidden cards so that they can be restored.
"""

from __future__ import annotations

import asyncio
import json
import weakref

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction

from cultiva.ideas.models import Wall

BOARD_TICK = 0.05
PHONE_TICK = 0.4


def board_group(wall_id: int) -> str:
    return f"wall_{wall_id}_board"


def phones_group(wall_id: int) -> str:
    return f"wall_{wall_id}_phones"


def group_message(message: dict) -> dict:
    """Wrap a client message for group_send: the consumer's `wall.message` handler relays it.

    Encoded once here rather than by each of the wall's hundreds of screens.
    """
    return {"type": "wall.message", "text": json.dumps(message)}


def cards_message(cards: list[dict], dots: dict | None = None) -> dict:
    """New or changed cards and dot counts ({card id: count}) in one message."""
    return {
        "type": "cards",
        "cards": cards,
        "dots": {str(card_id): count for card_id, count in (dots or {}).items()},
    }


def ticks() -> tuple[float, float]:
    return (
        float(getattr(settings, "WALL_BOARD_TICK", BOARD_TICK)),
        float(getattr(settings, "WALL_PHONE_TICK", PHONE_TICK)),
    )


# --- from the consumers (in the event loop): batched per tick ---------------------------------


class _Batch:
    __slots__ = ("cards", "dots", "task")

    def __init__(self):
        self.cards: dict[int, dict] = {}
        self.dots: dict[int, int] = {}
        self.task: asyncio.Task | None = None


class Fanout:
    """Cards and dot counts of this process waiting for their group's next tick."""

    def __init__(self):
        self.batches: dict[str, _Batch] = {}
        self.sent_at: dict[str, float] = {}

    def add(self, wall_id: int, *, card: dict | None = None, dots: tuple[int, int] | None = None):
        board_tick, phone_tick = ticks()
        groups = ((board_group(wall_id), board_tick), (phones_group(wall_id), phone_tick))
        for group, delay in groups:
            batch = self.batches.get(group)
            if batch is None:
                loop = asyncio.get_running_loop()
                wait = max(0.0, self.sent_at.get(group, 0.0) + delay - loop.time())
                batch = self.batches[group] = _Batch()
                batch.task = loop.create_task(self._send_later(group, wait))
            if card is not None:
                batch.cards[card["id"]] = card
            if dots is not None:
                batch.dots[dots[0]] = dots[1]

    def forget(self, wall_id: int, card_id: int) -> None:
        """A card was hidden or deleted: what waits of it is not sent."""
        for group in (board_group(wall_id), phones_group(wall_id)):
            batch = self.batches.get(group)
            if batch is not None:
                batch.cards.pop(card_id, None)
                batch.dots.pop(card_id, None)

    async def flush(self, wall_id: int) -> None:
        """Send what waits now, before a snapshot that must not be overtaken by older cards."""
        for group in (board_group(wall_id), phones_group(wall_id)):
            batch = self.batches.get(group)
            if batch is not None:
                batch.task.cancel()
                await self._send(group)

    async def _send_later(self, group: str, delay: float) -> None:
        await asyncio.sleep(delay)
        await self._send(group)

    async def _send(self, group: str) -> None:
        batch = self.batches.pop(group, None)
        if batch is None or not (batch.cards or batch.dots):
            return
        self.sent_at[group] = asyncio.get_running_loop().time()
        layer = get_channel_layer()
        await layer.group_send(
            group, group_message(cards_message(list(batch.cards.values()), batch.dots))
        )


_fanouts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def fanout() -> Fanout:
    """The fanout of the running event loop (one per process in production)."""
    loop = asyncio.get_running_loop()
    found = _fanouts.get(loop)
    if found is None:
        found = _fanouts[loop] = Fanout()
    return found


# --- from views and services (synchronous): sent once the transaction commits -----------------


def _send_after_commit(sends: list[tuple[str, dict]]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return

    def send():
        for group, message in sends:
            async_to_sync(layer.group_send)(group, group_message(message))

    transaction.on_commit(send)


def wall_broadcast(wall: Wall, message: dict) -> None:
    """Send `message` to every screen of the wall once the current transaction commits."""
    _send_after_commit([(board_group(wall.pk), message), (phones_group(wall.pk), message)])


def wall_broadcast_state(wall: Wall) -> None:
    """Every screen draws the wall again: the phones without, the board with hidden cards."""
    from cultiva.ideas.wall.selectors import wall_state

    wall.refresh_from_db()
    _send_after_commit(
        [
            (board_group(wall.pk), wall_state(wall, manager=True)),
            (phones_group(wall.pk), wall_state(wall)),
        ]
    )


def wall_broadcast_removal(wall: Wall, card_id: int) -> None:
    """A card was hidden or deleted: the phones drop it, the board draws the wall again."""
    from cultiva.ideas.wall.selectors import wall_state

    _send_after_commit(
        [
            (phones_group(wall.pk), {"type": "remove", "card": card_id}),
            (board_group(wall.pk), wall_state(wall, manager=True)),
        ]
    )
