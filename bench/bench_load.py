"""A workshop's load: many people using the site at once, against a real server (Locust).

Not a test: prints numbers for the team's notes. Targets: 0 errors, p95 ≤ 1 s.

    .venv/bin/python bench/bench_load.py [--users 100] [--spawn-rate 10] [--duration 600]
        [--database-url postgres://postgres@127.0.0.1:5432/cultiva_bench_load]
        [--redis-url redis://127.0.0.1:6379/5] [--workers 2] [--url http://running-server]

Without --url it sets up a server like `make run` in a temporary directory: migrate, the small
demo (`demo_data --scale small --seed 1`), collectstatic, uvicorn with --workers
(CULTIVA_WORKERS) and `run_worker` next to it. SQLite by default; --database-url runs on
PostgreSQL (the database is dropped and created anew) and --redis-url adds Redis (cache,
sessions' cache, channel layer). It adds member accounts (bench-NNN@example.org, password of
the demo) so that every simulated person logs in as someone else.

Each simulated person is either a visitor (programme, contribution list, search, a
contribution's page) or a member who logs in and, besides reading, registers for a meeting
and cancels, submits a contribution and posts cards to the open live wall over its
WebSocket, as a phone does. Bounded: the run stops after --duration seconds.

Printed: requests/s, p50/p95/p99 and errors per endpoint and in total, and with PostgreSQL
the peak number of connections to the database (pg_stat_activity).

`prepare` is the setup step, run in a subprocess by the main command (Django is not
loaded into the load generator, which gevent patches).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "cultiva-demo"  # noqa: S105 - the documented demo password
SEARCH_WORDS = ["múzeum", "fesztivál", "könyvtár", "színház", "zene", "hagyomány", "tánc"]


def submission(plan: dict) -> dict:
    """The form a simulated person submits: a short idea in Hungarian."""
    return {
        "kind": "idea",
        "title": f"Terhelési ötlet {random.randint(1, 10**6)}",
        "body": "Közösségi zenei műhely a falvakban, hétvégente, fiataloknak.",
        "language": "hu",
        "domains": [plan["domain"]],
    }


# --- setup (a subprocess with Django) ----------------------------------------------------------


def prepare(out: Path, users: int) -> None:
    """Member accounts for the simulated people and what they will ask for, as JSON."""
    import django

    django.setup()
    from datetime import timedelta

    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    from cultiva.accounts.models import Membership, Organisation, User
    from cultiva.core.models import TaxonomyTerm
    from cultiva.demo.generator import DEMO_ACCOUNTS, PROCESS_SLUG
    from cultiva.ideas import rules as idea_rules
    from cultiva.ideas import selectors as idea_selectors
    from cultiva.ideas.models import Wall
    from cultiva.ideas.wall import services as wall_services
    from cultiva.meetings import rules as meeting_rules
    from cultiva.meetings.models import Meeting
    from cultiva.processes.models import Process, ProcessRole

    process = Process.objects.get(slug=PROCESS_SLUG)
    organisations = list(Organisation.objects.order_by("pk")[:20])
    password = make_password(PASSWORD)
    emails = [f"bench-{i:03d}@example.org" for i in range(users)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    created = User.objects.bulk_create(
        User(email=email, password=password, full_name=f"Bench {email[6:9]}")
        for email in emails
        if email not in existing
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in created
    )
    ProcessRole.objects.bulk_create(
        ProcessRole(process=process, user=user, role="member") for user in created
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisations[i % len(organisations)])
        for i, user in enumerate(created)
    )
    member = User.objects.get(email=emails[0])
    verdict = idea_rules.can_submit_contribution(member, process)
    if not verdict:
        raise SystemExit(f"a member cannot submit in the demo: {verdict.reason}")
    # The demo's dates are fixed: open registration for the meetings still to come, as it
    # is a week before a workshop.
    now = timezone.now()
    Meeting.objects.filter(process=process, starts_at__gt=now, requires_registration=True).update(
        registration_opens_at=now - timedelta(days=1), registration_closes_at=None
    )
    meetings = [
        meeting.pk
        for meeting in Meeting.objects.filter(process=process, starts_at__gt=timezone.now())
        if meeting_rules.can_register(member, meeting)
    ][:10]
    contributions = list(
        idea_selectors._visible(user=AnonymousUser(), process=process)
        .order_by("pk")
        .values_list("pk", flat=True)[:300]
    )
    wall = Wall.objects.filter(meeting__process=process, status=Wall.Status.OPEN).first()
    if wall is None:
        facilitator = User.objects.get(email=dict(DEMO_ACCOUNTS)["facilitator"])
        workshop = (
            Meeting.objects.filter(process=process, kind="workshop").order_by("starts_at").first()
        )
        wall = wall_services.wall_open(
            actor=facilitator,
            meeting=workshop,
            title="Mi hiányzik a megyéből?",
            allow_guests=False,
            columns=["Ötletek", "Hiányok"],
        )
    domain = TaxonomyTerm.objects.filter(vocabulary="domain").order_by("pk").first()
    out.write_text(
        json.dumps(
            {
                "slug": process.slug,
                "members": emails,
                "meetings": meetings,
                "contributions": contributions,
                "wall": wall.code,
                "domain": domain.pk,
            }
        )
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(args, home: Path) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "cultiva.settings",
        "CULTIVA_VAR_DIR": str(home),
        "CULTIVA_SQLITE_PATH": str(home / "cultiva.sqlite3"),
        "CULTIVA_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CULTIVA_EMAIL_VERIFICATION": "mandatory",
        "CULTIVA_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "CULTIVA_LOG_LEVEL": "WARNING",
        # Not the repository's development key, which a non-debug server refuses.
        "CULTIVA_SECRET_KEY": os.environ.get("CULTIVA_SECRET_KEY") or secrets.token_urlsafe(50),
    }
    for name in ("DATABASE_URL", "REDIS_URL", "CULTIVA_TESTING", "CULTIVA_TASKS_IMMEDIATE"):
        env.pop(name, None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    return env


def recreate_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def start_server(args, home: Path) -> tuple[str, list[subprocess.Popen]]:
    env = server_environment(args, home)
    manage = [sys.executable, str(ROOT / "manage.py")]
    if args.database_url:
        recreate_postgres(args.database_url)
    started = time.perf_counter()
    for command in (
        ["migrate", "--noinput", "--verbosity", "0"],
        ["demo_data", "--scale", "small", "--seed", "1", "--if-empty"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
    ):
        subprocess.run(
            [*manage, *command], env=env, cwd=home, check=True, stdout=subprocess.DEVNULL
        )
    plan = home / "plan.json"
    subprocess.run(
        [sys.executable, __file__, "prepare", "--out", str(plan), "--users", str(args.users)],
        env=env,
        cwd=home,
        check=True,
    )
    print(f"setup: {time.perf_counter() - started:.0f} s", flush=True)
    port = free_port()
    logs = open(home / "server.log", "w")  # noqa: SIM115 - kept open for the server's life
    server = subprocess.Popen(
        [
            str(BIN / "uvicorn"),
            "cultiva.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--no-access-log",
            "--proxy-headers",
            "--timeout-keep-alive",
            "30",
        ],
        env=env,
        cwd=home,
        stdout=logs,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [*manage, "run_worker", "--verbosity", "0"],
        env=env,
        cwd=home,
        stdout=logs,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return f"http://127.0.0.1:{port}", [server, worker]
        time.sleep(0.2)
    raise SystemExit(f"the server did not start; see {home / 'server.log'}")


# --- the simulated people ----------------------------------------------------------------------


def people(plan: dict, one_address: bool):
    from locust import HttpUser, between, task

    csrf = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    members = iter(plan["members"])
    slug = plan["slug"]

    class Visitor(HttpUser):
        """Someone reading: the programme, the contributions, a search, one contribution."""

        weight = 1
        wait_time = between(1, 5)

        @task(3)
        def programme(self):
            self.client.get(f"/p/{slug}/programme/", name="programme")

        @task(3)
        def contribution_list(self):
            self.client.get(f"/p/{slug}/contributions/", name="contribution list")

        @task(2)
        def search(self):
            word = random.choice(SEARCH_WORDS)
            self.client.get(f"/p/{slug}/contributions/?q={word}", name="search")

        @task(4)
        def contribution(self):
            if plan["contributions"]:
                pk = random.choice(plan["contributions"])
                self.client.get(f"/contributions/{pk}/", name="contribution page")

    class Member(Visitor):
        """A participant: reads, registers and cancels, submits, posts to the live wall."""

        weight = 2

        def on_start(self):
            self.email = next(members, None)
            if self.email is None:
                raise SystemExit("more people than bench accounts")
            if not one_address:  # each person on a phone of their own (uvicorn --proxy-headers)
                number = int(self.email[6:9])
                self.client.headers["X-Forwarded-For"] = f"10.0.{number // 250}.{number % 250 + 1}"
            self._send_form(
                "/accounts/login/",
                {"login": self.email, "password": PASSWORD},
                form_name="login form",
                name="login",
                refused="login refused",
            )
            self.socket = None

        def on_stop(self):
            if self.socket is not None:
                with contextlib.suppress(Exception):
                    self.socket.close()

        def _send_form(self, path: str, data: dict, *, form_name, name, refused) -> bool:
            """Open the form, post it with its CSRF token as a browser does; a redirect is
            success, anything else an error of this endpoint."""
            page = self.client.get(path, name=form_name)
            found = csrf.search(page.text)
            with self.client.post(
                path,
                {"csrfmiddlewaretoken": found.group(1) if found else "", **data},
                headers={"Referer": f"{self.host}{path}"},
                name=name,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"{refused} ({response.status_code})")
                    return False
            return True

        @task(1)
        def register_and_cancel(self):
            if not plan["meetings"]:
                return
            meeting = random.choice(plan["meetings"])
            base = f"/p/{slug}/meetings/{meeting}/"
            if not self._send_form(
                f"{base}register/",
                {},
                form_name="registration form",
                name="register",
                refused="registration not taken",
            ):
                return
            page = self.client.get(base, name="meeting page")
            cancel = re.search(r'action="(/registrations/\d+/cancel/)"', page.text)
            if cancel:
                self.client.post(
                    cancel.group(1),
                    {"csrfmiddlewaretoken": csrf.search(page.text).group(1)},
                    headers={"Referer": f"{self.host}{base}"},
                    name="cancel registration",
                )

        @task(1)
        def submit(self):
            self._send_form(
                f"/p/{slug}/contributions/new/",
                submission(plan),
                form_name="submission form",
                name="submit",
                refused="submission not saved",
            )

        def _open_wall(self):
            import websocket

            cookies = "; ".join(f"{name}={value}" for name, value in self.client.cookies.items())
            return websocket.create_connection(
                self.host.replace("http", "ws", 1) + f"/ws/walls/{plan['wall']}/",
                origin=self.host,
                cookie=cookies,
                timeout=30,
            )

        def _post_card(self) -> Exception | None:
            import websocket

            if self.socket is None:
                self.socket = self._open_wall()
            client_id = f"{self.email}-{random.randint(1, 10**9)}"
            self.socket.send(
                json.dumps(
                    {
                        "type": "post",
                        "client_id": client_id,
                        "kind": "idea",
                        "text": "Több közösségi tér kell",
                    }
                )
            )
            while True:  # other people's cards arrive too; wait for this one's ack
                frame = self.socket.recv()
                if not frame:  # the server closed the socket: reconnect, as the page does
                    raise websocket.WebSocketConnectionClosedException("closed by the server")
                message = json.loads(frame)
                if message.get("client_id") == client_id:
                    if message.get("type") != "ack":
                        return RuntimeError(message.get("message", "refused"))
                    return None

        @task(3)
        def wall_post(self):
            import websocket

            started = time.perf_counter()
            try:
                try:
                    error = self._post_card()
                except (OSError, websocket.WebSocketConnectionClosedException):
                    # The server closed a socket left idle without answering its pings (a
                    # browser answers them): reconnect and post, as the wall's page does.
                    self.socket = None
                    error = self._post_card()
            except Exception as exc:  # noqa: BLE001 - reported as the request's failure
                error = exc
                self.socket = None
            self.environment.events.request.fire(
                request_type="WS",
                name="wall post",
                response_time=(time.perf_counter() - started) * 1000,
                response_length=0,
                exception=error,
                context={},
            )

    return [Visitor, Member]


# --- measuring ---------------------------------------------------------------------------------


def pg_connections(url: str) -> int:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchone()[0]


def warm_up(url: str, plan: dict, workers: int) -> None:
    """Each page type a few times per server process before measuring, so that the numbers
    are of a running server, not of its first imports and compiled templates."""
    import requests

    slug = plan["slug"]
    paths = [
        f"/p/{slug}/programme/",
        f"/p/{slug}/contributions/",
        f"/p/{slug}/contributions/?q=zene",
        "/accounts/login/",
        *(f"/contributions/{pk}/" for pk in plan["contributions"][:1]),
    ]
    for _round in range(3 * workers):  # a new connection each time: any process may take it
        for path in paths:
            requests.get(url + path, timeout=120)


def run_load(args, url: str, plan: dict) -> None:
    import gevent
    from locust.env import Environment

    environment = Environment(user_classes=people(plan, args.one_address), host=url)
    runner = environment.create_local_runner()
    peak = {"connections": 0}

    watching = {"on": True}

    def watch_connections():
        while watching["on"]:
            with contextlib.suppress(Exception):
                peak["connections"] = max(peak["connections"], pg_connections(args.database_url))
            gevent.sleep(1)

    warm_up(url, plan, args.workers)
    watcher = gevent.spawn(watch_connections) if args.database_url else None
    runner.start(args.users, spawn_rate=args.spawn_rate)
    gevent.spawn_later(args.duration, runner.quit)
    runner.greenlet.join()
    watching["on"] = False
    if watcher is not None:
        watcher.join(timeout=10)
    report(environment.stats, args, peak["connections"])


def report(stats, args, peak_connections: int) -> None:
    total = stats.total
    database = "PostgreSQL" if args.database_url else "SQLite"
    extras = " + Redis" if args.redis_url else ""
    print(
        f"\n{database}{extras}, {args.workers} uvicorn worker(s), {args.users} users "
        f"(spawn {args.spawn_rate}/s), {args.duration:.0f} s"
    )
    header = f"{'endpoint':<24}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    print(header)
    print("-" * len(header))
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        print(
            f"{entry.name:<24}{entry.num_requests:>9}{entry.num_failures:>8}"
            f"{entry.get_response_time_percentile(0.5):>8.0f}"
            f"{entry.get_response_time_percentile(0.95):>8.0f}"
            f"{entry.get_response_time_percentile(0.99):>8.0f}"
        )
    print("-" * len(header))
    print(
        f"{'total':<24}{total.num_requests:>9}{total.num_failures:>8}"
        f"{total.get_response_time_percentile(0.5):>8.0f}"
        f"{total.get_response_time_percentile(0.95):>8.0f}"
        f"{total.get_response_time_percentile(0.99):>8.0f}"
    )
    rate = total.num_requests / max(total.last_request_timestamp - total.start_time, 1)
    print(f"requests/s: {rate:.1f}")
    if args.database_url:
        print(f"peak PostgreSQL connections: {peak_connections}")
    for error in stats.errors.values():
        print(f"error: {error.name}: {error.error} ×{error.occurrences}")
    p95 = total.get_response_time_percentile(0.95)
    verdict = "met" if total.num_failures == 0 and p95 <= 1000 else "NOT met"
    print(f"targets (0 errors, p95 ≤ 1000 ms): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="run", choices=["run", "prepare"])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=float, default=600, help="seconds")
    parser.add_argument("--url", help="a running server (its plan JSON: --plan)")
    parser.add_argument("--plan", help="with --url: the JSON that `prepare` wrote")
    parser.add_argument("--database-url", help="PostgreSQL to run on (dropped and created)")
    parser.add_argument("--redis-url", help="Redis for cache and channel layer")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("CULTIVA_WORKERS", "1")))
    parser.add_argument(
        "--one-address",
        action="store_true",
        help="every member logs in from one address (a room on one Wi-Fi); by default each "
        "has an address of its own",
    )
    parser.add_argument("--out", help="prepare: where to write the plan")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(Path(args.out), args.users)
        return

    import locust  # noqa: F401 - gevent patches the standard library here, before any socket

    processes: list[subprocess.Popen] = []
    try:
        if args.url:
            if not args.plan:
                raise SystemExit("--url needs --plan (the JSON written by `prepare`)")
            url, plan = args.url, json.loads(Path(args.plan).read_text())
        else:
            home = Path(tempfile.mkdtemp(prefix="cultiva-load-"))
            url, processes = start_server(args, home)
            plan = json.loads((home / "plan.json").read_text())
            print(f"server: {url} (logs in {home / 'server.log'})", flush=True)
        run_load(args, url, plan)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:  # a worker finishing a long task
                process.kill()
                process.wait(timeout=15)


if __name__ == "__main__":
    main()
