"""200 people posting to the live wall at once: how fast do the cards reach the projector?

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_wall.py [--people 200] [--spread 0]

Every participant is a Channels WebsocketCommunicator against the wall's consumer, with the
in-memory channel layer, in one process: 200 guests connect, then each posts one card
(all at once, or spread over --spread seconds). A listening projector screen (the
facilitator) records when each card arrives; the delay from send to arrival gives
p50/p95/max. One more guest phone that does not post listens too (phones get cards in
slower batches), and each poster's own acknowledgement is timed. With --server uvicorn the
same runs over real sockets against a uvicorn this script starts. Uses a throw-away SQLite
file unless DATABASE_URL is set. Loopback only, bounded waits.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def layer_config(args) -> dict:
    """The channel layer to measure, with room for every card in each screen's queue.

    Redis: redis-py 8 reads with a 5-second socket timeout by default, shorter than
    channels-redis's blocking receive, so the timeout is switched off here.
    """
    if args.layer == "memory":
        return {
            "default": {
                "BACKEND": "channels.layers.InMemoryChannelLayer",
                "CONFIG": {"capacity": 10 * args.people},
            }
        }
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": args.redis_url, "socket_timeout": None}],
                "prefix": f"bench{os.getpid()}",
                "capacity": 10 * args.people,
            },
        }
    }


SERVER = """
import json, os, sys
import django
django.setup()
from django.conf import settings
settings.CHANNEL_LAYERS = json.loads(os.environ["BENCH_CHANNEL_LAYERS"])
import uvicorn
from cultiva.asgi import application
uvicorn.run(application, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--spread", type=float, default=0.0, help="seconds to spread posts over")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument(
        "--layer",
        choices=["memory", "redis"],
        default="memory",
        help="channel layer: in-memory (one process) or Redis at --redis-url",
    )
    parser.add_argument(
        "--server",
        choices=["asgi", "uvicorn"],
        default="asgi",
        help="asgi: WebsocketCommunicators in this process; uvicorn: real sockets to a "
        "uvicorn this script starts on 127.0.0.1",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp(prefix="cultiva-bench-")) / "wall.sqlite3"
        os.environ["CULTIVA_SQLITE_PATH"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cultiva.settings")
    # The uvicorn it starts imports cultiva.asgi, which refuses the public development key.
    os.environ.setdefault("CULTIVA_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("CULTIVA_TESTING", "1")
    os.environ.setdefault("CULTIVA_TASKS_IMMEDIATE", "true")
    if args.layer == "redis":
        os.environ["REDIS_URL"] = args.redis_url
    else:
        os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    import datetime as dt

    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from cultiva.accounts.models import User
    from cultiva.core.models import County
    from cultiva.ideas.models import WallCard, WallParticipant
    from cultiva.ideas.wall import services
    from cultiva.meetings.models import Meeting
    from cultiva.processes.models import Process, ProcessRole

    settings.CHANNEL_LAYERS = layer_config(args)
    call_command("migrate", verbosity=0)
    county, _ = County.objects.get_or_create(siruta=190, defaults={"name_ro": "Harghita"})
    today = timezone.localdate()
    process = Process.objects.create(
        slug=f"bench-wall-{int(time.time())}",
        title={"hu": "Mérés"},
        county=county,
        is_published=True,
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
    )
    facilitator = User.objects.create_user(email=f"wall-{process.slug}@example.org")
    ProcessRole.objects.create(process=process, user=facilitator, role="facilitator")
    start = timezone.now()
    meeting = Meeting.objects.create(
        process=process,
        kind="workshop",
        title={"hu": "Műhely"},
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        is_published=True,
    )
    wall = services.wall_open(
        actor=facilitator,
        meeting=meeting,
        title="Mi hiányzik a megyéből?",
        allow_guests=True,
        columns=["Ötletek", "Hiányok"],
    )
    guests = WallParticipant.objects.bulk_create(
        WallParticipant(wall=wall, guest_name=f"Vendég {i:03d}", token=services.participant_token())
        for i in range(args.people)
    )
    watcher = WallParticipant.objects.create(
        wall=wall, guest_name="Figyelő", token=services.participant_token()
    )
    if args.server == "uvicorn":
        from django.test import Client

        client = Client()
        client.force_login(facilitator)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
        numbers = asyncio.run(run_uvicorn(wall, cookie, watcher, guests, args))
    else:
        numbers = asyncio.run(run(wall, facilitator, watcher, guests, args))
    saved = WallCard.objects.filter(wall=wall).count()

    delays = numbers["delays"]
    print(
        f"server: {args.server}, channel layer: {args.layer}, posts spread over {args.spread:g} s"
    )
    print(f"participants: {args.people}, cards saved: {saved}, cards seen: {len(delays)}")
    print(f"connect all: {numbers['connect']:.2f} s")
    if delays:
        print(
            "post → projector delay: "
            f"p50 {percentile(delays, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(delays, 0.95) * 1000:.0f} ms, "
            f"max {max(delays) * 1000:.0f} ms, "
            f"mean {statistics.mean(delays) * 1000:.0f} ms"
        )
    for label, values in (
        ("post → poster's ack", numbers["acks"]),
        ("post → other phone", numbers["phone"]),
    ):
        if values:
            print(
                f"{label}: p50 {percentile(values, 0.5) * 1000:.0f} ms, "
                f"p95 {percentile(values, 0.95) * 1000:.0f} ms, "
                f"max {max(values) * 1000:.0f} ms ({len(values)} seen)"
            )
    print(f"all cards posted and shown in: {numbers['total']:.2f} s")
    if numbers["missing"]:
        print(f"MISSING on the projector: {numbers['missing']}")


async def run(wall, facilitator, watcher, guests, args) -> dict:
    from channels.routing import URLRouter
    from channels.testing import WebsocketCommunicator
    from django.contrib.auth.models import AnonymousUser

    from cultiva.ideas.wall.routing import websocket_urlpatterns

    app = URLRouter(websocket_urlpatterns)

    async def open_screen(user, token=""):
        path = f"/ws/walls/{wall.code}/" + (f"?token={token}" if token else "")
        communicator = WebsocketCommunicator(app, path)
        communicator.scope["user"] = user
        connected, _ = await communicator.connect(timeout=30)
        if not connected:
            raise SystemExit("a screen could not connect")
        await communicator.receive_json_from(timeout=30)  # the snapshot
        return communicator

    projector = await open_screen(facilitator)
    phone_watcher = await open_screen(AnonymousUser(), watcher.token)
    t0 = time.perf_counter()
    phones = []
    for batch in range(0, len(guests), 50):
        phones += await asyncio.gather(
            *(open_screen(AnonymousUser(), g.token) for g in guests[batch : batch + 50])
        )
    connect_seconds = time.perf_counter() - t0

    print(f"connected {len(phones)} phones in {connect_seconds:.2f} s", flush=True)

    def receiver(screen):
        async def listen_next(timeout):
            return await screen.receive_json_from(timeout=max(timeout, 0.01))

        return listen_next

    async def send_post(phone, data):
        await phone.send_json_to(data)

    numbers = await measure(
        phones, receiver(projector), receiver(phone_watcher), receiver, send_post, args
    )
    for screen in [projector, phone_watcher, *phones]:
        with contextlib.suppress(asyncio.CancelledError, TimeoutError):  # already gone
            await screen.disconnect(timeout=5)
    return {"connect": connect_seconds, **numbers}


async def measure(phones, projector_next, watcher_next, phone_next, send_post, args) -> dict:
    """Every phone posts one card; the projector and a watching phone note when each arrives.

    Accepts both the batched "cards" message and the older one-card "card" message.
    """
    sent: dict[str, float] = {}
    seen: dict[str, float] = {}
    watched: dict[str, float] = {}
    acked: dict[str, float] = {}

    def arrived(message) -> list[str]:
        if message.get("type") == "cards":
            return [card["client_id"] for card in message["cards"]]
        if message.get("type") == "card":
            return [message["card"]["client_id"]]
        return []

    async def listen(listen_next, into):
        deadline = time.perf_counter() + args.timeout
        while len(into) < len(phones) and time.perf_counter() < deadline:
            try:
                message = await listen_next(deadline - time.perf_counter())
            except TimeoutError:
                break
            now = time.perf_counter()
            for client_id in arrived(message):
                into.setdefault(client_id, now)

    async def post(index, phone):
        if args.spread:
            await asyncio.sleep(random.uniform(0, args.spread))
        client_id = f"bench-{index}"
        sent[client_id] = time.perf_counter()
        await send_post(
            phone,
            {"type": "post", "client_id": client_id, "kind": "idea", "text": f"Ötlet {index}"},
        )
        listen_next = phone_next(phone)
        deadline = time.perf_counter() + args.timeout
        while time.perf_counter() < deadline:  # the poster waits for its own ack
            try:
                message = await listen_next(deadline - time.perf_counter())
            except TimeoutError:
                return
            if message.get("type") == "ack" and message.get("client_id") == client_id:
                acked[client_id] = time.perf_counter()
                return

    started = time.perf_counter()
    listeners = [
        asyncio.create_task(listen(projector_next, seen)),
        asyncio.create_task(listen(watcher_next, watched)),
    ]
    await asyncio.gather(*(post(i, phone) for i, phone in enumerate(phones)))
    await asyncio.gather(*listeners)
    total = time.perf_counter() - started

    def delays(into):
        return [into[key] - sent[key] for key in into if key in sent]

    return {
        "delays": delays(seen),
        "phone": delays(watched),
        "acks": delays(acked),
        "total": total,
        "missing": len(phones) - len(seen),
    }


async def run_uvicorn(wall, cookie, watcher, guests, args) -> dict:
    import json
    import socket
    import subprocess

    import websockets

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "BENCH_CHANNEL_LAYERS": json.dumps(layer_config(args)),
    }
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], env=env)
    try:
        for _ in range(200):  # up to 20 s for the server to start
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.1):
                break
            await asyncio.sleep(0.1)
        else:
            raise SystemExit("uvicorn did not start")
        origin = f"http://127.0.0.1:{port}"

        async def open_socket(token, headers=None):
            uri = f"ws://127.0.0.1:{port}/ws/walls/{wall.code}/?token={token}"
            sock = await websockets.connect(
                uri,
                origin=origin,
                open_timeout=30,
                max_queue=None,
                additional_headers=headers,
            )
            json.loads(await asyncio.wait_for(sock.recv(), 30))  # the snapshot
            return sock

        projector = await open_socket("", {"Cookie": cookie})  # the facilitator's screen
        phone_watcher = await open_socket(watcher.token)
        t0 = time.perf_counter()
        phones = []
        for batch in range(0, len(guests), 50):
            phones += await asyncio.gather(
                *(open_socket(g.token) for g in guests[batch : batch + 50])
            )
        connect_seconds = time.perf_counter() - t0

        def receiver(sock):
            async def listen_next(timeout):
                return json.loads(await asyncio.wait_for(sock.recv(), max(timeout, 0.01)))

            return listen_next

        async def send_post(phone, data):
            await phone.send(json.dumps(data))

        async def drain(sock):  # after its ack a phone reads its messages as a browser would
            with contextlib.suppress(Exception):
                async for _message in sock:
                    pass

        numbers = await measure(
            phones, receiver(projector), receiver(phone_watcher), receiver, send_post, args
        )
        drains = [asyncio.create_task(drain(phone)) for phone in phones]
        for sock in [projector, phone_watcher, *phones]:
            await sock.close()
        for task in drains:
            task.cancel()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {"connect": connect_seconds, **numbers}


if __name__ == "__main__":
    main()
