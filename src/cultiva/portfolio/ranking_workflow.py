"""The review round's last step, declared as data: publishing the results.

The round's other steps (draft → open → closed, reopening) belong to the review set-up; this
table holds the step the ranking pages take. When the round's full transition table exists,
this entry moves there (one table per state machine, DESIGN.md "State machines").
"""

from __future__ import annotations

from cultiva.core.workflow import Transition
from cultiva.portfolio.models import ReviewRound

S = ReviewRound.Status

RESULTS_TRANSITIONS: tuple[Transition, ...] = (
    # Once the reviews are in and the ranking discussed, the coordinator publishes it.
    Transition(S.CLOSED, S.PUBLISHED, frozenset({"coordinator"})),
)
