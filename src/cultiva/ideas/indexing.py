"""The `search_document` of contributions: normalised words for Hungarian and Romanian search.

The words come from `cultiva.meetings.search.build_search_document` (folded diacritics plus
Snowball stems, cached, in the contribution's language), over title, description, partners and the
resources needed. Call `contribution_search_document_refresh` after every write that
changes those texts; `manage.py reindex_contributions` fills the column for existing rows.

On PostgreSQL a trigger (migration 0005) also keeps the stored `search_vector` in step with
these texts and this document; `contributions_reindex` fills any vector still missing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from cultiva.ideas.models import Contribution
from cultiva.ideas.signals import contribution_texts_changed
from cultiva.meetings.search import build_search_document

BATCH_SIZE = 500


def contribution_search_text(contribution: Contribution) -> str:
    return build_search_document(
        contribution.title,
        contribution.body,
        contribution.partners,
        contribution.resources_needed,
        language=contribution.language,
    )


def contribution_search_document_refresh(contribution: Contribution) -> Contribution:
    """Recompute and save the contribution's search document (one UPDATE, no signals)."""
    document = contribution_search_text(contribution)
    if document != contribution.search_document:
        contribution.search_document = document
        Contribution.objects.filter(pk=contribution.pk).update(search_document=document)
    contribution_texts_changed.send(sender=Contribution, contribution_ids=[contribution.pk])
    return contribution


def contributions_reindex(contributions: Iterable[Contribution] | None = None) -> int:
    """Recompute the search documents of many contributions in batches; return the count."""
    if contributions is None:
        contributions = Contribution.objects.only(
            "id", "title", "body", "partners", "resources_needed", "language", "search_document"
        ).order_by("id")
    changed: list[Contribution] = []
    count = 0
    iterator = (
        contributions.iterator(chunk_size=BATCH_SIZE)
        if hasattr(contributions, "iterator")
        else contributions
    )
    touched_ids: list[int] = []
    for contribution in iterator:
        touched_ids.append(contribution.pk)
        document = contribution_search_text(contribution)
        if document != contribution.search_document:
            contribution.search_document = document
            changed.append(contribution)
        if len(changed) >= BATCH_SIZE:
            count += _write(changed)
            changed = []
    if changed:
        count += _write(changed)
    if touched_ids:
        _fill_missing_vectors(touched_ids)
        contribution_texts_changed.send(sender=Contribution, contribution_ids=touched_ids)
    return count


VECTOR_SQL = (
    "cultiva_contribution_search_vector("
    "title, body, partners, resources_needed, language, search_document)"
)


def _fill_missing_vectors(ids: list[int]) -> None:
    """PostgreSQL: compute the stored search vectors that are missing (the trigger keeps the
    others current), e.g. of rows written while the trigger was disabled."""
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(Contribution._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH_SIZE * 10):
            cursor.execute(
                f"UPDATE {table} SET search_vector = {VECTOR_SQL} "  # noqa: S608 - constants
                "WHERE id = ANY(%s) AND search_vector IS NULL",
                [ids[start : start + BATCH_SIZE * 10]],
            )


def _write(changed: list[Contribution]) -> int:
    """One executemany per batch: `bulk_update`'s CASE expression is ten times slower."""
    table = connection.ops.quote_name(Contribution._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET search_document = %s WHERE id = %s",  # noqa: S608 - our table
            [(c.search_document, c.pk) for c in changed],
        )
    return len(changed)
