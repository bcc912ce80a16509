"""Comparing saved portfolios, on hand-made data with known answers."""

from decimal import Decimal

import pytest

from cultiva.portfolio.comparison import ProjectFacts, compare, summarise


def f(pk, budget=None, score=None, domains=(), regions=(), needs=()):
    return ProjectFacts(
        pk=pk,
        code=f"P-{pk:02d}",
        budget=None if budget is None else Decimal(budget),
        score=score,
        domains=frozenset(domains),
        regions=frozenset(regions),
        needs=frozenset(needs),
    )


A = [
    f(1, "100", 4.0, {"zene"}, {"Csík"}, {11}),
    f(2, "250", 3.0, {"örökség"}, {"Gyergyó"}, {11, 12}),
    f(3, None, None, {"zene"}, set(), set()),
]
B = [
    f(2, "250", 3.0, {"örökség"}, {"Gyergyó"}, {11, 12}),
    f(4, "50", 5.0, {"tánc"}, {"Csík"}, {13}),
]


def test_summary_totals_coverage_needs_and_mean_score():
    s = summarise("A", A)
    assert s.count == 3
    assert s.total_budget == Decimal("350")
    assert s.without_budget == 1
    assert s.domains == {"zene", "örökség"}
    assert s.regions == {"Csík", "Gyergyó"}
    assert s.needs == {11, 12}
    assert s.mean_score == pytest.approx(3.5)  # the unscored project does not count
    assert s.scored == 2


def test_compare_two_lists_what_is_only_in_each_and_what_is_common():
    result = compare([("A", A), ("B", B)], all_domains=["örökség", "tánc", "zene", "film"])
    a, b = result.summaries
    assert [p.pk for p in a.only_here] == [1, 3]
    assert [p.pk for p in b.only_here] == [4]
    assert [p.pk for p in result.in_all] == [2]
    assert dict(result.domain_rows) == {
        "örökség": [True, True],
        "tánc": [False, True],
        "zene": [True, False],
        "film": [False, False],  # no one covers it: shown as a gap
    }
    assert dict(result.region_rows) == {"Csík": [True, True], "Gyergyó": [True, True]}


def test_compare_three_and_empty_selection():
    result = compare([("A", A), ("B", B), ("C", [])])
    assert [s.count for s in result.summaries] == [3, 2, 0]
    assert result.summaries[2].mean_score is None
    assert result.summaries[2].total_budget == 0
    assert result.in_all == []
    # Project 2 is in A and B: in neither's "only here".
    assert [p.pk for p in result.summaries[0].only_here] == [1, 3]


def test_compare_refuses_one_or_four():
    with pytest.raises(ValueError):
        compare([("A", A)])
    with pytest.raises(ValueError):
        compare([("A", A)] * 4)
