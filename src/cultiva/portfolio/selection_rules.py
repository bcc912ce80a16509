"""The rules that choose a saved portfolio's projects. Plain data in, plain data out; no ORM.

Every rule takes `Candidate`s (a project's id, code, score, budget and micro-regions) and
returns an `Outcome`: the chosen ids in order, and the projects left out for a reason a person
should know (no score, no budget, …). The score is whatever the caller's score source gives
(today: the mean weighted score of a review round, `mean_weighted_scores`); the rules do not
care where it came from.

Order: the higher score first; equal scores keep the project codes' order (a fixed, visible
tie-break), and `top_n` names the projects tied with the last one chosen but left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

# Why a project is not in a rule's selection (the page translates these).
NO_SCORE = "no_score"
NO_BUDGET = "no_budget"
OVER_BUDGET = "over_budget"
NO_REGION = "no_region"
TIED_AT_LINE = "tied_at_line"


@dataclass(frozen=True)
class Candidate:
    pk: int
    code: str
    score: float | None = None
    budget: Decimal | None = None
    regions: frozenset[str] = frozenset()


@dataclass
class Outcome:
    chosen: list[int] = field(default_factory=list)
    # (project id, reason) for the projects a person would expect and not find.
    excluded: list[tuple[int, str]] = field(default_factory=list)
    # The money the chosen projects take (within_budget) and the micro-region each won.
    spent: Decimal = Decimal("0")
    region_of: dict[int, list[str]] = field(default_factory=dict)


def mean_weighted_scores(
    rows: Iterable[tuple[int, int, float, float]],
) -> dict[int, float]:
    """Each project's score from (project id, review id, score value, criterion weight) rows.

    A review's score is the weighted mean of its criteria's scores (Σ weight·value / Σ weight);
    a project's score is the plain mean of its reviews' scores. Reviews whose weights add up
    to zero are left out; a project with no review left has no score.
    """
    reviews: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for project_id, review_id, value, weight in rows:
        totals = reviews[(project_id, review_id)]
        totals[0] += float(weight) * float(value)
        totals[1] += float(weight)
    per_project: dict[int, list[float]] = defaultdict(list)
    for (project_id, _review_id), (weighted, weights) in reviews.items():
        if weights > 0:
            per_project[project_id].append(weighted / weights)
    return {pk: sum(values) / len(values) for pk, values in per_project.items()}


def _by_score(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-c.score, c.code, c.pk))


def _split_scored(candidates: Sequence[Candidate]) -> tuple[list[Candidate], list[tuple[int, str]]]:
    scored = [c for c in candidates if c.score is not None]
    unscored = [
        (c.pk, NO_SCORE) for c in sorted(candidates, key=lambda c: c.code) if c.score is None
    ]
    return scored, unscored


def top_n(candidates: Sequence[Candidate], n: int) -> Outcome:
    """The `n` projects with the highest scores; unscored projects are listed as left out,
    and so are the projects whose score equals the last chosen one's but did not fit."""
    if n < 1:
        raise ValueError("n must be at least 1")
    scored, excluded = _split_scored(candidates)
    ranked = _by_score(scored)
    chosen = ranked[:n]
    if chosen and len(ranked) > n:
        line = chosen[-1].score
        excluded = [(c.pk, TIED_AT_LINE) for c in ranked[n:] if c.score == line] + excluded
    return Outcome(chosen=[c.pk for c in chosen], excluded=excluded)


def best_per_region(candidates: Sequence[Candidate]) -> Outcome:
    """In each micro-region, the project with the highest score (a project working in several
    micro-regions may win more than one). Projects without a score or a micro-region are
    listed as left out; the others simply lost to a better project of their micro-region."""
    scored, excluded = _split_scored(candidates)
    winners: dict[str, Candidate] = {}
    for candidate in _by_score(scored):
        if not candidate.regions:
            excluded.append((candidate.pk, NO_REGION))
        for region in candidate.regions:
            winners.setdefault(region, candidate)
    region_of: dict[int, list[str]] = defaultdict(list)
    for region in sorted(winners):
        region_of[winners[region].pk].append(region)
    chosen = [c.pk for c in _by_score({w.pk: w for w in winners.values()}.values())]
    return Outcome(chosen=chosen, excluded=excluded, region_of=dict(region_of))


def within_budget(candidates: Sequence[Candidate], limit: Decimal) -> Outcome:
    """Greedy by score: take the best project, then the next best that still fits in what is
    left of `limit`, and so on (a project too dear for what is left is skipped, and a cheaper
    one after it may still fit). Projects without a budget or a score are listed as left out."""
    if limit < 0:
        raise ValueError("the budget cannot be negative")
    scored, excluded = _split_scored(candidates)
    no_budget = [
        (c.pk, NO_BUDGET) for c in sorted(scored, key=lambda c: c.code) if c.budget is None
    ]
    left = Decimal(limit)
    chosen: list[int] = []
    over: list[tuple[int, str]] = []
    for candidate in _by_score(c for c in scored if c.budget is not None):
        if candidate.budget <= left:
            chosen.append(candidate.pk)
            left -= candidate.budget
        else:
            over.append((candidate.pk, OVER_BUDGET))
    return Outcome(chosen=chosen, excluded=over + no_budget + excluded, spent=Decimal(limit) - left)
