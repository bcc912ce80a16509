"""What later apps copy when a process is copied as the start of a new one.

`processes` comes before `ideas`, `portfolio` and the rest in the pipeline, so it cannot import
them: each app registers, in its AppConfig.ready, a function that copies its own set-up
(contribution templates, review criteria…) from the old process to the new one. Participants'
data (contributions, registrations, roles) is never copied.
"""

from __future__ import annotations

from collections.abc import Callable

CopyFunction = Callable[..., None]  # (*, source, target, actor) -> None

_copiers: dict[str, CopyFunction] = {}


def register_copy(name: str, copy: CopyFunction) -> None:
    """`copy(source=..., target=..., actor=...)` runs inside process_copy's transaction."""
    _copiers[name] = copy


def registered_copiers() -> dict[str, CopyFunction]:
    return dict(_copiers)
