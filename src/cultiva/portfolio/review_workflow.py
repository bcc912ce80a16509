"""The review round's workflow, declared as data (DESIGN.md "State machines"): which status
may follow which and who may move it. portfolio.review_services enforces it; the round's page
offers exactly the steps ROUND_TRANSITIONS allows the reader; the last step, publishing the
results, is taken from the ranking page (RESULTS_TRANSITIONS).
"""

from __future__ import annotations

from cultiva.core.workflow import Transition
from cultiva.portfolio.models import ReviewRound

S = ReviewRound.Status
COORDINATOR = frozenset({"coordinator"})

ROUND_TRANSITIONS: tuple[Transition, ...] = (
    # Set up (criteria, projects, reviewers), then opened for the reviewers to score ...
    Transition(S.DRAFT, S.OPEN, COORDINATOR),
    # ... closed when the work is done (the deadline alone refuses late scoring) ...
    Transition(S.OPEN, S.CLOSED, COORDINATOR),
    # ... and opened again if reviews must be finished or redone.
    Transition(S.CLOSED, S.OPEN, COORDINATOR),
)

RESULTS_TRANSITIONS: tuple[Transition, ...] = (
    # Once the reviews are in and the ranking discussed, the coordinator publishes it.
    Transition(S.CLOSED, S.PUBLISHED, COORDINATOR),
)
