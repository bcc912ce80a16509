"""The ranking of a review round, the reviewers' severity, disagreement and stability.

A plain module (no ORM, no Django): `portfolio.ranking_selectors` builds its input from the
database, the pages and the exports show its output. Everything is computed with numpy over
arrays, so that 2,000 projects × 5 reviewers × 6 criteria with 1,000 bootstrap draws take
about a second (bench/bench_ranking.py).

The rules, as decision-makers read them on the ranking page:

- **Weighted score.** Each score is put on 0–1 by its criterion's scale
  ((value − lowest) / (highest − lowest)); a review's total is the weighted mean of its
  criteria (weights as the round sets them; a criterion a review did not score is left out
  of that review's mean); a project's score is the mean of its reviews' totals. Pages show it
  out of 100.
- **Ties.** Projects with equal scores (to 9 decimals) share a rank, and the next rank is
  skipped: 1, 2, 2, 4 ("standard competition ranking").
- **Reviewer severity (optional).** Each reviewer's scores (0–1, all criteria pooled) become
  z-scores over that reviewer's own reviews, then are mapped back onto the scale with the mean
  and standard deviation of all reviewers' scores, and clipped to 0–1. A severe reviewer's
  4 out of 5 thus counts like a lenient reviewer's 5. A reviewer with fewer than
  `MIN_REVIEWS_TO_NORMALISE` reviews is left as they are (their severity cannot be told
  from one review); one who gave every score the same is only shifted to the common mean.
  The effect is shown per project: score and rank before and after.
- **Disagreement.** A project is flagged for discussion when its reviewers' totals are
  `DISAGREEMENT_RANGE` (30 %) of the scale or more apart (highest minus lowest total; e.g.
  1.2 points on a 1–5 scale). Needs two reviews or more.
- **Stability.** `draws` bootstrap draws with a fixed seed; in each, every criterion's weight
  is multiplied by a factor drawn uniformly in 1 ± `weight_jitter` (±20 %), and each project's
  reviews are resampled with replacement (as many as it has). A project's rank interval is the
  5th–95th percentile of its ranks over the draws. Against the funding line N: "robustly in"
  when it is in the top N in at least 95 % of the draws, "robustly out" in at most 5 %,
  "borderline" otherwise.
- **Why borderline.** The same draws are replayed with only the weights moving and with only
  the reviewers resampled. When resampling the reviewers alone moves the project across the
  line at least as often as the weights alone, the reason is the reviewers: its own when
  they differ, else those of the projects beside it (its own agree). Otherwise it is the
  weights, and the criterion named is the one whose weight, moved by ±20 % alone, moves the
  project's rank the most. When neither alone moves it, the reason is its closeness to the
  line.

Projects without any review are listed last, unranked.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

DISAGREEMENT_RANGE = 0.3
MIN_REVIEWS_TO_NORMALISE = 2
WEIGHT_JITTER = 0.2
ROBUST_SHARE = 0.95
DRAWS = 1000
SEED = 20260
INTERVAL = (5.0, 95.0)
TIE_DECIMALS = 9
CHUNK = 100  # draws computed at once (bounds the memory: CHUNK × reviews floats)

# Labels against the funding line.
ROBUSTLY_IN = "in"
BORDERLINE = "borderline"
ROBUSTLY_OUT = "out"
# Why a project is borderline.
REASON_REVIEWERS = "reviewers"
REASON_RIVALS = "rivals"  # its own reviewers agree; those of the projects beside it do not
REASON_WEIGHT = "weight"
REASON_CLOSE = "close"


@dataclass(frozen=True)
class CriterionIn:
    key: Hashable
    weight: float
    scale_min: float
    scale_max: float


@dataclass(frozen=True)
class ReviewIn:
    reviewer: Hashable
    project: Hashable
    scores: Mapping[Hashable, float]  # criterion key -> value on the criterion's scale


@dataclass(frozen=True)
class WeightEffect:
    """The project's rank with one criterion's weight 20 % higher and 20 % lower."""

    criterion: Hashable
    rank_heavier: int
    rank_lighter: int


@dataclass
class Stability:
    rank_low: int  # the best rank of the interval (5th percentile)
    rank_high: int  # the worst rank of the interval (95th percentile)
    share_in: float | None  # share of draws in the top N (None without a funding line)
    label: str | None  # ROBUSTLY_IN / BORDERLINE / ROBUSTLY_OUT, None without a line
    reason: str | None = None  # for borderline projects: REASON_*
    criterion: Hashable | None = None  # for REASON_WEIGHT: the criterion that moves it most
    weight_effect: WeightEffect | None = None
    share_in_weights_only: float | None = None
    share_in_reviewers_only: float | None = None


@dataclass
class ProjectRanking:
    project: Hashable
    review_count: int
    score: float | None  # 0–1, the one the ranking uses (normalised when asked)
    rank: int | None
    tied: bool  # shares its rank with another project
    criterion_means: dict  # criterion key -> mean value on the criterion's own scale
    reviewer_totals: dict  # reviewer -> that reviewer's total (0–1, as ranked)
    spread: float | None  # highest minus lowest reviewer total (0–1)
    disagreement: bool
    raw_score: float | None  # without the severity normalisation
    raw_rank: int | None
    stability: Stability | None = None


@dataclass
class RankingResult:
    projects: list[ProjectRanking]  # ranked first (by rank, then input order), then unreviewed
    normalised: bool
    funding_line: int | None
    draws: int
    seed: int
    weight_jitter: float
    reviewer_shift: dict = field(default_factory=dict)  # reviewer -> mean 0–1 shift applied

    def by_project(self) -> dict:
        return {row.project: row for row in self.projects}


def competition_ranks(scores: np.ndarray) -> np.ndarray:
    """Ranks of the last axis, highest first, ties sharing the best rank (1, 2, 2, 4).

    Works on a vector or row-wise on a matrix (one row per draw). NaN ranks last.
    """
    values = np.round(np.where(np.isnan(scores), -np.inf, scores), TIE_DECIMALS)
    matrix = np.atleast_2d(values)
    order = np.argsort(-matrix, axis=1, kind="stable")
    ordered = np.take_along_axis(matrix, order, axis=1)
    columns = np.arange(matrix.shape[1])
    new = np.ones_like(ordered, dtype=bool)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first = np.maximum.accumulate(np.where(new, columns, 0), axis=1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, first + 1, axis=1)
    return ranks.reshape(values.shape)


def in_top(scores: np.ndarray, line: int) -> np.ndarray:
    """Row-wise: is each score's competition rank within the first `line`? (The same as
    `competition_ranks(scores) <= line`, without sorting: the line-th highest score is found
    by partitioning.)"""
    values = np.round(scores, TIE_DECIMALS)
    if line >= values.shape[-1]:
        return np.ones_like(values, dtype=bool)
    threshold = -np.partition(-values, line - 1, axis=-1)[..., line - 1]
    return values >= threshold[..., None]


def _normalise_severity(values: np.ndarray, present: np.ndarray, reviewer_of: np.ndarray):
    """Each reviewer's 0–1 scores as z-scores over their own reviews, mapped back with the
    pooled mean and standard deviation. Returns (values, shift per reviewer index)."""
    pooled = values[present]
    if pooled.size == 0:
        return values, {}
    mean, sd = pooled.mean(), pooled.std()
    out = values.copy()
    shifts = {}
    reviewers = np.unique(reviewer_of)
    for reviewer in reviewers:
        rows = reviewer_of == reviewer
        if rows.sum() < MIN_REVIEWS_TO_NORMALISE:
            continue
        own = values[rows]
        mask = present[rows]
        cells = own[mask]
        if cells.size == 0:
            continue
        own_mean, own_sd = cells.mean(), cells.std()
        # A reviewer who gave every score the same is only shifted to the common mean.
        stretch = sd / own_sd if own_sd > 1e-12 else 1.0
        mapped = np.clip(mean + (own - own_mean) * stretch, 0.0, 1.0)
        out[rows] = np.where(mask, mapped, own)
        shifts[int(reviewer)] = float((out[rows][mask] - cells).mean())
    return out, shifts


def _totals(values: np.ndarray, present: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each review's weighted mean over the criteria it scored, for one or more weightings.

    values, present: (reviews, criteria); weights: (criteria,) or (draws, criteria).
    Returns (reviews,) or (reviews, draws).
    """
    filled = np.where(present, values, 0.0)
    mask = present.astype(float)
    numerator = filled @ weights.T
    denominator = mask @ weights.T
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), 0.0)


def _project_means(totals: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Mean of each project's consecutive block of review rows (totals sorted by project)."""
    sums = np.add.reduceat(totals, starts, axis=0)
    shape = (-1,) + (1,) * (totals.ndim - 1)
    return sums / counts.reshape(shape)


def _uncertainty(share: np.ndarray) -> np.ndarray:
    return np.minimum(share, 1.0 - share)


def rank(
    *,
    projects: Sequence[Hashable],
    criteria: Sequence[CriterionIn],
    reviews: Sequence[ReviewIn],
    normalise: bool = False,
    funding_line: int | None = None,
    draws: int = DRAWS,
    seed: int = SEED,
    weight_jitter: float = WEIGHT_JITTER,
    disagreement_range: float = DISAGREEMENT_RANGE,
    robust_share: float = ROBUST_SHARE,
) -> RankingResult:
    """The ranking of `projects` (in this order when everything else is equal)."""
    project_index = {key: i for i, key in enumerate(projects)}
    criterion_index = {c.key: j for j, c in enumerate(criteria)}
    kept = [r for r in reviews if r.project in project_index]
    kept.sort(key=lambda r: project_index[r.project])
    n_reviews, n_criteria = len(kept), len(criteria)
    weights = np.array([max(float(c.weight), 0.0) for c in criteria], dtype=float)
    if n_criteria and weights.sum() <= 0:
        weights = np.ones(n_criteria)
    low = np.array([float(c.scale_min) for c in criteria])
    span = np.array([float(c.scale_max) - float(c.scale_min) for c in criteria])
    span = np.where(span > 0, span, 1.0)

    raw = np.full((n_reviews, n_criteria), np.nan)
    reviewer_keys: dict = {}
    reviewer_of = np.empty(n_reviews, dtype=int)
    project_of = np.empty(n_reviews, dtype=int)
    for i, review in enumerate(kept):
        reviewer_of[i] = reviewer_keys.setdefault(review.reviewer, len(reviewer_keys))
        project_of[i] = project_index[review.project]
        for key, value in review.scores.items():
            j = criterion_index.get(key)
            if j is not None and value is not None:
                raw[i, j] = float(value)
    present = ~np.isnan(raw)
    unit = np.clip((np.where(present, raw, 0.0) - low) / span, 0.0, 1.0)
    reviewer_names = {index: key for key, index in reviewer_keys.items()}

    counts_all = (
        np.bincount(project_of, minlength=len(projects))
        if n_reviews
        else np.zeros(len(projects), dtype=int)
    )
    reviewed = np.flatnonzero(counts_all > 0)
    counts = counts_all[reviewed]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(int) if len(reviewed) else None

    raw_totals = _totals(unit, present, weights) if n_reviews else np.zeros(0)
    shifts: dict = {}
    used = unit
    if normalise and n_reviews:
        used, shift_by_index = _normalise_severity(unit, present, reviewer_of)
        shifts = {reviewer_names[i]: value for i, value in shift_by_index.items()}
    totals = _totals(used, present, weights) if n_reviews else np.zeros(0)

    n_ranked = len(reviewed)
    scores = np.full(len(projects), np.nan)
    raw_scores = np.full(len(projects), np.nan)
    if n_ranked:
        scores[reviewed] = _project_means(totals, starts, counts)
        raw_scores[reviewed] = _project_means(raw_totals, starts, counts)
    ranks = competition_ranks(scores[reviewed]) if n_ranked else np.zeros(0, dtype=int)
    raw_ranks = competition_ranks(raw_scores[reviewed]) if n_ranked else np.zeros(0, dtype=int)
    rank_counts = np.bincount(ranks, minlength=n_ranked + 2) if n_ranked else None

    stability = (
        _stability(
            used=used,
            present=present,
            weights=weights,
            starts=starts,
            counts=counts,
            funding_line=funding_line,
            draws=draws,
            seed=seed,
            jitter=weight_jitter,
            robust_share=robust_share,
            base_ranks=ranks,
            criteria=criteria,
        )
        if n_ranked and draws > 0
        else None
    )

    # Per-project details (criterion means, reviewer totals, spread).
    sums = np.zeros((len(projects), n_criteria))
    seen = np.zeros((len(projects), n_criteria))
    if n_reviews:
        np.add.at(sums, project_of, np.where(present, raw, 0.0))
        np.add.at(seen, project_of, present.astype(float))
    rows: list[ProjectRanking] = []
    position = {int(p): k for k, p in enumerate(reviewed)}
    for i, key in enumerate(projects):
        k = position.get(i)
        if k is None:
            rows.append(
                ProjectRanking(
                    project=key,
                    review_count=0,
                    score=None,
                    rank=None,
                    tied=False,
                    criterion_means={},
                    reviewer_totals={},
                    spread=None,
                    disagreement=False,
                    raw_score=None,
                    raw_rank=None,
                )
            )
            continue
        block = slice(int(starts[k]), int(starts[k] + counts[k]))
        own_totals = totals[block]
        reviewer_totals = {
            reviewer_names[int(r)]: float(t)
            for r, t in zip(reviewer_of[block], own_totals, strict=True)
        }
        spread = float(own_totals.max() - own_totals.min()) if counts[k] >= 2 else None
        means = {
            c.key: float(sums[i, j] / seen[i, j]) for j, c in enumerate(criteria) if seen[i, j] > 0
        }
        rows.append(
            ProjectRanking(
                project=key,
                review_count=int(counts[k]),
                score=float(scores[i]),
                rank=int(ranks[k]),
                tied=bool(rank_counts[ranks[k]] > 1),
                criterion_means=means,
                reviewer_totals=reviewer_totals,
                spread=spread,
                disagreement=spread is not None and spread >= disagreement_range - 1e-12,
                raw_score=float(raw_scores[i]),
                raw_rank=int(raw_ranks[k]),
                stability=stability[k] if stability else None,
            )
        )
    order = sorted(range(len(rows)), key=lambda i: (rows[i].rank is None, rows[i].rank or 0, i))
    return RankingResult(
        projects=[rows[i] for i in order],
        normalised=bool(normalise),
        funding_line=funding_line,
        draws=draws,
        seed=seed,
        weight_jitter=weight_jitter,
        reviewer_shift=shifts,
    )


def _stability(
    *,
    used: np.ndarray,
    present: np.ndarray,
    weights: np.ndarray,
    starts: np.ndarray,
    counts: np.ndarray,
    funding_line: int | None,
    draws: int,
    seed: int,
    jitter: float,
    robust_share: float,
    base_ranks: np.ndarray,
    criteria: Sequence[CriterionIn],
) -> list[Stability]:
    rng = np.random.default_rng(seed)
    n_projects = len(counts)
    k_max = int(counts.max())
    slots = np.arange(k_max)
    valid = slots[None, :] < counts[:, None]  # (projects, k_max)
    base_totals = _totals(used, present, weights)
    all_ranks = np.empty((draws, n_projects), dtype=np.int32)
    line = funding_line if funding_line else None
    in_weights = np.zeros(n_projects)
    in_reviewers = np.zeros(n_projects)
    for first in range(0, draws, CHUNK):
        size = min(CHUNK, draws - first)
        factors = rng.uniform(1.0 - jitter, 1.0 + jitter, size=(size, len(weights)))
        drawn_weights = weights[None, :] * factors  # (size, criteria)
        picks = np.floor(rng.random((size, n_projects, k_max)) * counts[None, :, None]).astype(
            np.int64
        )
        rows = starts[None, :, None] + np.minimum(picks, counts[None, :, None] - 1)
        totals = _totals(used, present, drawn_weights)  # (reviews, size)
        draw_index = np.arange(size)[:, None, None]
        sampled = totals[rows, draw_index]  # (size, projects, k_max)
        scores = np.where(valid[None], sampled, 0.0).sum(axis=2) / counts[None, :]
        all_ranks[first : first + size] = competition_ranks(scores)
        if line:
            weights_only = _project_means(totals, starts, counts).T  # (size, projects)
            in_weights += in_top(weights_only, line).sum(axis=0)
            resampled = np.where(valid[None], base_totals[rows], 0.0).sum(axis=2) / counts
            in_reviewers += in_top(resampled, line).sum(axis=0)
    low = np.quantile(all_ranks, INTERVAL[0] / 100, axis=0, method="lower").astype(int)
    high = np.quantile(all_ranks, INTERVAL[1] / 100, axis=0, method="higher").astype(int)
    if not line:
        return [
            Stability(rank_low=int(low[k]), rank_high=int(high[k]), share_in=None, label=None)
            for k in range(n_projects)
        ]
    share = (all_ranks <= line).mean(axis=0)
    share_w = in_weights / draws
    share_r = in_reviewers / draws
    own_spread = np.maximum.reduceat(base_totals, starts) - np.minimum.reduceat(base_totals, starts)
    effect_ranks = _weight_effect_ranks(used, present, weights, starts, counts, jitter)
    result = []
    for k in range(n_projects):
        s = float(share[k])
        label = (
            ROBUSTLY_IN
            if s >= robust_share - 1e-12
            else ROBUSTLY_OUT
            if s <= 1.0 - robust_share + 1e-12
            else BORDERLINE
        )
        item = Stability(
            rank_low=int(low[k]),
            rank_high=int(high[k]),
            share_in=s,
            label=label,
            share_in_weights_only=float(share_w[k]),
            share_in_reviewers_only=float(share_r[k]),
        )
        if label == BORDERLINE:
            effect = _strongest_effect(effect_ranks, k, criteria)
            u_w, u_r = _uncertainty(share_w[k]), _uncertainty(share_r[k])
            if u_r > 0 and u_r >= u_w:
                item.reason = REASON_REVIEWERS if own_spread[k] > 1e-9 else REASON_RIVALS
            elif u_w > 0 or (effect and effect.rank_heavier != effect.rank_lighter):
                item.reason = REASON_WEIGHT
            else:
                item.reason = REASON_CLOSE
            if effect is not None:
                item.weight_effect = effect
                if item.reason == REASON_WEIGHT:
                    item.criterion = effect.criterion
        result.append(item)
    return result


def _strongest_effect(effect_ranks, k: int, criteria) -> WeightEffect | None:
    """The criterion whose weight, moved alone, moves project k's rank the most (the first
    such criterion on a tie)."""
    if effect_ranks is None:
        return None
    heavier, lighter = effect_ranks[0::2, k], effect_ranks[1::2, k]
    j = int(np.argmax(np.abs(heavier - lighter)))
    return WeightEffect(
        criterion=criteria[j].key, rank_heavier=int(heavier[j]), rank_lighter=int(lighter[j])
    )


def _weight_effect_ranks(used, present, weights, starts, counts, jitter):
    """Ranks (2 × criteria, projects) with each criterion's weight alone × (1 ± jitter):
    row 2j is criterion j heavier, row 2j + 1 lighter."""
    n_criteria = len(weights)
    if n_criteria == 0:
        return None
    variants = np.repeat(weights[None, :], 2 * n_criteria, axis=0)
    for j in range(n_criteria):
        variants[2 * j, j] *= 1.0 + jitter
        variants[2 * j + 1, j] *= 1.0 - jitter
    totals = _totals(used, present, variants)  # (reviews, 2C)
    return competition_ranks(_project_means(totals, starts, counts).T)
