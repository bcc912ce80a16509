"""Constrained parameter types, so malformed input is a 422 and never reaches the database."""

from __future__ import annotations

from typing import Annotated

from ninja import Path, Query

MAX_BIGINT = 2**63 - 1
MAX_INTEGER = 2**31 - 1  # PositiveIntegerField on PostgreSQL
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
TEXT_PATTERN = r"^[^\x00-\x1f]*$"  # no NUL (PostgreSQL refuses it) nor other control characters

ObjectId = Annotated[int, Path(ge=1, le=MAX_BIGINT, description="Numeric identifier.")]
Siruta = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="SIRUTA code.")]
ProcessSlug = Annotated[
    str, Path(max_length=60, pattern=SLUG_PATTERN, description="The process's short address.")
]

# Query filters are optional: give them `= None` in the signature.
SlugFilter = Annotated[str | None, Query(max_length=60, pattern=SLUG_PATTERN)]
SearchText = Annotated[
    str | None,
    Query(max_length=100, pattern=TEXT_PATTERN, description="Text to search for."),
]
