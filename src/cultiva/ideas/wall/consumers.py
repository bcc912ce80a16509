"""The wall's WebSocket: one JSON consumer per screen, all screens of a wall in one group.

Client → server messages (JSON objects with a "type"):
  snapshot                                  ask for the whole wall again (after a reconnect)
  post {client_id, kind, text}              a new card (same client_id again: no duplicate)
  dot {card} / undot {card}                 place or take back one dot while voting is open
  move {card, column}, column_add {title}, column_rename {column, title},
  column_delete {column}, column_move {column, step: -1|1},
  hide {card}, restore {card}, delete {card},
  timer {minutes}, voting {open}            facilitators only
Server → client: snapshot (facilitators' also lists "hidden" cards), cards {cards, dots}
(new cards and dot counts, batched per tick: see broadcast.py), ack {client_id, card} (to the
poster at once), remove {card} (hidden or deleted), my_dots, error.

Facilitators' screens are in the wall's board group, everyone else's in its phones group.
"""

from __future__ import annotations

import json
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from cultiva.core.forms import error_text
from cultiva.core.nul_bytes import strip_nul_json
from cultiva.ideas import rules
from cultiva.ideas.models import Wall, WallCard, WallColumn
from cultiva.ideas.wall import posting, selectors, services
from cultiva.ideas.wall.broadcast import board_group, fanout, group_message, phones_group

CLOSE_NOT_FOUND = 4404
CLOSE_FORBIDDEN = 4403


def token_cookie_name(code: str) -> str:
    return f"cultiva_wall_{code}"


def _header(scope, name: bytes) -> str:
    for key, value in scope.get("headers") or []:
        if key == name:
            return value.decode("latin-1")
    return ""


def scope_language(scope) -> str:
    cookies = scope.get("cookies")
    if cookies is None:
        jar = SimpleCookie()
        jar.load(_header(scope, b"cookie"))
        cookies = {key: morsel.value for key, morsel in jar.items()}
    codes = {code for code, _name in settings.LANGUAGES}
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in codes:
        return chosen
    for part in _header(scope, b"accept-language").split(","):
        code = part.split(";")[0].strip().split("-")[0].lower()
        if code in codes:
            return code
    return settings.LANGUAGE_CODE


def scope_token(scope, code: str) -> str:
    query = parse_qs((scope.get("query_string") or b"").decode("latin-1"))
    token = (query.get("token") or [""])[0]
    if token:
        return token
    cookies = scope.get("cookies") or {}
    if not cookies:
        jar = SimpleCookie()
        jar.load(_header(scope, b"cookie"))
        cookies = {key: morsel.value for key, morsel in jar.items()}
    return cookies.get(token_cookie_name(code), "")


class WallConsumer(AsyncJsonWebsocketConsumer):
    wall: Wall
    participant = None
    manager = False

    # --- connecting ---------------------------------------------------------------------------

    async def connect(self):
        self.language = scope_language(self.scope)
        code = self.scope["url_route"]["kwargs"]["code"]
        allowed = await self._identify(code)
        if not allowed:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.group = board_group(self.wall.pk) if self.manager else phones_group(self.wall.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self._send_state()

    @database_sync_to_async
    def _identify(self, code: str) -> bool:
        wall = selectors.wall_by_code(code)
        if wall is None:
            return False
        self.wall = wall
        user = self.scope.get("user")
        authenticated = bool(user is not None and user.is_authenticated)
        self.manager = authenticated and bool(rules.can_manage_wall(user, wall.meeting.process))
        participant = selectors.participant_by_token(wall, scope_token(self.scope, code))
        if not selectors.participant_fits(participant, wall, user):
            participant = None
        if participant is None and authenticated:
            participant = selectors.participant_for_user(wall, user)
            if participant is None and rules.can_join_wall(user, wall):
                participant = services.wall_participant_join(wall=wall, user=user)
        self.participant = participant
        return participant is not None or self.manager

    async def disconnect(self, code):
        group = getattr(self, "group", None)
        if group:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def dispatch(self, message):
        """Relay the wall's group messages without Channels' per-message database clean-up.

        Channels' own dispatch first closes stale database connections in the sync thread: a
        thread hop per message, queued behind every other screen's database work. For the
        group messages (which touch no database), sent to hundreds of screens, that hop and
        not the work made the projector wait seconds. Everything else goes the usual way.
        """
        if message.get("type") == "wall.message":
            await self.wall_message(message)
            return
        await super().dispatch(message)

    # --- receiving ----------------------------------------------------------------------------

    @classmethod
    async def decode_json(cls, text_data):
        try:
            content = strip_nul_json(json.loads(text_data))  # NUL: see core.nul_bytes
        except (TypeError, ValueError):
            return {}
        return content if isinstance(content, dict) else {}

    async def receive_json(self, content, **kwargs):
        kind = content.get("type")
        handler = {
            "snapshot": self._on_snapshot,
            "post": self._on_post,
            "dot": self._on_dot,
            "undot": self._on_dot,
            "move": self._on_manage,
            "column_add": self._on_manage,
            "column_rename": self._on_manage,
            "column_delete": self._on_manage,
            "column_move": self._on_manage,
            "hide": self._on_manage,
            "restore": self._on_manage,
            "delete": self._on_manage,
            "timer": self._on_manage,
            "voting": self._on_manage,
        }.get(kind)
        if handler is None:
            await self._error(_("Unknown request."))
            return
        try:
            await handler(content)
        except (ValidationError, PermissionDenied) as error:
            await self._error(_message(error), client_id=content.get("client_id"))

    async def _on_snapshot(self, content):
        await self._send_state()

    async def _on_post(self, content):
        if self.participant is None:
            raise PermissionDenied(self._t(lambda: _("Join the wall to post a card.")))
        posted = await posting.post_card(
            self.wall.pk,
            services.CardPost(
                participant=self.participant,
                kind=str(content.get("kind") or ""),
                text=str(content.get("text") or ""),
                client_id=str(content.get("client_id") or ""),
            ),
            self.language,
        )
        if posted.error is not None:
            raise posted.error
        card, created = posted.card, posted.created
        data = selectors.card_json(card)
        await self.send_json({"type": "ack", "client_id": card.client_id, "card": data})
        if created:
            fanout().add(self.wall.pk, card=data)

    async def _on_dot(self, content):
        if self.participant is None:
            raise PermissionDenied(self._t(lambda: _("Join the wall to vote.")))
        add = content.get("type") == "dot"

        def work():
            card = _card(self.wall, content.get("card"))
            if add:
                services.wall_dot_add(participant=self.participant, card=card)
            else:
                services.wall_dot_remove(participant=self.participant, card=card)
            return (
                (card.pk, selectors.card_dot_count(card.pk)),
                selectors.my_dots_message(self.participant, self.wall),
            )

        counts, mine = await self._run(work)
        await self.send_json(mine)
        fanout().add(self.wall.pk, dots=counts)

    async def _on_manage(self, content):
        if not self.manager:
            raise PermissionDenied(self._t(lambda: _("Only the facilitators can do this.")))
        kind = content.get("type")
        user = self.scope["user"]

        def work():
            wall = selectors.wall_by_pk(self.wall.pk)
            if kind in ("hide", "delete"):
                card = _card(wall, content.get("card"), hidden=None)
                card_id = card.pk  # delete() empties card.pk
                if kind == "hide":
                    services.wall_card_hide(actor=user, wall=wall, card=card)
                else:
                    services.wall_card_delete(actor=user, wall=wall, card=card)
                self.wall = wall
                # The phones only drop the card; the board also sees the hidden list.
                return card_id, selectors.wall_state(wall, manager=True), None
            if kind == "restore":
                card = _card(wall, content.get("card"), hidden=True)
                services.wall_card_restore(actor=user, wall=wall, card=card)
            elif kind == "column_delete":
                services.wall_column_delete(
                    actor=user, wall=wall, column=_column(wall, content.get("column"))
                )
            elif kind == "column_move":
                services.wall_column_move(
                    actor=user,
                    wall=wall,
                    column=_column(wall, content.get("column")),
                    step=_int(content.get("step")),
                )
            elif kind == "move":
                services.wall_card_move(
                    actor=user,
                    wall=wall,
                    card=_card(wall, content.get("card")),
                    column=_column(wall, content.get("column")),
                )
            elif kind == "column_add":
                services.wall_column_add(actor=user, wall=wall, title=str(content.get("title", "")))
            elif kind == "column_rename":
                services.wall_column_rename(
                    actor=user,
                    wall=wall,
                    column=_column(wall, content.get("column")),
                    title=str(content.get("title", "")),
                )
            elif kind == "timer":
                services.wall_timer_set(actor=user, wall=wall, minutes=_int(content.get("minutes")))
            elif kind == "voting":
                services.wall_voting_set(
                    actor=user, wall=wall, voting_open=bool(content.get("open"))
                )
            self.wall = wall
            return None, selectors.wall_state(wall, manager=True), selectors.wall_state(wall)

        removed, board_state, phones_state = await self._run(work)
        wall_id = self.wall.pk
        layer = self.channel_layer
        if removed is not None:
            fanout().forget(wall_id, removed)
            await fanout().flush(wall_id)
            await layer.group_send(
                phones_group(wall_id), group_message({"type": "remove", "card": removed})
            )
        else:
            await fanout().flush(wall_id)  # older than the snapshot: must not come after it
            await layer.group_send(phones_group(wall_id), group_message(phones_state))
        await layer.group_send(board_group(wall_id), group_message(board_state))

    # --- sending ------------------------------------------------------------------------------

    async def wall_message(self, event):
        """A message for every screen of the wall (from group_send)."""
        try:
            await self.send(text_data=event["text"])
        except (RuntimeError, OSError):
            # The server already closed this socket (a phone that stopped answering pings);
            # its disconnect is on the way. Messages for a screen that is gone are dropped,
            # not raised: under load they filled the server log with tracebacks.
            return

    async def _send_state(self):
        def work():
            wall = selectors.wall_by_pk(self.wall.pk)
            self.wall = wall
            messages = [selectors.wall_state(wall, manager=self.manager)]
            if self.participant is not None:
                messages.append(selectors.my_dots_message(self.participant, wall))
            return messages

        for message in await self._run(work):
            await self.send_json(message)

    async def _error(self, message: str, client_id=None):
        payload = {"type": "error", "message": str(message)}
        if client_id:
            payload["client_id"] = str(client_id)[:64]
        await self.send_json(payload)

    def _t(self, make):
        with translation.override(self.language):
            return str(make())

    async def _run(self, work):
        """Run ORM work in a worker thread, with this screen's language active."""

        def in_language():
            with translation.override(self.language):
                try:
                    return work()
                except (ValidationError, PermissionDenied) as error:
                    # Translate now, while the screen's language is active.
                    raise type(error)(_message(error)) from None

        return await database_sync_to_async(in_language)()


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return error_text(error)
    return str(error) or _("You cannot do this.")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Please give a number.")) from None


def _card(wall: Wall, card_id, *, hidden: bool | None = False) -> WallCard:
    """A card of the wall: shown ones only, hidden ones only (True), or either (None)."""
    cards = WallCard.objects.filter(wall=wall, pk=_int(card_id))
    if hidden is not None:
        cards = cards.filter(hidden_at__isnull=not hidden)
    card = cards.first()
    if card is None:
        raise ValidationError(_("This card is not on this wall."))
    return card


def _column(wall: Wall, column_id) -> WallColumn:
    column = WallColumn.objects.filter(wall=wall, pk=_int(column_id)).first()
    if column is None:
        raise ValidationError(_("This column is not on this wall."))
    return column
