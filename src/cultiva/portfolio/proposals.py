"""The proposal workflow, declared as data: how a project an organisation proposes enters the
portfolio, and who may take each step (DESIGN.md "State machines"). proposal_services
enforces it; the proposal pages offer exactly the steps this table allows the reader.

Actors are the process's roles plus "lead": the people of the proposal's lead organisation
(the proposer among them).
"""

from __future__ import annotations

from cultiva.core.workflow import Transition
from cultiva.portfolio.maturity import LEAD, STAFF
from cultiva.portfolio.models import Project

S = Project.ProposalStatus

PROPOSAL_TRANSITIONS: tuple[Transition, ...] = (
    # The lead organisation sends its draft (or the reworked proposal) for a decision ...
    Transition(S.DRAFT, S.SUBMITTED, frozenset({LEAD})),
    Transition(S.CHANGES_REQUESTED, S.SUBMITTED, frozenset({LEAD})),
    # ... and the people running the process decide.
    Transition(S.SUBMITTED, S.ACCEPTED, STAFF),
    Transition(S.SUBMITTED, S.CHANGES_REQUESTED, STAFF),
    Transition(S.SUBMITTED, S.DECLINED, STAFF),
    Transition(S.CHANGES_REQUESTED, S.DECLINED, STAFF),
    # A declined proposal may be reopened by a coordinator (a decision taken by mistake).
    Transition(S.DECLINED, S.SUBMITTED, frozenset({"coordinator"})),
)

# Steps that need a written reason: the proposer must learn what to change, or why not.
REASON_REQUIRED = frozenset({S.CHANGES_REQUESTED, S.DECLINED})

# While in these states the lead organisation's people may still change the proposal.
EDITABLE_BY_LEAD = frozenset({S.DRAFT, S.CHANGES_REQUESTED})

# Not yet (or never) in the portfolio.
OPEN_PROPOSAL = frozenset({S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED})
