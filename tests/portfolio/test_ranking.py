"""The ranking's arithmetic on hand-made data with known answers (no database)."""

from __future__ import annotations

import numpy as np
import pytest

from cultiva.portfolio.ranking import (
    BORDERLINE,
    REASON_REVIEWERS,
    REASON_RIVALS,
    REASON_WEIGHT,
    ROBUSTLY_IN,
    ROBUSTLY_OUT,
    CriterionIn,
    ReviewIn,
    competition_ranks,
    in_top,
    rank,
)

ONE_TO_FIVE = [CriterionIn(key="impact", weight=1, scale_min=1, scale_max=5)]
TWO = [
    CriterionIn(key="impact", weight=1, scale_min=1, scale_max=5),
    CriterionIn(key="feasibility", weight=1, scale_min=1, scale_max=5),
]


def reviews_of(project, *scores, criteria=("impact",), prefix="r"):
    """One review per entry of `scores` (a number, or a tuple per criterion)."""
    out = []
    for i, score in enumerate(scores):
        values = score if isinstance(score, tuple) else (score,) * len(criteria)
        out.append(
            ReviewIn(
                reviewer=f"{prefix}{i}",
                project=project,
                scores=dict(zip(criteria, values, strict=True)),
            )
        )
    return out


def test_weighted_score_normalises_each_scale_and_weights_the_criteria():
    criteria = [
        CriterionIn(key="quality", weight=2, scale_min=1, scale_max=5),
        CriterionIn(key="reach", weight=1, scale_min=0, scale_max=10),
    ]
    reviews = [
        # quality 5 → 1.0, reach 5 → 0.5: (2 × 1.0 + 0.5) / 3 = 0.8333
        ReviewIn(reviewer="a", project="p", scores={"quality": 5, "reach": 5}),
        # quality 3 → 0.5, reach 10 → 1.0: (2 × 0.5 + 1.0) / 3 = 0.6667
        ReviewIn(reviewer="b", project="p", scores={"quality": 3, "reach": 10}),
    ]
    result = rank(projects=["p"], criteria=criteria, reviews=reviews, draws=0)
    row = result.projects[0]
    assert row.score == pytest.approx(0.75)
    assert row.reviewer_totals == {"a": pytest.approx(5 / 6), "b": pytest.approx(2 / 3)}
    assert row.criterion_means == {"quality": 4.0, "reach": 7.5}
    assert row.rank == 1 and row.review_count == 2


def test_a_review_missing_a_criterion_is_averaged_over_the_criteria_it_scored():
    reviews = [ReviewIn(reviewer="a", project="p", scores={"impact": 5})]
    row = rank(projects=["p"], criteria=TWO, reviews=reviews, draws=0).projects[0]
    assert row.score == pytest.approx(1.0)
    assert row.criterion_means == {"impact": 5.0}


def test_equal_scores_share_a_rank_and_the_next_rank_is_skipped():
    reviews = [
        *reviews_of("best", 5),
        *reviews_of("second", 3),
        *reviews_of("also-second", 4, 2),  # the same mean as "second"
        *reviews_of("last", 1),
    ]
    result = rank(
        projects=["last", "second", "best", "also-second"],
        criteria=ONE_TO_FIVE,
        reviews=reviews,
        draws=0,
    )
    ranks = {row.project: (row.rank, row.tied) for row in result.projects}
    assert ranks == {
        "best": (1, False),
        "second": (2, True),
        "also-second": (2, True),
        "last": (4, False),
    }
    # Listed by rank; tied projects in the order they were given.
    assert [row.project for row in result.projects] == ["best", "second", "also-second", "last"]


def test_competition_ranks_row_by_row():
    scores = np.array([[0.9, 0.5, 0.5, 0.1], [0.1, 0.2, 0.3, 0.3]])
    assert competition_ranks(scores).tolist() == [[1, 2, 2, 4], [4, 3, 1, 1]]
    assert in_top(scores, 2).tolist() == [[True, True, True, False], [False, False, True, True]]


def test_a_project_without_reviews_is_listed_last_unranked():
    result = rank(
        projects=["empty", "p"], criteria=ONE_TO_FIVE, reviews=reviews_of("p", 3), draws=50
    )
    assert [row.project for row in result.projects] == ["p", "empty"]
    empty = result.projects[1]
    assert empty.rank is None and empty.score is None and empty.stability is None


def severe_and_lenient():
    """Reviewer "severe" scores P1 and P2 (3 and 2); "lenient" scores P3 and P4 (5 and 4):
    the same judgement, one point apart."""
    return [
        ReviewIn(reviewer="severe", project="P1", scores={"impact": 3}),
        ReviewIn(reviewer="severe", project="P2", scores={"impact": 2}),
        ReviewIn(reviewer="lenient", project="P3", scores={"impact": 5}),
        ReviewIn(reviewer="lenient", project="P4", scores={"impact": 4}),
    ]


def test_normalisation_makes_a_severe_reviewers_projects_comparable():
    projects = ["P1", "P2", "P3", "P4"]
    plain = rank(projects=projects, criteria=ONE_TO_FIVE, reviews=severe_and_lenient(), draws=0)
    assert {r.project: r.rank for r in plain.projects} == {"P3": 1, "P4": 2, "P1": 3, "P2": 4}

    result = rank(
        projects=projects,
        criteria=ONE_TO_FIVE,
        reviews=severe_and_lenient(),
        normalise=True,
        draws=0,
    )
    rows = result.by_project()
    # Each reviewer's best project now ranks first, each one's second best third.
    assert {p: rows[p].rank for p in projects} == {"P1": 1, "P3": 1, "P2": 3, "P4": 3}
    assert rows["P1"].score == pytest.approx(rows["P3"].score)
    # The effect is shown: P1 was 3rd before.
    assert (rows["P1"].raw_rank, rows["P1"].rank) == (3, 1)
    assert rows["P1"].raw_score == pytest.approx(0.5)
    # The severe reviewer was lifted, the lenient one lowered, by the same amount.
    assert result.reviewer_shift["severe"] > 0 > result.reviewer_shift["lenient"]
    assert result.reviewer_shift["severe"] == pytest.approx(-result.reviewer_shift["lenient"])


def test_normalisation_leaves_a_reviewer_with_one_review_as_they_are():
    reviews = [
        *severe_and_lenient(),
        ReviewIn(reviewer="once", project="P5", scores={"impact": 5}),
    ]
    result = rank(
        projects=["P1", "P2", "P3", "P4", "P5"],
        criteria=ONE_TO_FIVE,
        reviews=reviews,
        normalise=True,
        draws=0,
    )
    assert result.by_project()["P5"].score == pytest.approx(1.0)
    assert "once" not in result.reviewer_shift


def test_disagreement_is_flagged_when_reviewers_totals_are_far_apart():
    reviews = [
        *reviews_of("split", 5, 1),  # totals 1.0 and 0.0
        *reviews_of("close", 4, 4, 3),  # 0.75, 0.75, 0.5: a range of 0.25
        *reviews_of("edge", 5, 3, prefix="e"),  # 1.0 and 0.5: a range of 0.5
        *reviews_of("alone", 5),
    ]
    result = rank(
        projects=["split", "close", "edge", "alone"],
        criteria=ONE_TO_FIVE,
        reviews=reviews,
        draws=0,
    )
    rows = result.by_project()
    assert rows["split"].disagreement and rows["split"].spread == pytest.approx(1.0)
    assert rows["edge"].disagreement
    assert not rows["close"].disagreement and rows["close"].spread == pytest.approx(0.25)
    assert not rows["alone"].disagreement and rows["alone"].spread is None


def line_world():
    """Funding line 2: one clear winner, two close rivals for the second place (one of them
    with reviewers who disagree), two clear losers."""
    reviews = [
        *reviews_of("winner", 5, 5, 5, criteria=("impact", "feasibility")),
        *reviews_of("steady", 4, 4, 4, criteria=("impact", "feasibility")),
        *reviews_of("split", 5, 3, 4, criteria=("impact", "feasibility")),
        *reviews_of("weak", 2, 2, 2, criteria=("impact", "feasibility")),
        *reviews_of("loser", 1, 1, 1, criteria=("impact", "feasibility")),
    ]
    return ["winner", "steady", "split", "weak", "loser"], reviews


def test_stability_labels_against_the_funding_line():
    projects, reviews = line_world()
    result = rank(projects=projects, criteria=TWO, reviews=reviews, funding_line=2, draws=400)
    rows = result.by_project()
    assert rows["winner"].stability.label == ROBUSTLY_IN
    assert rows["winner"].stability.share_in == 1.0
    assert (rows["winner"].stability.rank_low, rows["winner"].stability.rank_high) == (1, 1)
    assert rows["loser"].stability.label == ROBUSTLY_OUT
    assert rows["loser"].stability.share_in == 0.0
    assert rows["loser"].stability.rank_low == rows["loser"].stability.rank_high == 5
    split = rows["split"].stability
    assert split.label == BORDERLINE
    assert 0.05 < split.share_in < 0.95
    assert split.rank_low == 2 and split.rank_high == 3
    # Its reviewers disagree: resampling them alone moves it across the line, the weights
    # alone do not (both its criteria got the same scores).
    assert split.reason == REASON_REVIEWERS
    assert split.share_in_weights_only == 1.0  # tied for second: inside the line
    assert 0.05 < split.share_in_reviewers_only < 0.95
    # Its steady rival is borderline for the same draws, though its own reviewers agree.
    steady = rows["steady"].stability
    assert steady.label == BORDERLINE and steady.reason == REASON_RIVALS
    # Without a funding line: intervals, no labels.
    plain = rank(projects=projects, criteria=TWO, reviews=reviews, draws=200)
    assert plain.by_project()["split"].stability.label is None
    assert plain.by_project()["split"].stability.rank_high == 3


def test_a_project_whose_rank_depends_on_a_weight_names_that_criterion():
    criteria = [
        CriterionIn(key="impact", weight=1, scale_min=1, scale_max=5),
        CriterionIn(key="feasibility", weight=1, scale_min=1, scale_max=5),
        CriterionIn(key="budget", weight=1, scale_min=1, scale_max=5),
    ]
    keys = ("impact", "feasibility", "budget")
    reviews = [
        # Strong on impact only; the rival strong on feasibility: equal with equal weights.
        *reviews_of("bold", (5, 3, 3), (5, 3, 3), criteria=keys),
        *reviews_of("safe", (3, 5, 3), (3, 5, 3), criteria=keys, prefix="s"),
        *reviews_of("weak", (1, 1, 1), (1, 1, 1), criteria=keys),
    ]
    result = rank(
        projects=["bold", "safe", "weak"],
        criteria=criteria,
        reviews=reviews,
        funding_line=1,
        draws=400,
    )
    bold = result.by_project()["bold"].stability
    assert bold.label == BORDERLINE
    assert bold.reason == REASON_WEIGHT
    assert bold.share_in_reviewers_only == 1.0  # its reviewers agree
    assert bold.criterion == "impact"  # the first of the two that move it as much
    assert (bold.weight_effect.rank_heavier, bold.weight_effect.rank_lighter) == (1, 2)
    assert result.by_project()["weak"].stability.label == ROBUSTLY_OUT


def test_the_same_seed_gives_the_same_stability_and_another_seed_may_not():
    projects, reviews = line_world()

    def shares(seed):
        result = rank(
            projects=projects,
            criteria=TWO,
            reviews=reviews,
            funding_line=2,
            draws=300,
            seed=seed,
        )
        return [
            (r.project, r.stability.share_in, r.stability.rank_low, r.stability.rank_high)
            for r in result.projects
        ]

    assert shares(7) == shares(7)
    assert shares(7) != shares(8)  # the borderline projects' shares differ by chance
