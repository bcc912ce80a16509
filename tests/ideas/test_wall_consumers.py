"""The wall's WebSocket: live cards between screens, reconnecting, refusing strangers.

Runs on SQLite and PostgreSQL (transactional: the consumer's ORM work runs in other threads).
"""

from __future__ import annotations

import concurrent.futures
import functools

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from cultiva.ideas.models import WallCard, WallDot
from cultiva.ideas.wall import services
from cultiva.ideas.wall.routing import websocket_urlpatterns
from tests.factories import make_world
from tests.ideas.wall_helpers import guest, open_wall

pytestmark = pytest.mark.django_db(transaction=True)


def run_async(test):
    """Run an async test body in an event loop of its own (no pytest-asyncio needed).

    The loop runs on a fresh thread: a browser test earlier in the same worker leaves
    Playwright's event loop running on the main thread, where AsyncToSync refuses to start.
    """

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(async_to_sync(test), *args, **kwargs).result()

    return wrapper


APP = URLRouter(websocket_urlpatterns)


async def connect(wall, user=None, token=""):
    path = f"/ws/walls/{wall.code}/" + (f"?token={token}" if token else "")
    communicator = WebsocketCommunicator(APP, path)
    communicator.scope["user"] = user or AnonymousUser()
    connected, _code = await communicator.connect()
    return communicator, connected


async def receive_until(communicator, kind, timeout=2):
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


async def receive_cards(communicator, timeout=2):
    """The next batch of cards and dot counts (sent per tick, see broadcast.py)."""
    return await receive_until(communicator, "cards", timeout=timeout)


@pytest.fixture(autouse=True)
def quick_ticks(settings):
    settings.WALL_PHONE_TICK = 0.05


@pytest.fixture
def setup():
    world = make_world()
    wall = open_wall(world, allow_guests=True, dots_per_person=3)
    return world, wall


@run_async
async def test_a_card_posted_on_one_screen_arrives_on_the_other(setup):
    world, wall = setup
    visitor = await database_sync_to_async(guest)(wall)
    poster, ok1 = await connect(wall, token=visitor.token)
    watcher, ok2 = await connect(wall, user=world.member)
    projector, ok3 = await connect(wall, user=world.facilitator)
    assert ok1 and ok2 and ok3
    for screen in (poster, watcher, projector):
        snapshot = await receive_until(screen, "snapshot")
        assert [c["title"] for c in snapshot["columns"]] == ["Ötletek", "Hiányok"]

    await poster.send_json_to({"type": "post", "client_id": "c-1", "kind": "idea", "text": "Tánc"})
    assert (await receive_until(poster, "ack"))["client_id"] == "c-1"
    [card] = (await receive_cards(watcher))["cards"]
    assert card["text"] == "Tánc" and card["kind"] == "idea"
    assert [c["id"] for c in (await receive_cards(projector))["cards"]] == [card["id"]]

    # The same card again (a resend after a dropped connection) makes no duplicate.
    await poster.send_json_to({"type": "post", "client_id": "c-1", "kind": "idea", "text": "Tánc"})
    assert (await receive_until(poster, "ack"))["card"]["id"] == card["id"]
    assert await database_sync_to_async(WallCard.objects.filter(wall=wall).count)() == 1

    # Dots: the projector opens voting, the count reaches every screen.
    await projector.send_json_to({"type": "voting", "open": True})
    assert (await receive_until(watcher, "snapshot"))["wall"]["voting_open"] is True
    await watcher.send_json_to({"type": "dot", "card": card["id"]})
    assert (await receive_cards(projector))["dots"] == {str(card["id"]): 1}
    mine = await receive_until(watcher, "my_dots")
    assert mine["used"] == 1 and mine["cards"] == {str(card["id"]): 1}
    assert (await receive_cards(poster))["dots"] == {str(card["id"]): 1}
    await watcher.send_json_to({"type": "undot", "card": card["id"]})
    assert (await receive_cards(poster))["dots"] == {str(card["id"]): 0}

    # Participants cannot move cards; the facilitator can.
    second = await database_sync_to_async(lambda: wall.columns.last().pk)()
    await watcher.send_json_to({"type": "move", "card": card["id"], "column": second})
    assert (await receive_until(watcher, "error"))["message"]
    await projector.send_json_to({"type": "move", "card": card["id"], "column": second})
    moved = await receive_until(poster, "snapshot")
    assert moved["cards"][0]["column"] == second

    for screen in (poster, watcher, projector):
        await screen.disconnect()


@run_async
async def test_reconnect_gets_a_snapshot_and_resent_cards_are_not_duplicated(setup):
    world, wall = setup
    member = await connect(wall, user=world.member)
    first = member[0]
    await receive_until(first, "snapshot")
    await first.send_json_to({"type": "post", "client_id": "p-1", "kind": "need", "text": "Terem"})
    await receive_until(first, "ack")
    await first.disconnect()

    again, connected = await connect(wall, user=world.member)
    assert connected
    snapshot = await receive_until(again, "snapshot")
    assert [c["text"] for c in snapshot["cards"]] == ["Terem"]
    await again.send_json_to({"type": "post", "client_id": "p-1", "kind": "need", "text": "Terem"})
    await receive_until(again, "ack")
    await again.send_json_to({"type": "snapshot"})
    assert len((await receive_until(again, "snapshot"))["cards"]) == 1
    await again.disconnect()


@run_async
async def test_a_nul_in_a_card_is_dropped_not_a_database_error(setup):
    """PostgreSQL refuses NUL in text; WebSocket messages are cleaned like HTTP input."""
    world, wall = setup
    member, connected = await connect(wall, user=world.member)
    assert connected
    await receive_until(member, "snapshot")
    message = {"type": "post", "client_id": "n\x00-1", "kind": "idea", "text": "Tá\x00nc"}
    await member.send_json_to(message)
    ack = await receive_until(member, "ack")
    assert ack["card"]["text"] == "Tánc" and ack["client_id"] == "n-1"
    await member.disconnect()


@run_async
async def test_strangers_are_refused(setup):
    world, wall = setup
    _communicator, connected = await connect(wall)  # anonymous, no token
    assert not connected
    _communicator, connected = await connect(wall, token="forged")
    assert not connected


@run_async
async def test_guests_refused_when_not_allowed():
    world = await database_sync_to_async(make_world)()
    wall = await database_sync_to_async(open_wall)(world, allow_guests=False)
    communicator, connected = await connect(wall)
    assert not connected
    # A member may join the same wall.
    communicator, connected = await connect(wall, user=world.member)
    assert connected
    await communicator.disconnect()


@run_async
async def test_unknown_wall_and_bad_messages(setup):
    world, wall = setup
    wall.code = "ZZZZZZ"
    _c, connected = await connect(wall, user=world.member)
    assert not connected
    await sync_to_async(wall.refresh_from_db)()
    communicator, connected = await connect(wall, user=world.member)
    await receive_until(communicator, "snapshot")
    await communicator.send_to(text_data="not json")
    assert (await receive_until(communicator, "error"))["message"]
    await communicator.send_json_to({"type": "post", "client_id": "x", "kind": "idea", "text": ""})
    error = await receive_until(communicator, "error")
    assert error["client_id"] == "x"
    await communicator.send_json_to({"type": "dot", "card": "abc"})
    assert (await receive_until(communicator, "error"))["message"]
    assert await database_sync_to_async(WallDot.objects.count)() == 0
    await communicator.disconnect()


@run_async
async def test_closed_wall_refuses_posts(setup):
    world, wall = setup
    communicator, _ = await connect(wall, user=world.member)
    await receive_until(communicator, "snapshot")
    await database_sync_to_async(services.wall_close)(actor=world.facilitator, wall=wall)
    await communicator.send_json_to(
        {"type": "post", "client_id": "z", "kind": "idea", "text": "Késő"}
    )
    assert (await receive_until(communicator, "error"))["client_id"] == "z"
    await communicator.disconnect()


@run_async
async def test_facilitator_hides_a_card_and_it_vanishes_from_the_phones(setup):
    world, wall = setup
    visitor = await database_sync_to_async(guest)(wall)
    phone, _ = await connect(wall, token=visitor.token)
    projector, _ = await connect(wall, user=world.facilitator)
    await receive_until(phone, "snapshot")
    assert "hidden" in await receive_until(projector, "snapshot")  # the board lists them
    await phone.send_json_to({"type": "post", "client_id": "h", "kind": "idea", "text": "Csúnya"})
    card = (await receive_until(phone, "ack"))["card"]
    await receive_cards(projector)

    # A participant may not hide it.
    await phone.send_json_to({"type": "hide", "card": card["id"]})
    assert (await receive_until(phone, "error"))["message"]

    await projector.send_json_to({"type": "hide", "card": card["id"]})
    assert (await receive_until(phone, "remove"))["card"] == card["id"]
    board = await receive_until(projector, "snapshot")
    assert board["cards"] == [] and [c["id"] for c in board["hidden"]] == [card["id"]]
    hidden = await database_sync_to_async(WallCard.objects.get)(pk=card["id"])
    assert hidden.hidden_at is not None
    # Reconnecting phones do not get it back; no dots on it.
    again, _ = await connect(wall, token=visitor.token)
    assert (await receive_until(again, "snapshot"))["cards"] == []

    await projector.send_json_to({"type": "restore", "card": card["id"]})
    assert [c["id"] for c in (await receive_until(phone, "snapshot"))["cards"]] == [card["id"]]
    assert (await receive_until(projector, "snapshot"))["hidden"] == []

    await projector.send_json_to({"type": "delete", "card": card["id"]})
    assert (await receive_until(again, "remove"))["card"] == card["id"]
    assert not await database_sync_to_async(WallCard.objects.filter(pk=card["id"]).exists)()
    for screen in (phone, again, projector):
        await screen.disconnect()


@run_async
async def test_columns_deleted_and_reordered_live(setup):
    world, wall = setup
    phone, _ = await connect(wall, user=world.member)
    projector, _ = await connect(wall, user=world.facilitator)
    first = await receive_until(phone, "snapshot")
    await receive_until(projector, "snapshot")
    a, b = (c["id"] for c in first["columns"])
    await phone.send_json_to({"type": "post", "client_id": "k", "kind": "idea", "text": "Kert"})
    await receive_until(phone, "ack")

    await projector.send_json_to({"type": "column_move", "column": b, "step": -1})
    assert [c["id"] for c in (await receive_until(phone, "snapshot"))["columns"]] == [b, a]
    assert [c["id"] for c in (await receive_until(projector, "snapshot"))["columns"]] == [b, a]
    await projector.send_json_to({"type": "column_delete", "column": a})
    state = await receive_until(phone, "snapshot")
    assert [c["id"] for c in state["columns"]] == [b]
    assert [c["column"] for c in state["cards"]] == [None]
    board = await receive_until(projector, "snapshot")
    assert [c["id"] for c in board["columns"]] == [b]
    await phone.send_json_to({"type": "column_delete", "column": b})
    assert (await receive_until(phone, "error"))["message"]
    for screen in (phone, projector):
        await screen.disconnect()


@run_async
async def test_too_many_cards_are_refused_with_the_card_named(setup):
    world, wall = setup
    phone, _ = await connect(wall, user=world.member)
    await receive_until(phone, "snapshot")
    for i in range(services.POSTS_PER_MINUTE):
        await phone.send_json_to(
            {"type": "post", "client_id": f"r{i}", "kind": "idea", "text": "x"}
        )
        await receive_until(phone, "ack")
    await phone.send_json_to({"type": "post", "client_id": "over", "kind": "idea", "text": "y"})
    error = await receive_until(phone, "error")
    assert error["client_id"] == "over" and error["message"]
    count = await database_sync_to_async(WallCard.objects.filter(wall=wall).count)()
    assert count == services.POSTS_PER_MINUTE
    await phone.disconnect()


@run_async
async def test_phones_get_cards_in_batches_and_the_poster_at_once(setup, settings):
    world, wall = setup
    settings.WALL_PHONE_TICK = 0.5
    visitors = [await database_sync_to_async(guest)(wall, name=f"G{i}") for i in range(4)]
    phones = [(await connect(wall, token=v.token))[0] for v in visitors]
    watcher, _ = await connect(wall, user=world.member)
    for screen in (*phones, watcher):
        await receive_until(screen, "snapshot")
    for i, phone in enumerate(phones):
        await phone.send_json_to(
            {"type": "post", "client_id": f"b{i}", "kind": "idea", "text": "z"}
        )
        await receive_until(phone, "ack", timeout=0.4)  # the poster does not wait for a tick
    # The first card finds the phones quiet and goes out at once; the others, posted within
    # the tick, follow together in one message.
    assert [c["client_id"] for c in (await receive_cards(watcher))["cards"]] == ["b0"]
    rest = await receive_cards(watcher)
    assert sorted(c["client_id"] for c in rest["cards"]) == ["b1", "b2", "b3"]
    for screen in (*phones, watcher):
        await screen.disconnect()


@run_async
async def test_a_burst_of_posts_is_saved_once_each_and_acknowledged(setup):
    import asyncio

    world, wall = setup
    visitors = [await database_sync_to_async(guest)(wall, name=f"V{i}") for i in range(12)]
    phones = [(await connect(wall, token=v.token))[0] for v in visitors]
    projector, _ = await connect(wall, user=world.facilitator)
    for screen in (*phones, projector):
        await receive_until(screen, "snapshot")

    async def post(i, phone):
        await phone.send_json_to(
            {"type": "post", "client_id": f"x{i}", "kind": "idea", "text": "b"}
        )
        await phone.send_json_to(
            {"type": "post", "client_id": f"x{i}", "kind": "idea", "text": "b"}
        )
        first = await receive_until(phone, "ack")
        second = await receive_until(phone, "ack")
        assert first["card"]["id"] == second["card"]["id"]

    await asyncio.gather(*(post(i, phone) for i, phone in enumerate(phones)))
    seen = set()
    while len(seen) < len(phones):
        seen |= {card["client_id"] for card in (await receive_cards(projector))["cards"]}
    assert seen == {f"x{i}" for i in range(len(phones))}
    count = await database_sync_to_async(WallCard.objects.filter(wall=wall).count)()
    assert count == len(phones)
    for screen in (*phones, projector):
        await screen.disconnect()


@run_async
async def test_a_message_for_a_screen_the_server_already_closed_is_dropped():
    """Under load the server closes a phone's socket that stopped answering pings; the wall's
    messages that still arrive for it before its disconnect must not raise (they filled the
    log with tracebacks), and a message for an open screen is still sent."""
    from cultiva.ideas.wall.consumers import WallConsumer

    sent = []

    async def closed_send(message):
        raise RuntimeError(
            "Unexpected ASGI message 'websocket.send', after sending 'websocket.close'."
        )

    async def open_send(message):
        sent.append(message)

    consumer = WallConsumer()
    consumer.base_send = closed_send
    await consumer.wall_message({"type": "wall.message", "text": "{}"})
    consumer.base_send = open_send
    await consumer.wall_message({"type": "wall.message", "text": "{}"})
    assert sent == [{"type": "websocket.send", "text": "{}"}]
