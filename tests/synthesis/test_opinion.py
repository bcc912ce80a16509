import json
import random
from collections import Counter

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from cultiva.synthesis.opinion import analyse, result_from_json, result_to_json
from tests.synthesis.opinion_helpers import (
    CONSENSUS,
    DIVISIVE,
    NOISE,
    planted_block_votes,
    planted_votes,
)


def _ari(result, truth):
    placed = [p.participant for p in result.participants]
    return adjusted_rand_score([truth[p] for p in placed], [p.group for p in result.participants])


def _group_of_planted(result, truth, planted):
    found = Counter(p.group for p in result.participants if truth.get(p.participant) == planted)
    return found.most_common(1)[0][0]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_groups_are_recovered_and_their_number_chosen(seed):
    votes, truth = planted_votes(seed=seed)
    result = analyse(votes)
    assert result.group_count == 3
    assert len(result.participants) == 180
    assert result.excluded_participants == 0
    assert _ari(result, truth) >= 0.9
    assert sorted(g.size for g in result.groups) == sorted(
        Counter(p.group for p in result.participants).values()
    )
    assert [g.size for g in result.groups] == sorted((g.size for g in result.groups), reverse=True)
    assert result.silhouette is not None and result.silhouette > 0.3


@pytest.mark.parametrize(("groups", "seed"), [(4, 0), (4, 1), (4, 2), (5, 0)])
def test_four_and_five_planted_groups_are_told_apart(groups, seed):
    # Clustered on five principal components: on the 2-D map alone k-means merges groups here
    # (ARI 0.4-0.7 with 3 groups found; see the module docstring of opinion.py).
    votes, truth = planted_block_votes(groups=groups, seed=seed)
    result = analyse(votes)
    assert result.group_count == groups
    assert _ari(result, truth) >= 0.9


def test_asked_number_of_groups_is_used():
    votes, _truth = planted_votes(seed=3)
    assert analyse(votes, n_groups=2).group_count == 2
    assert analyse(votes, n_groups=4).group_count == 4


def test_consensus_statements_lead_the_consensus_list():
    votes, _truth = planted_votes(seed=4)
    result = analyse(votes)
    assert {s for s, _score in result.consensus[:4]} == set(CONSENSUS)
    assert not {s for s, _score in result.consensus_disagree[:10]} & set(CONSENSUS)
    scores = [score for _s, score in result.consensus]
    assert scores == sorted(scores, reverse=True)


def test_divisive_statements_rank_above_consensus_and_noise():
    votes, _truth = planted_votes(seed=5)
    result = analyse(votes)
    rank = {s: i for i, (s, _score) in enumerate(result.divisive)}
    worst_divisive = max(rank[s] for s in DIVISIVE)
    assert worst_divisive < min(rank[s] for s in CONSENSUS + NOISE)
    assert worst_divisive < 10


def test_representative_statements_follow_the_planted_opinions():
    votes, truth = planted_votes(seed=6)
    result = analyse(votes)
    summaries = {g.group: g for g in result.groups}
    for planted in range(3):
        group = summaries[_group_of_planted(result, truth, planted)]
        assert group.representative, planted
        own = {str(j) for j in range(10 * planted, 10 * planted + 10)}
        for statement, direction, repness in group.representative:
            assert repness > 1
            if direction == "agree":
                assert statement in own | (set(DIVISIVE) if planted == 0 else set()), statement
            else:
                assert planted != 0 and statement in set(DIVISIVE) | set(map(str, range(30)))
        # The best statement of a group is one of its own, agreed with.
        assert group.representative[0][1] == "agree"
        assert group.representative[0][0] in own | (set(DIVISIVE) if planted == 0 else set())


def test_per_group_counts_add_up_to_the_placed_votes():
    votes, _truth = planted_votes(seed=7)
    result = analyse(votes)
    placed = {p.participant for p in result.participants}
    for stat in result.statements:
        cast = [v for p, s, v in votes if s == stat.statement]
        assert (stat.agree, stat.disagree, stat.passed) == (
            cast.count(1),
            cast.count(-1),
            cast.count(0),
        )
        in_groups = [v for p, s, v in votes if s == stat.statement and p in placed]
        assert sum(a for a, _d, _p in stat.per_group.values()) == in_groups.count(1)
        assert sum(d for _a, d, _p in stat.per_group.values()) == in_groups.count(-1)
        assert set(stat.per_group) == {0, 1, 2}


def test_participants_with_too_few_votes_are_left_out_and_counted():
    votes, truth = planted_votes(seed=8)
    sparse = [(f"late-{i}", str(j), 1) for i in range(5) for j in range(3)]
    result = analyse(votes + sparse)
    placed = {p.participant for p in result.participants}
    assert result.excluded_participants == 5
    assert not any(p.startswith("late-") for p in placed)
    assert len(placed) == len(truth)
    # Their votes still count in the statement totals.
    totals = {s.statement: s for s in result.statements}
    assert totals["0"].agree == sum(1 for _p, s, v in votes + sparse if s == "0" and v == 1)


def test_few_votes_do_not_pull_a_participant_to_the_centre():
    votes, truth = planted_votes(seed=9)
    # A participant of group 0's opinion who voted on 8 statements only.
    votes = votes + [("sparse", str(j), 1) for j in range(8)]
    result = analyse(votes)
    places = {p.participant: p for p in result.participants}
    group0 = _group_of_planted(result, truth, 0)
    assert places["sparse"].group == group0
    assert places["sparse"].vote_count == 8
    members = [np.hypot(p.x, p.y) for p in result.participants if p.group == group0]
    assert np.hypot(places["sparse"].x, places["sparse"].y) > 0.5 * np.median(members)


def test_min_votes_is_capped_by_the_number_of_statements():
    votes = [(str(p), str(s), 1 if (p + s) % 2 else -1) for p in range(10) for s in range(3)]
    result = analyse(votes)
    assert result.excluded_participants == 0
    assert len(result.participants) == 10


@pytest.mark.parametrize(
    "votes",
    [
        [],
        [("a", "1", 1), ("b", "1", -1), ("c", "1", 1)],
        [(p, str(s), 1) for p in "abc" for s in range(10)],
        [(str(p), "only", 1 if p % 2 else -1) for p in range(30)],
    ],
    ids=["no-votes", "one-statement-three-people", "three-people", "one-statement"],
)
def test_too_little_data_gives_no_groups_without_crashing(votes):
    result = analyse(votes)
    assert result.group_count == 0
    assert result.groups == [] and result.participants == []
    assert result.consensus == [] and result.divisive == []
    assert result.excluded_participants == len({p for p, _s, _v in votes})
    assert sum(s.agree + s.disagree + s.passed for s in result.statements) == len(votes)
    assert result_from_json(result_to_json(result)) == result


def test_everyone_voting_alike_makes_one_group():
    votes = [(str(p), str(s), 1) for p in range(12) for s in range(8)]
    result = analyse(votes)
    assert result.group_count == 1
    assert result.silhouette is None
    assert {p.group for p in result.participants} == {0}
    assert result.divisive == []


def test_same_input_and_seed_give_the_same_result_whatever_the_vote_order():
    votes, _truth = planted_votes(seed=10)
    first = analyse(votes, seed=3)
    shuffled = list(votes)
    random.Random(1).shuffle(shuffled)
    assert analyse(shuffled, seed=3) == first
    assert analyse(votes, seed=3) == first


def test_a_later_vote_replaces_an_earlier_one():
    votes, _truth = planted_votes(seed=11)
    changed = votes + [(p, "30", -1) for p in map(str, range(50))]
    result = analyse(changed)
    stat = next(s for s in result.statements if s.statement == "30")
    final = {(p, s): v for p, s, v in changed}
    assert stat.disagree == sum(1 for (p, s), v in final.items() if s == "30" and v == -1)
    assert stat.agree + stat.disagree + stat.passed == sum(1 for (p, s) in final if s == "30")


def test_a_vote_outside_minus_one_to_one_is_refused():
    with pytest.raises(ValueError):
        analyse([("a", "1", 2)])


def test_json_round_trip_keeps_everything():
    votes, _truth = planted_votes(seed=12)
    result = analyse(votes)
    stored = json.loads(json.dumps(result_to_json(result)))
    assert result_from_json(stored) == result
    assert result_from_json({}).group_count == 0
