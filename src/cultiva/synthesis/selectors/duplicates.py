"""Reads for duplicates: similar contributions while typing, the queue, merges of a contribution.

Every list here costs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.db.models import Count, Max, Prefetch, QuerySet

from cultiva.ideas.models import Contribution, Support
from cultiva.ideas.rules import visible_contributions_q
from cultiva.synthesis.models import ContributionEmbedding, ContributionMerge, DuplicateCandidate

ACTIVE_STATUSES = (Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO)
# Shorter texts say too little to compare: no suggestions, no error.
SIMILAR_MIN_CHARS = 15
SIMILAR_MAX_CHARS = 4000
SIMILAR_LIMIT = 5


# --- similar while typing ---------------------------------------------------------------------


@dataclass
class SimilarContribution:
    contribution: Contribution
    similarity: float


def query_vector(text: str) -> np.ndarray:
    """The typed text embedded like the stored contributions, shape (d,).

    The same side ("passage") as the stored vectors: the similarity thresholds of
    `duplicates.thresholds_for` are measured between stored vectors.
    """
    from cultiva.synthesis import embeddings
    from cultiva.synthesis.selectors.embeddings import current_embedder

    # The form sends the title on the first line, the description after it.
    title, _newline, body = text.strip().partition("\n")
    embedder = current_embedder()
    text = embeddings.text_for_embedding(title, body)
    return np.asarray(embedder.embed([text]), dtype=np.float32)[0]


# The matrix is reloaded when a vector is added, removed or recomputed, and at least every
# VECTORS_MAX_AGE seconds (a bulk update does not touch `computed_at`).
VECTORS_MAX_AGE = 300


@lru_cache(maxsize=4)
def _cached_vectors(process_id: int, backend: str, dimensions: int, count: int, latest, age):
    from cultiva.synthesis.selectors.embeddings import process_vectors

    return process_vectors(process_id, backend=backend, dimensions=dimensions, with_texts=False)


def _process_vectors(process_id: int):
    """The process's stored vectors, reused while no vector was added or recomputed."""
    from cultiva.synthesis.selectors.embeddings import current_embedder

    embedder = current_embedder()
    state = ContributionEmbedding.objects.filter(
        backend=embedder.name,
        contribution__process_id=process_id,
        contribution__status__in=ACTIVE_STATUSES,
    ).aggregate(count=Count("pk"), latest=Max("computed_at"))
    return _cached_vectors(
        process_id,
        embedder.name,
        embedder.dimensions,
        state["count"],
        state["latest"],
        int(time.monotonic() // VECTORS_MAX_AGE),
    )


def similar_text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def similar_contributions(
    *, user, process, text: str, exclude: int | None = None, limit: int = SIMILAR_LIMIT
) -> list[SimilarContribution]:
    """The process's visible contributions most like `text` (best first, at most `limit`).

    Empty when the text is too short or nothing is similar enough.
    """
    from cultiva.synthesis import duplicates

    text = (text or "").strip()[:SIMILAR_MAX_CHARS]
    if len(" ".join(text.split())) < SIMILAR_MIN_CHARS:
        return []
    vectors = _process_vectors(process.pk)
    if not len(vectors):
        return []
    _duplicate, threshold = duplicates.thresholds_for(vectors.backend)
    found = duplicates.similar_to(
        query_vector(text), vectors.matrix, vectors.ids, threshold=threshold, limit=limit * 3 + 1
    )
    scores = {pk: score for pk, score in found if pk != exclude}
    if not scores:
        return []
    rows = (
        Contribution.objects.filter(process=process, pk__in=list(scores))
        .filter(status__in=ACTIVE_STATUSES)
        .filter(visible_contributions_q(user, process))
        .only("pk", "title", "language", "kind", "status", "process_id")
    )
    ranked = sorted(rows, key=lambda c: (-scores[c.pk], c.pk))[:limit]
    return [SimilarContribution(contribution=c, similarity=float(scores[c.pk])) for c in ranked]


# --- the duplicate queue ----------------------------------------------------------------------


def pending_candidates(*, process) -> QuerySet[DuplicateCandidate]:
    """Undecided pairs whose two contributions are both still submitted, most similar first."""
    side = (
        "author",
        "organisation",
        "meeting",
    )
    return (
        DuplicateCandidate.objects.filter(
            process=process,
            status=DuplicateCandidate.Status.PENDING,
            first__status__in=ACTIVE_STATUSES,
            second__status__in=ACTIVE_STATUSES,
        )
        .select_related(*(f"first__{s}" for s in side), *(f"second__{s}" for s in side))
        .order_by("-similarity", "id")
    )


def attach_support_counts(candidates) -> list[DuplicateCandidate]:
    """Set `first_supports` and `second_supports` on each candidate (one query)."""
    candidates = list(candidates)
    ids = {c.first_id for c in candidates} | {c.second_id for c in candidates}
    counts = dict(
        Support.objects.filter(contribution_id__in=ids)
        .values("contribution_id")
        .annotate(n=Count("pk"))
        .values_list("contribution_id", "n")
    )
    for candidate in candidates:
        candidate.first_supports = counts.get(candidate.first_id, 0)
        candidate.second_supports = counts.get(candidate.second_id, 0)
    return candidates


def recent_merges(*, process, limit: int = 20) -> list[ContributionMerge]:
    """The latest merges not undone yet, newest first."""
    return list(
        ContributionMerge.objects.filter(process=process, undone_at__isnull=True)
        .select_related("kept", "merged", "merged_by")
        .order_by("-created_at", "-id")[:limit]
    )


def queue_counts(*, process) -> dict:
    """Pairs to decide, and how many of the process's contributions have a current vector."""
    from cultiva.synthesis.selectors.embeddings import current_backend, embeddings_are_fallback

    return {
        "pending": pending_candidates(process=process).count(),
        "embedded": ContributionEmbedding.objects.filter(
            backend=current_backend(),
            contribution__process=process,
            contribution__status__in=ACTIVE_STATUSES,
        ).count(),
        "fallback": embeddings_are_fallback(),
        "contributions": Contribution.objects.filter(
            process=process, status__in=ACTIVE_STATUSES
        ).count(),
    }


# --- a contribution's merges ------------------------------------------------------------------


# How deep "also proposed by" follows merges of merges (A into B, then B into C).
MERGE_CHAIN_DEPTH = 3


def merges_received(contribution: Contribution) -> list[ContributionMerge]:
    """The duplicates merged into this contribution (not undone), with their authors.

    Duplicates of duplicates count too (A merged into B, then B into this one): one query
    per level, at most MERGE_CHAIN_DEPTH.
    """
    found: list[ContributionMerge] = []
    kept_ids = {contribution.pk}
    seen = {contribution.pk}
    for _level in range(MERGE_CHAIN_DEPTH):
        level = list(
            ContributionMerge.objects.filter(kept_id__in=kept_ids, undone_at__isnull=True)
            .exclude(merged_id__in=seen)
            .select_related("merged__author", "merged__organisation", "merged__meeting")
            .order_by("created_at", "id")
        )
        if not level:
            break
        found.extend(level)
        kept_ids = {merge.merged_id for merge in level}
        seen |= kept_ids
    return found


def merge_given(contribution: Contribution) -> ContributionMerge | None:
    """The merge that folded this contribution into another one, if it is merged."""
    if contribution.status != Contribution.Status.MERGED:
        return None
    return (
        ContributionMerge.objects.filter(merged=contribution, undone_at__isnull=True)
        .select_related("kept")
        .order_by("-created_at")
        .first()
    )


def merged_duplicates_prefetch(prefix: str = "") -> Prefetch:
    """Prefetch a contribution's merged duplicates with their authors, organisations, meetings.

    `prefix` is the path to the contribution, e.g. "contribution__" from a project origin.
    The duplicates land in `<contribution>.also_proposed`.
    """
    queryset = (
        Contribution.objects.filter(status=Contribution.Status.MERGED)
        .select_related("author", "organisation", "meeting")
        .order_by("pk")
    )
    return Prefetch(f"{prefix}merged_duplicates", queryset=queryset, to_attr="also_proposed")
