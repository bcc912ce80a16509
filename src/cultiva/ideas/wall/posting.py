"""Writing the cards that the wall's screens post, together (group commit).

All of a process's database work runs in one thread (database_sync_to_async), so 200 cards
posted at once used to wait for 200 transactions in a row. Here the posts that arrive while
a write is running wait for it to finish and are then written by one call of
`services.wall_cards_post`: a lone card is written at once, a burst in a few batches. Each
post still gets its own answer (its card, or the reason it was refused, in the language of
the screen that sent it).
"""

from __future__ import annotations

import asyncio
import weakref

from channels.db import database_sync_to_async
from django.core.exceptions import ValidationError
from django.db import close_old_connections
from django.utils import translation

from cultiva.ideas.wall import services

MAX_BATCH = 100


class _Queue:
    """Posts to one wall waiting for the database in this process."""

    def __init__(self, wall_id: int):
        self.wall_id = wall_id
        self.waiting: list[tuple[services.CardPost, str, asyncio.Future]] = []
        self.busy = False

    async def drain(self) -> None:
        try:
            while self.waiting:
                # One language per batch: refusals are worded for the screens that get them.
                language = self.waiting[0][1]
                batch = [item for item in self.waiting if item[1] == language][:MAX_BATCH]
                taken = {id(item) for item in batch}
                self.waiting = [item for item in self.waiting if id(item) not in taken]
                try:
                    results = await database_sync_to_async(self._write)(
                        [post for post, _language, _future in batch], language
                    )
                except Exception as error:  # noqa: BLE001 - handed to every waiting screen
                    for _post, _language, future in batch:
                        if not future.done():
                            future.set_exception(error)
                else:
                    for (_post, _language, future), result in zip(batch, results, strict=True):
                        if not future.done():
                            future.set_result(result)
        finally:
            self.busy = False

    def _write(self, posts, language):
        try:
            with translation.override(language):
                results = services.wall_cards_post(wall_id=self.wall_id, posts=posts)
                for result in results:
                    if result.error is not None:  # worded now, while the language is active
                        messages = result.error.messages
                        result.error = ValidationError(" ".join(str(m) for m in messages))
                return results
        finally:
            # Outside any consumer's dispatch: nobody else closes an obsolete connection.
            close_old_connections()


_queues: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


async def post_card(wall_id: int, post: services.CardPost, language: str) -> services.Posted:
    """Save one card along with whatever else is waiting for this wall; its own result."""
    loop = asyncio.get_running_loop()
    queues = _queues.get(loop)
    if queues is None:
        queues = _queues[loop] = {}
    queue = queues.get(wall_id)
    if queue is None:
        queue = queues[wall_id] = _Queue(wall_id)
    future = loop.create_future()
    queue.waiting.append((post, language, future))
    if not queue.busy:
        queue.busy = True
        loop.create_task(queue.drain())
    return await future
