"""Opinion groups from agree / disagree / pass votes, the way Pol.is computes them.

Plain computation (no ORM): the callers load the votes and store `result_to_json(result)`.

The method, following Pol.is's published maths (compdemocracy.org, polismath):

1. A participants × statements matrix: agree 1, disagree -1, pass 0, not voted = missing.
   A later vote of the same participant on the same statement replaces the earlier one.
2. Participants with fewer than ``min(min_votes, number of statements)`` votes (passes count)
   are left out of the grouping; `OpinionResult.excluded_participants` counts them.
3. Missing votes are imputed with the statement's mean vote (over the participants kept) and the
   matrix is projected onto its first principal components; each participant's point is
   multiplied by ``sqrt(n_statements / n_voted)`` so that people who voted on few statements are
   not pulled towards the centre ("sparsity-aware" scaling). The first two components are the
   map (`ParticipantPlace.x`, `.y`).
4. k-means (k = 2..5 chosen by the silhouette unless `n_groups` is given; ``n_init=10``,
   deterministic for a seed). Pol.is clusters the 2-D map; here k-means runs on the first
   `CLUSTER_COMPONENTS` (5) scaled components, because k groups need k − 1 dimensions to lie
   apart. Measured on planted groups (tests/synthesis/test_opinion.py, bench/bench_opinion.py):
   with 2–3 groups the 2-D map, 5 components and the full imputed matrix all recover them
   (ARI 0.93–1.0, the full matrix once merged two groups); with 4 groups the 2-D map found 3
   (ARI 0.55–0.72) while 5 components found 4 (ARI 0.95–0.96); with 5 groups 2-D 0.38–0.41,
   5 components 0.85, full matrix 0.17–0.84. So with 4–5 groups two of them may overlap on
   the map although they are told apart.
5. Per group, representative statements ("repness"): with Pol.is's smoothing
   ``pa = (1 + agrees) / (2 + votes)`` inside the group and ``ra = pa / pa_rest`` against all other
   participants, repness = ``ra × pa`` (same for disagree); a statement is kept only when both
   Pol.is z-tests (pa against ½, and the two-proportion test of group against rest) pass at 90 %
   (one-sided z > 1.2816). Up to `REPRESENTATIVE_LIMIT` per group, best first.
6. Group-informed consensus: for every statement the product over groups of
   ``(1 + agrees_g) / (2 + votes_g)`` (and `consensus_disagree`, the same with disagrees); high
   only when every group agrees.
7. Divisive statements: the spread (max − min) of the smoothed agree rate between the groups that
   cast at least `DIVISIVE_MIN_VOTES` votes on it (at least two such groups).

Statement totals (`StatementStat.agree` …) count every participant's vote, placed or not;
`StatementStat.per_group` counts only the participants placed in a group.
Participant and statement ids are strings; they are ordered numerically when they are all
digits (Pol.is ids), otherwise as text, so the result does not depend on the order of the votes.
Groups are numbered 0, 1, … by size (largest first).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

MAX_GROUPS = 5
# k-means runs on this many principal components (k groups need k - 1 dimensions to lie apart).
CLUSTER_COMPONENTS = MAX_GROUPS
MIN_PARTICIPANTS = 4  # fewer participants placed → no groups
REPRESENTATIVE_LIMIT = 5
DIVISIVE_MIN_VOTES = 3
Z_90 = 1.2816
# Silhouette on a sample above this many participants (it is quadratic).
SILHOUETTE_SAMPLE = 3000


@dataclass
class ParticipantPlace:
    participant: str
    group: int
    x: float
    y: float
    vote_count: int


@dataclass
class StatementStat:
    statement: str
    agree: int
    disagree: int
    passed: int
    per_group: dict[int, tuple[int, int, int]]  # group → (agree, disagree, pass)


@dataclass
class GroupSummary:
    group: int
    size: int
    representative: list[tuple[str, str, float]]  # (statement, "agree"|"disagree", repness)


@dataclass
class OpinionResult:
    participants: list[ParticipantPlace]
    groups: list[GroupSummary]
    consensus: list[tuple[str, float]]  # agree consensus, best first
    divisive: list[tuple[str, float]]  # most divisive first
    statements: list[StatementStat]
    group_count: int
    silhouette: float | None
    excluded_participants: int
    consensus_disagree: list[tuple[str, float]] = field(default_factory=list)


def _id_key(value: str) -> tuple[int, int, str]:
    return (0, int(value), value) if value.isdigit() else (1, 0, value)


def _sorted_ids(values: Iterable[str]) -> list[str]:
    return sorted(values, key=_id_key)


def _latest_votes(votes: Iterable[tuple[str, str, int]]) -> dict[tuple[str, str], int]:
    latest: dict[tuple[str, str], int] = {}
    for participant, statement, vote in votes:
        vote = int(vote)
        if vote not in (-1, 0, 1):
            raise ValueError(f"vote must be -1, 0 or 1, not {vote!r}")
        latest[(str(participant), str(statement))] = vote
    return latest


def _z_prop(successes: float, n: float) -> float:
    """Pol.is's one-proportion test of successes/n against ½ (with +1 smoothing)."""
    successes, n = successes + 1, n + 1
    return 2 * math.sqrt(n) * (successes / n - 0.5)


def _z_two_prop(succ_in: float, succ_out: float, n_in: float, n_out: float) -> float:
    """Pol.is's two-proportion test of the group against the rest (with +1 smoothing)."""
    succ_in, succ_out, n_in, n_out = succ_in + 1, succ_out + 1, n_in + 1, n_out + 1
    p_hat = (succ_in + succ_out) / (n_in + n_out)
    if p_hat >= 1 or p_hat <= 0:
        return 0.0
    spread = math.sqrt(p_hat * (1 - p_hat) * (1 / n_in + 1 / n_out))
    return (succ_in / n_in - succ_out / n_out) / spread


def _project(matrix: np.ndarray, voted: np.ndarray, seed: int) -> np.ndarray:
    """Mean-imputed PCA, sparsity-aware scaled: n_participants × (2..`CLUSTER_COMPONENTS`);
    the first two columns are the map."""
    from sklearn.decomposition import PCA

    n_participants, n_statements = matrix.shape
    counts = voted.sum(axis=0)
    sums = np.where(voted, matrix, 0.0).sum(axis=0)
    means = np.divide(sums, counts, out=np.zeros(n_statements), where=counts > 0)
    imputed = np.where(voted, matrix, means[np.newaxis, :])
    components = min(CLUSTER_COMPONENTS, n_participants, n_statements)
    if not np.any(imputed != imputed[:1]):  # everyone alike: nothing to project
        projection = np.zeros((n_participants, components))
    else:
        # Exact either way; the eigenvectors of the statements' covariance are much faster when
        # there are more participants than statements (20,000 × 500: 1 s instead of 37 s).
        solver = "covariance_eigh" if n_participants > n_statements else "full"
        pca = PCA(n_components=components, svd_solver=solver, random_state=seed)
        projection = pca.fit_transform(imputed)
    if projection.shape[1] < 2:
        projection = np.hstack([projection, np.zeros((n_participants, 2 - projection.shape[1]))])
    n_voted = voted.sum(axis=1)
    scale = np.sqrt(n_statements / np.maximum(n_voted, 1))
    return projection * scale[:, np.newaxis]


def _kmeans(points: np.ndarray, k: int, seed: int) -> np.ndarray:
    from sklearn.cluster import KMeans

    with warnings.catch_warnings():
        # Duplicate points (people who voted alike) make k-means warn; the labels are fine.
        warnings.simplefilter("ignore")
        model = KMeans(n_clusters=k, n_init=10, random_state=seed)
        return model.fit_predict(points)


def _silhouette(points: np.ndarray, labels: np.ndarray, seed: int) -> float | None:
    from sklearn.metrics import silhouette_score

    found = len(set(labels.tolist()))
    if found < 2 or found >= len(points):
        return None
    sample = SILHOUETTE_SAMPLE if len(points) > SILHOUETTE_SAMPLE else None
    return float(silhouette_score(points, labels, sample_size=sample, random_state=seed))


def _choose_groups(
    points: np.ndarray, n_groups: int | None, seed: int
) -> tuple[np.ndarray, float | None]:
    distinct = len(np.unique(np.round(points, 9), axis=0))
    if distinct < 2:
        return np.zeros(len(points), dtype=int), None
    if n_groups is not None:
        k = max(1, min(int(n_groups), distinct))
        if k == 1:
            return np.zeros(len(points), dtype=int), None
        labels = _kmeans(points, k, seed)
        return labels, _silhouette(points, labels, seed)
    best: tuple[float, np.ndarray] | None = None
    for k in range(2, min(MAX_GROUPS, distinct, len(points) - 1) + 1):
        labels = _kmeans(points, k, seed)
        score = _silhouette(points, labels, seed)
        if score is not None and (best is None or score > best[0] + 1e-12):
            best = (score, labels)
    if best is None:
        labels = _kmeans(points, 2, seed)
        return labels, _silhouette(points, labels, seed)
    return best[1], best[0]


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Groups numbered by size, largest first (ties: whoever comes first in id order)."""
    order = sorted(
        set(labels.tolist()),
        key=lambda g: (-int((labels == g).sum()), int(np.argmax(labels == g))),
    )
    mapping = {old: new for new, old in enumerate(order)}
    return np.array([mapping[g] for g in labels.tolist()], dtype=int)


def _representative(
    group: int,
    statements: list[str],
    agree: np.ndarray,
    disagree: np.ndarray,
    seen: np.ndarray,
) -> list[tuple[str, str, float]]:
    """agree / disagree / seen are (groups × statements) counts."""
    rest_agree = agree.sum(axis=0) - agree[group]
    rest_disagree = disagree.sum(axis=0) - disagree[group]
    rest_seen = seen.sum(axis=0) - seen[group]
    found: list[tuple[float, str, str]] = []
    for j, statement in enumerate(statements):
        n_in, n_out = seen[group, j], rest_seen[j]
        if n_in == 0:
            continue
        best: tuple[float, str] | None = None
        for direction, inside, outside in (
            ("agree", agree[group, j], rest_agree[j]),
            ("disagree", disagree[group, j], rest_disagree[j]),
        ):
            p_in = (1 + inside) / (2 + n_in)
            p_out = (1 + outside) / (2 + n_out)
            repness = (p_in / p_out) * p_in
            if _z_prop(inside, n_in) <= Z_90 or _z_two_prop(inside, outside, n_in, n_out) <= Z_90:
                continue
            if best is None or repness > best[0]:
                best = (repness, direction)
        if best is not None:
            found.append((best[0], _direction_key(best[1]), statement))
    found.sort(key=lambda item: (-item[0], item[1], _id_key(item[2])))
    return [
        (statement, "agree" if key == 0 else "disagree", round(float(repness), 6))
        for repness, key, statement in found[:REPRESENTATIVE_LIMIT]
    ]


def _direction_key(direction: str) -> int:
    return 0 if direction == "agree" else 1


def _empty_result(
    statements: list[str], totals: np.ndarray, participants: int, silhouette: float | None = None
) -> OpinionResult:
    return OpinionResult(
        participants=[],
        groups=[],
        consensus=[],
        divisive=[],
        statements=[
            StatementStat(s, int(totals[0, j]), int(totals[1, j]), int(totals[2, j]), {})
            for j, s in enumerate(statements)
        ],
        group_count=0,
        silhouette=silhouette,
        excluded_participants=participants,
    )


def analyse(
    votes: Iterable[tuple[str, str, int]],
    *,
    n_groups: int | None = None,
    seed: int = 0,
    min_votes: int = 7,
) -> OpinionResult:
    """Opinion groups, representative, consensus and divisive statements of (participant,
    statement, vote) triples (vote 1 agree, -1 disagree, 0 pass; a later triple for the same
    participant and statement replaces an earlier one). See the module docstring."""
    if n_groups is not None and int(n_groups) < 1:
        raise ValueError("n_groups must be at least 1")
    latest = _latest_votes(votes)
    participants = _sorted_ids({p for p, _ in latest})
    statements = _sorted_ids({s for _, s in latest})
    p_index = {p: i for i, p in enumerate(participants)}
    s_index = {s: j for j, s in enumerate(statements)}
    n_p, n_s = len(participants), len(statements)

    matrix = np.zeros((n_p, n_s), dtype=np.float64)
    voted = np.zeros((n_p, n_s), dtype=bool)
    if latest:
        rows = np.fromiter((p_index[p] for p, _ in latest), dtype=np.int64, count=len(latest))
        cols = np.fromiter((s_index[s] for _, s in latest), dtype=np.int64, count=len(latest))
        values = np.fromiter(latest.values(), dtype=np.float64, count=len(latest))
        matrix[rows, cols] = values
        voted[rows, cols] = True
    totals = np.vstack(
        [
            ((matrix == 1) & voted).sum(axis=0),
            ((matrix == -1) & voted).sum(axis=0),
            ((matrix == 0) & voted).sum(axis=0),
        ]
    )

    vote_counts = voted.sum(axis=1)
    threshold = min(min_votes, n_s)
    kept = np.flatnonzero(vote_counts >= max(threshold, 1))
    if len(kept) < MIN_PARTICIPANTS or n_s < 2:
        return _empty_result(statements, totals, n_p)

    sub_matrix, sub_voted = matrix[kept], voted[kept]
    # One thread: on these small matrices OpenMP's start-up costs far more than it saves
    # (k-means on 180 points took 1.5 s instead of 0.06 s on a busy two-core server).
    with threadpool_limits(limits=1):
        points = _project(sub_matrix, sub_voted, seed)
        labels, silhouette = _choose_groups(points, n_groups, seed)
    labels = _renumber(labels)
    group_count = int(labels.max()) + 1

    agree = np.zeros((group_count, n_s))
    disagree = np.zeros((group_count, n_s))
    passed = np.zeros((group_count, n_s))
    for g in range(group_count):
        member = labels == g
        g_matrix, g_voted = sub_matrix[member], sub_voted[member]
        agree[g] = ((g_matrix == 1) & g_voted).sum(axis=0)
        disagree[g] = ((g_matrix == -1) & g_voted).sum(axis=0)
        passed[g] = ((g_matrix == 0) & g_voted).sum(axis=0)
    seen = agree + disagree + passed

    places = [
        ParticipantPlace(
            participant=participants[i],
            group=int(labels[row]),
            x=round(float(points[row, 0]), 6),  # the map: the first two components
            y=round(float(points[row, 1]), 6),
            vote_count=int(vote_counts[i]),
        )
        for row, i in enumerate(kept.tolist())
    ]
    groups = [
        GroupSummary(
            group=g,
            size=int((labels == g).sum()),
            representative=(
                _representative(g, statements, agree, disagree, seen) if group_count > 1 else []
            ),
        )
        for g in range(group_count)
    ]

    agree_rate = (1 + agree) / (2 + seen)
    disagree_rate = (1 + disagree) / (2 + seen)
    consensus_agree = agree_rate.prod(axis=0)
    consensus_disagree = disagree_rate.prod(axis=0)
    cast = seen.sum(axis=0) > 0

    def ranked(scores: np.ndarray, mask: np.ndarray) -> list[tuple[str, float]]:
        order = sorted(
            (j for j in range(n_s) if mask[j]),
            key=lambda j: (-scores[j], _id_key(statements[j])),
        )
        return [(statements[j], round(float(scores[j]), 6)) for j in order]

    enough = seen >= DIVISIVE_MIN_VOTES
    divisive_scores = np.zeros(n_s)
    divisive_mask = np.zeros(n_s, dtype=bool)
    for j in range(n_s):
        rates = agree_rate[enough[:, j], j]
        if len(rates) >= 2:
            divisive_scores[j] = rates.max() - rates.min()
            divisive_mask[j] = True
    if group_count < 2:
        divisive_mask[:] = False

    stats = [
        StatementStat(
            statement=s,
            agree=int(totals[0, j]),
            disagree=int(totals[1, j]),
            passed=int(totals[2, j]),
            per_group={
                g: (int(agree[g, j]), int(disagree[g, j]), int(passed[g, j]))
                for g in range(group_count)
            },
        )
        for j, s in enumerate(statements)
    ]
    return OpinionResult(
        participants=places,
        groups=groups,
        consensus=ranked(consensus_agree, cast),
        divisive=ranked(divisive_scores, divisive_mask),
        statements=stats,
        group_count=group_count,
        silhouette=None if silhouette is None else round(silhouette, 6),
        excluded_participants=n_p - len(kept),
        consensus_disagree=ranked(consensus_disagree, cast),
    )


def result_to_json(result: OpinionResult) -> dict:
    """A JSON-serialisable dict (for `OpinionAnalysis.result`); `result_from_json` reverses it."""
    return {
        "version": 1,
        "participants": [
            [p.participant, p.group, p.x, p.y, p.vote_count] for p in result.participants
        ],
        "groups": [
            {
                "group": g.group,
                "size": g.size,
                "representative": [list(item) for item in g.representative],
            }
            for g in result.groups
        ],
        "consensus": [list(item) for item in result.consensus],
        "consensus_disagree": [list(item) for item in result.consensus_disagree],
        "divisive": [list(item) for item in result.divisive],
        "statements": [
            {
                "statement": s.statement,
                "agree": s.agree,
                "disagree": s.disagree,
                "passed": s.passed,
                "per_group": {str(g): list(counts) for g, counts in s.per_group.items()},
            }
            for s in result.statements
        ],
        "group_count": result.group_count,
        "silhouette": result.silhouette,
        "excluded_participants": result.excluded_participants,
    }


def result_from_json(data: dict) -> OpinionResult:
    """The `OpinionResult` stored by `result_to_json` (an empty dict gives an empty result)."""
    return OpinionResult(
        participants=[
            ParticipantPlace(str(p), int(g), float(x), float(y), int(n))
            for p, g, x, y, n in data.get("participants", [])
        ],
        groups=[
            GroupSummary(
                group=int(g["group"]),
                size=int(g["size"]),
                representative=[
                    (str(s), str(d), float(r)) for s, d, r in g.get("representative", [])
                ],
            )
            for g in data.get("groups", [])
        ],
        consensus=[(str(s), float(v)) for s, v in data.get("consensus", [])],
        divisive=[(str(s), float(v)) for s, v in data.get("divisive", [])],
        statements=[
            StatementStat(
                statement=str(s["statement"]),
                agree=int(s["agree"]),
                disagree=int(s["disagree"]),
                passed=int(s["passed"]),
                per_group={
                    int(g): (int(c[0]), int(c[1]), int(c[2]))
                    for g, c in s.get("per_group", {}).items()
                },
            )
            for s in data.get("statements", [])
        ],
        group_count=int(data.get("group_count", 0)),
        silhouette=None if data.get("silhouette") is None else float(data["silhouette"]),
        excluded_participants=int(data.get("excluded_participants", 0)),
        consensus_disagree=[(str(s), float(v)) for s, v in data.get("consensus_disagree", [])],
    )
