"""Synthetic votes with planted opinion groups (O1's tests and benchmark; O2 may use them)."""

from __future__ import annotations

import numpy as np

# Statement ids of the planted kinds in `planted_votes` (with the default 40 statements).
CONSENSUS = ["30", "31", "32", "33"]  # every group agrees
DIVISIVE = ["34", "35", "36"]  # group 0 agrees, the others disagree
NOISE = ["37", "38", "39"]  # a coin toss in every group


def planted_votes(
    *,
    groups: int = 3,
    per_group: int = 60,
    missing: float = 0.3,
    noise: float = 0.1,
    seed: int = 0,
) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    """(votes, truth): `groups` × `per_group` participants ("0", "1", …) voting on 40
    statements ("0".."39"). Each group has 10 statements of its own (statements 10g..10g+9;
    agree 80 % inside the group, 20 % outside), then the consensus, divisive and noise
    statements above. `missing` of the votes are not cast; `noise` of the cast ones are a
    random agree/disagree/pass."""
    rng = np.random.default_rng(seed)
    n_statements = 40
    agree = np.full((groups, n_statements), 0.5)
    for g in range(min(groups, 3)):
        agree[:, 10 * g : 10 * g + 10] = 0.2
        agree[g, 10 * g : 10 * g + 10] = 0.8
    agree[:, 30:34] = 0.92
    agree[:, 34:37] = 0.05
    agree[0, 34:37] = 0.95
    votes: list[tuple[str, str, int]] = []
    truth: dict[str, int] = {}
    for g in range(groups):
        for i in range(per_group):
            participant = str(g * per_group + i)
            truth[participant] = g
            for j in range(n_statements):
                if rng.random() < missing:
                    continue
                if rng.random() < noise:
                    vote = int(rng.choice([-1, 0, 1]))
                else:
                    vote = 1 if rng.random() < agree[g, j] else -1
                votes.append((participant, str(j), vote))
    return votes, truth


def planted_block_votes(
    *,
    groups: int,
    per_group: int = 50,
    statements: int = 80,
    voted: float = 0.7,
    seed: int = 0,
) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    """(votes, truth): each statement belongs to one group's block (round robin); a group's
    members agree with their block 80 % of the time and with the others' 25 %; 10 % of the
    votes are random; about `voted` of the cells carry a vote."""
    rng = np.random.default_rng(seed)
    truth = np.repeat(np.arange(groups), per_group)
    block = np.arange(statements) % groups
    agree = np.where(truth[:, None] == block[None, :], 0.8, 0.25)
    shape = agree.shape
    values = np.where(rng.random(shape) < agree, 1, -1)
    values = np.where(rng.random(shape) < 0.1, rng.integers(-1, 2, size=shape), values)
    rows, cols = np.nonzero(rng.random(shape) < voted)
    votes = [
        (str(r), str(c), int(values[r, c]))
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
    ]
    return votes, {str(i): int(g) for i, g in enumerate(truth.tolist())}
