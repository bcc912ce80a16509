"""Read-mostly values kept in Django's cache under a generation number.

A *generation* names a group of cached values that change together (the territory and the
taxonomy, say). `generation_cached(name, key, compute)` keeps `compute()` under a key that
holds the generation's current number; `generation_bump(name)` gives the group a new number,
so every value cached under the old one is never read again (it expires on its own).

Through Django's cache: Redis when REDIS_URL is set, which every server process shares, so a
change made in one process is seen by all at their next request; otherwise local memory, one
per process, where a change made in *another* process (a management command, the task worker,
a second uvicorn worker on SQLite) is seen when the value expires (`timeout`, a few minutes).
Values must be plain (they are pickled), and the key must carry everything the value depends
on besides the group's rows: the reader's language, the county, ... — never a user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
PREFIX = "cultiva-generation"
# The territory (counties, micro-regions, settlements) and the taxonomy: the filters' and
# forms' choices. Saved one by one (admin) they bump it through the signals connected below;
# the bulk loaders (`core.territory`, `core.taxonomy`) bump it themselves.
REFERENCE_DATA = "reference-data"
DEFAULT_TIMEOUT = 300  # seconds: the longest a change made in another process goes unseen


def _generation_key(name: str) -> str:
    return f"{PREFIX}:{name}"


def generation_current(name: str) -> int:
    """The group's current number (created on first use)."""
    key = _generation_key(name)
    number = cache.get(key)
    if number is None:
        # add() so that two processes starting together agree on one number.
        cache.add(key, 1, timeout=None)
        number = cache.get(key, 1)
    return number


def generation_bump(name: str) -> None:
    """Invalidate every value cached in the group: now, and again after the surrounding
    transaction commits (a value computed in between, from the rows as they were before the
    commit, would otherwise be kept under the new number)."""

    def bump() -> None:
        key = _generation_key(name)
        try:
            cache.incr(key)
        except ValueError:  # not there (expired, evicted, cleared): any new number will do
            cache.set(key, 2, timeout=None)

    bump()
    transaction.on_commit(bump)


def generation_cached(
    name: str, key: str, compute: Callable[[], T], *, timeout: int = DEFAULT_TIMEOUT
) -> T:
    """`compute()`, kept in the cache for the group's current generation and `key`."""
    full_key = f"{PREFIX}:{name}:{generation_current(name)}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=timeout)
    return value


def _reference_data_changed(sender, **kwargs) -> None:
    generation_bump(REFERENCE_DATA)


def connect_reference_data_signals() -> None:
    """Called by the core app when it is ready."""
    from django.db.models.signals import post_delete, post_save

    from cultiva.core.models import County, MicroRegion, Settlement, TaxonomyTerm

    for model in (County, MicroRegion, Settlement, TaxonomyTerm):
        uid = f"reference-data-{model._meta.label_lower}"
        post_save.connect(_reference_data_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_reference_data_changed, sender=model, dispatch_uid=f"{uid}-delete")
