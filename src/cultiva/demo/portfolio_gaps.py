"""Demo content for the portfolio's gap analysis: people back the needs they share.

Called by `cultiva.demo.generator` once the contributions and projects are written, with the
generator (its people, contributions, seed and `now`). The projects are drawn from a sample
of the contributions, so most needs have no project and some micro-region × domain cells have
needs but no project at all: the gap matrix has real holes without any help. What the demo
lacked was support: without it the list of unanswered needs, ranked by support, was a list
of zeros. Here each public need, shortcoming and idea gets supporters among the demo people
(never its own author), few for most and many for some (a heavy tail, as in real
participation), from a random stream of its own (`random.Random(f"{seed}:portfolio_gaps")`),
so the rest of the demo is the same as without it.
"""

from __future__ import annotations

import datetime as dt
import random

from cultiva.ideas.models import Contribution, Support

PUBLIC = (Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO)
SUPPORTED_KINDS = (
    Contribution.Kind.NEED,
    Contribution.Kind.SHORTCOMING,
    Contribution.Kind.IDEA,
)
MOST_SUPPORTERS = 40
# Pareto's shape: about half the contributions get no supporter, one in ten gets five or more.
TAIL = 1.3


def supporters_count(rng: random.Random, people: int) -> int:
    return max(0, min(int(rng.paretovariate(TAIL)) - 1, MOST_SUPPORTERS, people - 1))


def add_supports(generator) -> int:
    """Supports for the demo's public contributions; returns how many were written."""
    from cultiva.demo.generator import _bulk, _manual_timestamps

    rng = random.Random(f"{generator.seed}:portfolio_gaps")
    people = generator.people
    supports = []
    for contribution in generator.contributions:
        if contribution.status not in PUBLIC or contribution.kind not in SUPPORTED_KINDS:
            continue
        wanted = supporters_count(rng, len(people))
        if not wanted:
            continue
        chosen = [p for p in rng.sample(people, wanted + 1) if p.pk != contribution.author_id]
        for person in chosen[:wanted]:
            when = contribution.created_at + dt.timedelta(hours=rng.randint(2, 24 * 20))
            supports.append(
                Support(
                    contribution=contribution, person=person, created_at=min(when, generator.now)
                )
            )
    with _manual_timestamps(Support):
        _bulk(Support, supports)
    generator.counts["supports"] = len(supports)
    return len(supports)
