"""Writes of stored embeddings: schedule after a text write, compute in batches, store.

`embeddings_schedule` is called by `cultiva.synthesis.receivers` whenever contribution texts
were written; after the transaction commits it enqueues `tasks.embeddings.embed_contributions`,
which calls `embeddings_compute`. A contribution whose text (and backend) did not change since
its vector was stored is skipped, so re-saving or re-indexing costs only one query per batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction

from cultiva.ideas.models import Contribution

# How many ids one background task handles, and how many texts go to the model at once.
TASK_CHUNK = 1000
EMBED_BATCH = 64


def embeddings_schedule(contribution_ids) -> None:
    """Queue the embedding of these contributions after the transaction commits.

    Does nothing when settings.CULTIVA_EMBED_ON_SAVE is False (the test settings).
    """
    if not getattr(settings, "CULTIVA_EMBED_ON_SAVE", True):
        return
    ids = sorted({int(pk) for pk in contribution_ids})
    if not ids:
        return

    def enqueue() -> None:
        from cultiva.synthesis.tasks.embeddings import embed_contributions

        for start in range(0, len(ids), TASK_CHUNK):
            embed_contributions.enqueue(ids[start : start + TASK_CHUNK])

    transaction.on_commit(enqueue)


def embeddings_compute(
    contribution_ids: Iterable[int],
    *,
    embedder=None,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Embed the contributions whose stored vector is missing or stale; return how many.

    Stale: another backend, or the text hash differs. `force` recomputes all of them.
    `progress(done, total)` is called after each batch (the backfill command prints it).
    """
    from cultiva.synthesis import embeddings, text
    from cultiva.synthesis.models import ContributionEmbedding
    from cultiva.synthesis.selectors.embeddings import current_embedder

    embedder = embedder or current_embedder()
    ids = sorted({int(pk) for pk in contribution_ids})
    done = 0
    todo_total = 0
    pending: list[tuple[int, str, str]] = []  # (id, text, hash)
    for start in range(0, len(ids), TASK_CHUNK):
        chunk = ids[start : start + TASK_CHUNK]
        stored = dict(
            ContributionEmbedding.objects.filter(
                contribution_id__in=chunk, backend=embedder.name
            ).values_list("contribution_id", "text_hash")
        )
        for pk, title, body in Contribution.objects.filter(pk__in=chunk).values_list(
            "pk", "title", "body"
        ):
            content = embeddings.text_for_embedding(title, body)
            digest = embeddings.text_hash(content)
            if not force and stored.get(pk) == digest:
                continue
            pending.append((pk, content, digest))
    todo_total = len(pending)
    for start in range(0, todo_total, EMBED_BATCH):
        batch = pending[start : start + EMBED_BATCH]
        vectors = embedder.embed([content for _pk, content, _digest in batch])
        rows = [
            ContributionEmbedding(
                contribution_id=pk,
                backend=embedder.name,
                dimensions=embedder.dimensions,
                vector=embeddings.vector_to_bytes(vector),
                text_hash=digest,
                detected_language=text.detect_language(content),
            )
            for (pk, content, digest), vector in zip(batch, vectors, strict=True)
        ]
        _store(rows)
        done += len(batch)
        if progress is not None:
            progress(done, todo_total)
    return done


def _store(rows: list) -> None:
    """Insert or replace the vectors of a batch (one statement)."""
    from django.utils import timezone

    from cultiva.synthesis.models import ContributionEmbedding

    now = timezone.now()
    for row in rows:
        row.computed_at = now
    with transaction.atomic():
        ContributionEmbedding.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["contribution"],
            update_fields=[
                "backend",
                "dimensions",
                "vector",
                "text_hash",
                "detected_language",
                "computed_at",
            ],
        )
