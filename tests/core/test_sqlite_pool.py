"""The SQLite backend's pool of warm connections (cultiva.core.db.sqlite3)."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.db.utils import ConnectionHandler

from cultiva.core.db.sqlite3.base import pool_clear


@pytest.fixture
def unblocked(django_db_blocker):
    """Connections of our own to a file of our own, not the test database."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def databases(tmp_path, unblocked):
    """A handler for a file database, as settings.py configures it, and a way to ask for the
    connection a new request would get (a handler of its own, like a new ASGI context)."""
    path = tmp_path / "pool.sqlite3"
    config = {
        "default": {
            "ENGINE": "cultiva.core.db.sqlite3",
            "NAME": str(path),
            "POOL_SIZE": 2,
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
    handlers = []

    def request():
        handler = ConnectionHandler(config)
        handlers.append(handler)
        return handler["default"]

    setup = request()
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
    setup.close()
    yield request
    for handler in handlers:
        handler.close_all()
    pool_clear()


def raw(connection):
    connection.ensure_connection()
    return connection.connection


def test_the_next_request_gets_the_warm_connection_back(databases):
    first = databases()
    kept = raw(first)
    first.close()
    second = databases()
    assert raw(second) is kept
    with second.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone() == (1,)


def test_what_a_request_left_uncommitted_is_rolled_back(databases):
    first = databases()
    first.set_autocommit(False)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO note (text) VALUES ('half done')")
    first.close()
    second = databases()
    assert not raw(second).in_transaction
    with second.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM note")
        assert cursor.fetchone() == (0,)
    # Not locked: the next request writes.
    with second.cursor() as cursor:
        cursor.execute("INSERT INTO note (text) VALUES ('done')")
    second.close()


def test_a_kept_connection_sees_what_others_wrote_since(databases):
    reader = databases()
    with reader.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM note")
        assert cursor.fetchone() == (0,)
    reader.close()  # back to the pool
    writer = databases()
    busy = databases()  # the pool's one connection is the writer's now; this one is new
    with writer.cursor() as cursor:
        cursor.execute("INSERT INTO note (text) VALUES ('new')")
    with busy.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM note")
        assert cursor.fetchone() == (1,)
    writer.close()
    busy.close()
    again = databases()
    with again.cursor() as cursor:
        cursor.execute("SELECT text FROM note")
        assert cursor.fetchall() == [("new",)]


def test_at_most_pool_size_connections_are_kept(databases):
    requests = [databases() for _ in range(3)]
    connections = [raw(request) for request in requests]
    assert len({id(connection) for connection in connections}) == 3
    for request in requests:
        request.close()
    # Two kept (LIFO), the third closed.
    closed = connections[2]
    with pytest.raises(sqlite3.ProgrammingError):
        closed.execute("SELECT 1")
    reused = {id(raw(databases())), id(raw(databases()))}
    assert reused == {id(connections[0]), id(connections[1])}


def test_a_connection_serves_requests_in_other_threads(databases):
    first = databases()
    kept = raw(first)
    first.close()
    seen = {}

    def request_in_a_thread():
        connection = databases()
        seen["same"] = raw(connection) is kept
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO note (text) VALUES ('from a thread')")
        connection.close()

    thread = threading.Thread(target=request_in_a_thread)
    thread.start()
    thread.join()
    assert seen == {"same": True}


def test_an_in_memory_database_is_not_pooled(unblocked):
    handler = ConnectionHandler(
        {"default": {"ENGINE": "cultiva.core.db.sqlite3", "NAME": ":memory:", "POOL_SIZE": 2}}
    )
    connection = handler["default"]
    assert connection._connection_pool() is None
    handler.close_all()


def test_the_real_settings_pool_sqlite_and_read_sessions_from_redis_only(tmp_path):
    """The server's settings (not the test settings): the pooled backend on SQLite; sessions
    from the cache only when that cache is Redis, shared by every server process."""
    from tests.isolated import run_python

    code = (
        "from django.conf import settings; import django; django.setup(); "
        "print(settings.DATABASES['default']['ENGINE'], settings.SESSION_ENGINE)"
    )
    key = "x" * 60
    alone = run_python(code, tmp_path, CULTIVA_SECRET_KEY=key)
    assert alone.stdout.split() == [
        "cultiva.core.db.sqlite3",
        "django.contrib.sessions.backends.db",
    ], alone.stderr
    with_redis = run_python(
        code, tmp_path, CULTIVA_SECRET_KEY=key, REDIS_URL="redis://127.0.0.1:6379/15"
    )
    assert with_redis.stdout.split()[1] == "django.contrib.sessions.backends.cached_db", (
        with_redis.stderr
    )
