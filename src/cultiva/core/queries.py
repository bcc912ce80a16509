"""Query pieces shared by the selectors of every app."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(rows: QuerySet, *, parent_field: str) -> Coalesce:
    """How many of `rows` point at the outer object through `parent_field`.

    Counting several relations through joins multiplies the rows (meetings × contributions
    × projects); one correlated subquery per relation keeps each count cheap.
    """
    counted = (
        rows.filter(**{parent_field: OuterRef("pk")})
        .order_by()
        .values(parent_field)
        .annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(counted.values("n")[:1]), 0)
