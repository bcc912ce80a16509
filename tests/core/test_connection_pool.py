"""Under ASGI, PostgreSQL connections stay within the configured pool, however many requests.

Kept-alive connections per request thread used to pile up (99 idle after 100 users) until
PostgreSQL refused every new client. This test serves the site with uvicorn in another
process, on the test database with a pool of at most 4, fires bursts of concurrent requests
and counts the server's connections in pg_stat_activity while they run and after.
PostgreSQL only: skipped on SQLite.
"""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
POOL_MAX = 4
APPLICATION = "cultiva-pool-test"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("CULTIVA_TEST_DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL (CULTIVA_TEST_DATABASE_URL)",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}?application_name={APPLICATION}"
    )


def server_connections(observer) -> int:
    row = observer.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
        [connection.settings_dict["NAME"], APPLICATION],
    ).fetchone()
    return row[0]


@contextlib.contextmanager
def uvicorn_server(tmp_path, url: str, *, pool_timeout: str):
    """uvicorn serving the site on `url`'s database with a pool of POOL_MAX; its address."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "cultiva.settings",
        "DATABASE_URL": url,
        "CULTIVA_DB_POOL_MAX_SIZE": str(POOL_MAX),
        "CULTIVA_DB_POOL_TIMEOUT": pool_timeout,
        "CULTIVA_TESTING": "1",
        # Not the repository's development key, which a non-debug server refuses.
        "CULTIVA_SECRET_KEY": secrets.token_urlsafe(50),
        "CULTIVA_TASKS_IMMEDIATE": "true",
        "CULTIVA_VAR_DIR": str(tmp_path),
        "CULTIVA_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "cultiva.asgi:application", "--port", str(port)],
        env=env,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if process.poll() is not None:
                pytest.fail("uvicorn stopped while starting")
            time.sleep(0.2)
        else:
            pytest.fail("uvicorn did not start within 60 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def server(tmp_path):
    with uvicorn_server(tmp_path, database_url(), pool_timeout="60") as address:
        yield address


class Relay:
    """A TCP relay to PostgreSQL that can be cut (the database gone) and opened again."""

    def __init__(self, port: int):
        db = connection.settings_dict
        self.target = (db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
        self.port = port
        self.sockets: list[socket.socket] = []

    def open(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets = []

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def fetch(url: str) -> int:
    return fetch_page(url)[0]


def fetch_page(url: str) -> tuple[int, str, str]:
    """Status, body and Retry-After of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode(), ""
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers.get("Retry-After", "")


def test_concurrent_requests_stay_within_the_pool(world, server):
    paths = ["/", f"/p/{world.process.slug}/", f"/api/v1/processes/{world.process.slug}"]
    peak = 0
    watching = threading.Event()
    observer = psycopg.connect(database_url().replace(APPLICATION, "observer"), autocommit=True)

    def watch():
        nonlocal peak
        while not watching.is_set():
            peak = max(peak, server_connections(observer))
            time.sleep(0.05)

    statuses: list[int] = []
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=50) as pool:
            for _burst in range(3):
                urls = [server + paths[i % len(paths)] for i in range(50)]
                statuses += list(pool.map(fetch, urls))
    finally:
        watching.set()
        watcher.join()
    after = server_connections(observer)
    observer.close()

    assert len(statuses) == 150
    assert [s for s in statuses if s >= 500] == []
    assert set(statuses) == {200}
    assert 1 <= peak <= POOL_MAX
    assert after <= POOL_MAX


def test_pages_answer_503_while_the_database_is_gone_and_recover_without_restart(world, tmp_path):
    relay = Relay(free_port())
    relay.open()
    url = database_url().replace(f":{connection.settings_dict['PORT'] or 5432}/", f":{relay.port}/")
    page = f"/p/{world.process.slug}/"
    try:
        with uvicorn_server(tmp_path, url, pool_timeout="2") as server:
            assert fetch(server + page) == 200

            relay.cut()
            status, body, retry_after = fetch_page(server + page)
            assert (status, retry_after) == (503, "10")
            assert "Átmenetileg nem érhető el" in body
            status, body, retry_after = fetch_page(server + "/api/v1/processes")
            assert (status, retry_after) == (503, "10")
            assert body.startswith('{"detail":')

            relay.open()  # the pool reconnects by itself (retrying after 1, 2, 4 … s)
            deadline = time.monotonic() + 45
            while fetch(server + page) != 200:
                assert time.monotonic() < deadline, "the site did not recover"
                time.sleep(1)
            assert fetch(server + "/api/v1/processes") == 200
    finally:
        relay.cut()
