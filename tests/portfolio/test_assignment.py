"""The automatic assignment of reviewers, on hand-made cases with known answers."""

from collections import Counter

import pytest

from cultiva.portfolio.assignment import Slot, assign


def _slots(*ids, domains=None):
    domains = domains or {}
    return [Slot(i, frozenset(domains.get(i, ()))) for i in ids]


def _per_project(plan):
    return Counter(p for p, _r in plan.pairs)


def test_every_project_gets_n_reviewers_and_loads_are_fair():
    plan = assign(projects=_slots(1, 2, 3, 4, 5), reviewers=_slots(10, 11, 12), per_project=2)
    assert plan.complete
    assert set(_per_project(plan).values()) == {2}
    # 10 assignments over 3 reviewers: 4, 3, 3.
    assert sorted(plan.loads.values()) == [3, 3, 4]
    assert len(set(plan.pairs)) == 10


def test_known_answer_without_domains_is_round_robin():
    plan = assign(projects=_slots(1, 2, 3), reviewers=_slots(10, 11, 12), per_project=1)
    assert plan.pairs == [(1, 10), (2, 11), (3, 12)]


def test_same_input_same_answer_whatever_the_order():
    projects = _slots(1, 2, 3, 4, domains={1: {7}, 2: {8}, 3: {7, 8}})
    reviewers = _slots(10, 11, 12, domains={11: {7}, 12: {8}})
    first = assign(projects=projects, reviewers=reviewers, per_project=2, conflicts={(3, 10)})
    second = assign(
        projects=list(reversed(projects)),
        reviewers=list(reversed(reviewers)),
        per_project=2,
        conflicts=[(3, 10)],
    )
    assert first.pairs == second.pairs


def test_conflicts_are_respected():
    plan = assign(
        projects=_slots(1, 2),
        reviewers=_slots(10, 11, 12),
        per_project=2,
        conflicts={(1, 10), (2, 11)},
    )
    assert (1, 10) not in plan.pairs and (2, 11) not in plan.pairs
    assert sorted(plan.pairs) == [(1, 11), (1, 12), (2, 10), (2, 12)]


def test_expertise_is_preferred():
    # Two projects, two reviewers, one each: the heritage expert gets the heritage project.
    projects = _slots(1, 2, domains={1: {100}, 2: {200}})
    reviewers = _slots(10, 11, domains={10: {200}, 11: {100}})
    plan = assign(projects=projects, reviewers=reviewers, per_project=1)
    assert plan.pairs == [(1, 11), (2, 10)]
    assert plan.matched == 2


def test_swaps_improve_matches_without_changing_loads():
    # Greedy alone gives project 1 reviewer 10 (least loaded, lowest id); the swap pass
    # hands it to 11, who knows its domain, and 10 takes project 3 instead.
    projects = _slots(1, 2, 3, 4, domains={1: {100}, 4: {100}})
    reviewers = _slots(10, 11, domains={11: {100}})
    plan = assign(projects=projects, reviewers=reviewers, per_project=1)
    assert plan.loads == {10: 2, 11: 2}
    assert plan.matched == 2
    assert {p for p, r in plan.pairs if r == 11} == {1, 4}


def test_existing_assignments_are_kept_and_counted():
    plan = assign(
        projects=_slots(1, 2),
        reviewers=_slots(10, 11),
        per_project=2,
        existing={1: [10, 11]},
    )
    assert plan.pairs == [(2, 10), (2, 11)]
    assert plan.loads == {10: 2, 11: 2}


def test_too_few_reviewers_is_reported_not_raised():
    plan = assign(projects=_slots(1, 2), reviewers=_slots(10), per_project=2)
    assert not plan.complete
    assert plan.shortfalls == {1: 1, 2: 1}
    assert plan.pairs == [(1, 10), (2, 10)]


def test_everyone_in_conflict_leaves_the_project_unfilled():
    plan = assign(
        projects=_slots(1, 2),
        reviewers=_slots(10, 11),
        per_project=1,
        conflicts={(1, 10), (1, 11)},
    )
    assert plan.shortfalls == {1: 1}
    assert plan.pairs == [(2, 10)]


def test_no_reviewers_at_all():
    plan = assign(projects=_slots(1), reviewers=[], per_project=3)
    assert plan.shortfalls == {1: 3}
    assert plan.pairs == []


def test_per_project_must_be_positive():
    with pytest.raises(ValueError):
        assign(projects=_slots(1), reviewers=_slots(10), per_project=0)


def test_balanced_at_scale_with_conflicts():
    projects = _slots(*range(1, 201), domains={i: {i % 6} for i in range(1, 201)})
    reviewers = _slots(*range(1000, 1030), domains={1000 + k: {k % 6} for k in range(30)})
    conflicts = {(i, 1000 + i % 30) for i in range(1, 201, 7)}
    plan = assign(projects=projects, reviewers=reviewers, per_project=3, conflicts=conflicts)
    assert plan.complete
    assert not conflicts & set(plan.pairs)
    assert max(plan.loads.values()) - min(plan.loads.values()) <= 1
    assert plan.matched >= 200  # at least one reviewer of its domain for (nearly) every project
