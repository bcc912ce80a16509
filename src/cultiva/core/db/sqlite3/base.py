"""SQLite, with its connections kept for the next request: a small pool per process.

Django opens a connection per request and closes it at the end (CONN_MAX_AGE=0; under ASGI
a kept connection belongs to the request's context and would never be used again). For
SQLite, a new connection is cheap to open but expensive to warm: it parses the schema (380
tables and indexes here) and prepares every statement anew, with an empty page cache.
Measured through the ASGI application in one process, alternating the pool on and off
(bench/bench_hot_pages.py's client): 1-2 ms of CPU less on each page that reads the database.

Here `close()` hands the raw connection back to a pool (at most POOL_SIZE per database file
and process, a `DATABASES` key, default 8) instead of closing it, after rolling back anything
left open, and the next connection Django asks for is taken from it. Connections are opened
with `check_same_thread=False` (Django's own setting), so any request's thread may use one;
one request at a time, as the pool hands each out once. An in-memory database is never
pooled (closing it would lose it, and Django never closes it). A pool made before a fork is
not used by the child.
"""

from __future__ import annotations

import os
import queue
import threading

from django.db.backends.sqlite3 import base

DEFAULT_POOL_SIZE = 8

_pools: dict[str, queue.LifoQueue] = {}
_pools_pid = os.getpid()
_lock = threading.Lock()


def _pool(name: str, size: int) -> queue.LifoQueue:
    global _pools_pid
    with _lock:
        if _pools_pid != os.getpid():  # a forked child: the parent's connections are not ours
            _pools.clear()
            _pools_pid = os.getpid()
        pool = _pools.get(name)
        if pool is None:
            pool = _pools[name] = queue.LifoQueue(maxsize=size)
        return pool


def pool_clear() -> None:
    """Close every pooled connection of this process (tests; before a database file is
    replaced, as a restore does)."""
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        while True:
            try:
                pool.get_nowait().close()
            except queue.Empty:
                break


class DatabaseWrapper(base.DatabaseWrapper):
    def _connection_pool(self) -> queue.LifoQueue | None:
        size = int(self.settings_dict.get("POOL_SIZE", DEFAULT_POOL_SIZE))
        if size <= 0 or self.is_in_memory_db():
            return None
        return _pool(str(self.settings_dict["NAME"]), size)

    def get_new_connection(self, conn_params):
        pool = self._connection_pool()
        if pool is not None:
            try:
                connection = pool.get_nowait()
            except queue.Empty:
                pass
            else:
                # As a new connection has it (a schema change may have turned it off).
                connection.execute("PRAGMA foreign_keys = ON")
                return connection
        return super().get_new_connection(conn_params)

    def _close(self):
        pool = self._connection_pool()
        connection = self.connection
        if pool is None or connection is None:
            return super()._close()
        with self.wrap_database_errors:
            if connection.in_transaction:
                connection.rollback()  # what closing it would have done
            try:
                pool.put_nowait(connection)
            except queue.Full:
                connection.close()
