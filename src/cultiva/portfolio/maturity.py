"""The project maturity workflow, declared as data: which step may follow which, and who
may take it (DESIGN.md "State machines"). portfolio.services enforces it; the project page
offers exactly the steps this table allows the reader.

Actors are the process's roles plus "lead": the people of the project's lead organisation.
"""

from __future__ import annotations

from cultiva.core.workflow import Transition
from cultiva.portfolio.models import Project

M = Project.Maturity
LEAD = "lead"
STAFF = frozenset({"facilitator", "coordinator"})
LEAD_OR_STAFF = STAFF | {LEAD}
FORWARD = (M.IDEA, M.CONCEPT, M.READY, M.APPLIED, M.FUNDED, M.RUNNING, M.COMPLETED)

MATURITY_TRANSITIONS: tuple[Transition, ...] = (
    # The lead organisation moves its project forward as the work is done ...
    Transition(M.IDEA, M.CONCEPT, LEAD_OR_STAFF),
    Transition(M.CONCEPT, M.READY, LEAD_OR_STAFF),
    Transition(M.READY, M.APPLIED, LEAD_OR_STAFF),
    # ... but a funding decision is confirmed by the people running the process.
    Transition(M.APPLIED, M.FUNDED, STAFF),
    Transition(M.FUNDED, M.RUNNING, LEAD_OR_STAFF),
    Transition(M.RUNNING, M.COMPLETED, LEAD_OR_STAFF),
    # Steps back: a concept needs rework, an application was rejected (try another call).
    Transition(M.CONCEPT, M.IDEA, LEAD_OR_STAFF),
    Transition(M.READY, M.CONCEPT, LEAD_OR_STAFF),
    Transition(M.APPLIED, M.READY, LEAD_OR_STAFF),
    # Any unfinished project can be dropped; only a coordinator revives a dropped one.
    *(Transition(m, M.DROPPED, LEAD_OR_STAFF) for m in FORWARD[:-1]),
    Transition(M.DROPPED, M.IDEA, frozenset({"coordinator"})),
)
