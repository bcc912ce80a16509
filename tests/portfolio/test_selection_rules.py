"""The rules that choose a saved portfolio, on hand-made data with known answers."""

from decimal import Decimal

import pytest

from cultiva.portfolio.selection_rules import (
    NO_BUDGET,
    NO_REGION,
    NO_SCORE,
    OVER_BUDGET,
    TIED_AT_LINE,
    Candidate,
    best_per_region,
    mean_weighted_scores,
    top_n,
    within_budget,
)


def c(pk, score, budget=None, regions=()):
    return Candidate(
        pk=pk,
        code=f"P-{pk:02d}",
        score=score,
        budget=None if budget is None else Decimal(budget),
        regions=frozenset(regions),
    )


def test_mean_weighted_score_weights_criteria_then_averages_reviews():
    rows = [
        # project 1, review 10: (4·1 + 2·3) / 4 = 2.5; review 11: (5·1 + 5·3) / 4 = 5
        (1, 10, 4, 1),
        (1, 10, 2, 3),
        (1, 11, 5, 1),
        (1, 11, 5, "3.000"),
        # project 2: one review, only a zero-weight criterion: no score at all
        (2, 20, 5, 0),
        # project 3: one review, one criterion
        (3, 30, 3, Decimal("2")),
    ]
    assert mean_weighted_scores(rows) == {1: pytest.approx(3.75), 3: pytest.approx(3.0)}


def test_top_n_orders_by_score_and_names_the_unscored_and_the_tied():
    candidates = [c(1, 3.0), c(2, 4.5), c(3, None), c(4, 3.0), c(5, 2.0)]
    outcome = top_n(candidates, 2)
    # 4.5 first, then 3.0: P-01 and P-04 tie, the code decides and P-04 is named as tied.
    assert outcome.chosen == [2, 1]
    assert outcome.excluded == [(4, TIED_AT_LINE), (3, NO_SCORE)]


def test_top_n_larger_than_the_portfolio_takes_every_scored_project():
    outcome = top_n([c(1, 1.0), c(2, None)], 20)
    assert outcome.chosen == [1]
    assert outcome.excluded == [(2, NO_SCORE)]
    with pytest.raises(ValueError):
        top_n([], 0)


def test_best_per_region_one_winner_each_and_a_project_may_win_two():
    candidates = [
        c(1, 4.0, regions={"Csík"}),
        c(2, 4.8, regions={"Gyergyó", "Csík"}),  # best in both
        c(3, 4.1, regions={"Udvarhely"}),
        c(4, 3.9, regions={"Udvarhely"}),
        c(5, 5.0),  # no micro-region
        c(6, None, regions={"Csík"}),
    ]
    outcome = best_per_region(candidates)
    assert outcome.chosen == [2, 3]
    assert outcome.region_of == {2: ["Csík", "Gyergyó"], 3: ["Udvarhely"]}
    assert set(outcome.excluded) == {(5, NO_REGION), (6, NO_SCORE)}


def test_within_budget_is_greedy_by_score_and_skips_what_does_not_fit():
    candidates = [
        c(1, 5.0, "1200000"),
        c(2, 4.5, "900000"),  # does not fit in the 800 000 left
        c(3, 4.0, "500000"),  # fits
        c(4, 3.5, "400000"),  # 300 000 left: does not fit
        c(5, 3.0, "300000"),  # fits exactly
        c(6, 4.9),  # no budget
        c(7, None, "1"),  # no score
    ]
    outcome = within_budget(candidates, Decimal("2000000"))
    assert outcome.chosen == [1, 3, 5]
    assert outcome.spent == Decimal("2000000")
    assert outcome.excluded == [(2, OVER_BUDGET), (4, OVER_BUDGET), (6, NO_BUDGET), (7, NO_SCORE)]


def test_within_budget_of_zero_chooses_nothing_and_a_negative_one_is_refused():
    assert within_budget([c(1, 5.0, "10")], Decimal("0")).chosen == []
    with pytest.raises(ValueError):
        within_budget([c(1, 5.0, "10")], Decimal("-1"))
