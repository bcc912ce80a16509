"""CPU time per request of the pages a workshop's load asks for most (see bench_load.py).

Not a test: prints numbers for the team's notes. On a shared machine, wall-clock timings and
load runs measure the neighbours too; the CPU time of each request (`time.process_time`, all
threads of this one process) much less so.

    .venv/bin/python bench/bench_hot_pages.py [--db FILE] [--repeat 40] [--client asgi|test]
        [--profile PAGE]

On the small demo (`demo_data --scale small --seed 1`), as `bench_load.py` serves it, with its
`prepare` step. By default each request goes through `cultiva.asgi`'s HTTP application as
uvicorn calls it (ASGI scope, receive, send; cookies and the CSRF token as a browser sends
them), so that the handler's own cost (middleware, thread hops) is counted; `--client test`
uses Django's test Client instead (the WSGI path). With --profile, the cProfile of that page's
requests, by own and by cumulative time.

Session 2026-12-07 (small demo, SQLite, ASGI client, least CPU ms of 3 × 20 requests per page;
the machine's 2 cores shared with six other jobs, load average 12, so ±2 ms), before → after
the filter choices' cache, the list's rows rendered from plain values and the SQLite pool:

    page (visitor / member)      before        after
    contribution list         34.8 / 39.2   14.4 / 18.7
    search                    22.7 / 26.1   12.2 / 13.1
    programme                 19.5 / 22.1   18.6 / 21.1
    contribution page         18.0 / 21.3   16.8 / 20.9
    register+cancel (4 req)          83.6          85.4
    submit (2 req)                   50.6          50.4

Weighted by the mix `bench_load.py` offers with 100 people (about 6.7 programme, 6.7 list,
4.5 search and 8.9 contribution pages, 1.3 registrations and 1.3 submissions per second), the
HTTP pages' CPU demand went from about 0.85 to 0.65 s per second. The pool alone, measured in
one process alternating it on and off: 1-2 ms per page that reads the database.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
SEARCH_WORDS = ["múzeum", "fesztivál", "könyvtár", "színház", "zene", "hagyomány", "tánc"]


class Answer:
    def __init__(self, status_code: int, headers: list, content: bytes):
        self.status_code = status_code
        self.headers = headers
        self.content = content


class AsgiClient:
    """A browser-like client of an ASGI HTTP application, on one event loop."""

    def __init__(self, app, loop, *, language: str = ""):
        self.app = app
        self.loop = loop
        self.cookies: dict[str, str] = {}
        self.language = language

    def get(self, path: str, params: dict | None = None) -> Answer:
        return self.request("GET", path, query=urlencode(params or {}))

    def post(self, path: str, data: dict) -> Answer:
        return self.request("POST", path, body=urlencode(data, doseq=True).encode())

    def request(self, method: str, path: str, *, query: str = "", body: bytes = b"") -> Answer:
        headers = [(b"host", b"127.0.0.1"), (b"user-agent", b"bench")]
        if self.language:
            headers.append((b"accept-language", self.language.encode()))
        if self.cookies:
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            headers.append((b"cookie", cookie.encode()))
        if method == "POST":
            headers += [
                (b"content-type", b"application/x-www-form-urlencoded"),
                (b"content-length", str(len(body)).encode()),
                (b"x-csrftoken", self.cookies.get("csrftoken", "").encode()),
                (b"referer", f"http://127.0.0.1{path}".encode()),
            ]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        }
        return self.loop.run_until_complete(self._call(scope, body))

    async def _call(self, scope, body: bytes) -> Answer:
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        done = asyncio.Event()
        sent: list[dict] = []

        async def receive():
            if messages:
                return messages.pop(0)
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(message):
            sent.append(message)

        await self.app(scope, receive, send)
        done.set()
        start = sent[0]
        for name, value in start["headers"]:
            if name.lower() == b"set-cookie":
                for morsel in SimpleCookie(value.decode()).values():
                    if morsel.value:
                        self.cookies[morsel.key] = morsel.value
                    else:
                        self.cookies.pop(morsel.key, None)
        content = b"".join(m.get("body", b"") for m in sent[1:])
        return Answer(start["status"], start["headers"], content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="SQLite file to reuse between runs")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--profile", help="a page's name: print its profile")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    parser.add_argument(
        "--client",
        default="asgi",
        choices=["asgi", "test"],
        help="asgi: through cultiva.asgi's HTTP application, as uvicorn calls it; "
        "test: Django's test Client (the WSGI path)",
    )
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        path = args.db or str(Path(tempfile.mkdtemp(prefix="cultiva-bench-")) / "hot.sqlite3")
        os.environ["CULTIVA_SQLITE_PATH"] = path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cultiva.settings")
    os.environ.setdefault("CULTIVA_TESTING", "1")  # plain static storage, no collectstatic
    os.environ.setdefault("CULTIVA_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["CULTIVA_ALLOWED_HOSTS"] = "127.0.0.1,testserver"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from cultiva.processes.models import Process

    if not Process.objects.exists():
        call_command("demo_data", scale="small", seed=1, verbosity=0)

    import bench_load

    plan_file = Path(tempfile.mkdtemp(prefix="cultiva-hot-")) / "plan.json"
    bench_load.prepare(plan_file, 5)
    plan = json.loads(plan_file.read_text())
    slug = plan["slug"]
    random.seed(1)

    from cultiva.accounts.models import User

    if args.client == "asgi":
        from cultiva.asgi import application

        loop = asyncio.new_event_loop()

        def new_client(member: int | None = None):
            client = AsgiClient(application, loop)
            if member is not None:
                logged_in = Client()
                logged_in.force_login(User.objects.get(email=plan["members"][member]))
                client.cookies.update({k: m.value for k, m in logged_in.cookies.items()})
                client.get("/")  # the CSRF cookie, as a browser has it after its first page
            return client

    else:

        def new_client(member: int | None = None):
            client = Client()
            if member is not None:
                client.force_login(User.objects.get(email=plan["members"][member]))
            return client

    def contribution_url():
        return f"/contributions/{random.choice(plan['contributions'])}/"

    def register_and_cancel(client):
        meeting = random.choice(plan["meetings"])
        base = f"/p/{slug}/meetings/{meeting}/"
        client.get(f"{base}register/")
        response = client.post(f"{base}register/", {})
        assert response.status_code == 302, response.status_code
        page = client.get(base)
        cancel = re.search(r'action="(/registrations/\d+/cancel/)"', page.content.decode())
        if cancel:
            client.post(cancel.group(1), {})
        return response

    def submit(client):
        client.get(f"/p/{slug}/contributions/new/")
        response = client.post(f"/p/{slug}/contributions/new/", bench_load.submission(plan))
        assert response.status_code == 302, response.status_code
        return response

    def reading(suffix: str, client) -> list:
        """The pages everyone reads, as `client`."""
        return [
            (f"programme{suffix}", client, lambda c: c.get(f"/p/{slug}/programme/")),
            (f"contribution list{suffix}", client, lambda c: c.get(f"/p/{slug}/contributions/")),
            (
                f"search{suffix}",
                client,
                lambda c: c.get(f"/p/{slug}/contributions/", {"q": random.choice(SEARCH_WORDS)}),
            ),
            (f"contribution page{suffix}", client, lambda c: c.get(contribution_url())),
        ]

    member2 = new_client(1)
    pages = [
        *reading("", new_client()),
        ("login form", new_client(), lambda c: c.get("/accounts/login/")),
        *reading(" (member)", new_client(0)),
        ("register+cancel (4 req)", member2, register_and_cancel),
        ("submit (2 req)", member2, submit),
    ]
    if args.only:
        pages = [page for page in pages if args.only in page[0]]
    print(f"{args.client} client, {args.repeat} requests each: CPU ms per request")
    # The least CPU time is the steadiest figure on a busy machine (others only add to it).
    print(f"{'page':<28}{'cpu min':>9}{'cpu p25':>9}{'cpu p50':>9}{'queries':>9}")
    for name, client, request in pages:
        for _ in range(3):
            request(client)  # warm: imports, compiled templates, caches
        cpu = []
        profiler = cProfile.Profile() if name == args.profile else None
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.process_time()
                if profiler:
                    profiler.enable()
                response = request(client)
                if profiler:
                    profiler.disable()
                cpu.append((time.process_time() - started) * 1000)
            assert response.status_code in (200, 302), (name, response.status_code)
        quartiles = statistics.quantiles(cpu, n=4)
        print(
            f"{name:<28}{min(cpu):>9.1f}{quartiles[0]:>9.1f}"
            f"{statistics.median(cpu):>9.1f}{len(queries) if args.client == 'test' else '':>9}",
            flush=True,
        )
        if profiler:
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.top)
                print(out.getvalue())


if __name__ == "__main__":
    main()
