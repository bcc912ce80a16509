"""The review round's workflow, declared as data (DESIGN.md "State machines"): which status
may follow which and who may move it. portfolio.review_services enforces it; the round's page
offers exactly the steps this table allows the reader. (The ranking adds closed → published.)
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
