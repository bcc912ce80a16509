"""The steps of a funding application, as data: who may move it from where to where.

"applicant" stands for the people of the applying organisation; the process's coordinators
and facilitators may take every step for them (they often keep the county's register).
"""

from __future__ import annotations

from cultiva.core.workflow import Transition

APPLICANT = "applicant"
COORDINATOR = "coordinator"
FACILITATOR = "facilitator"
EVERYONE = frozenset({APPLICANT, COORDINATOR, FACILITATOR})


def _steps(pairs: list[tuple[str, str]]) -> tuple[Transition, ...]:
    return tuple(Transition(source, target, EVERYONE) for source, target in pairs)


APPLICATION_TRANSITIONS: tuple[Transition, ...] = _steps(
    [
        ("planned", "preparation"),
        ("preparation", "planned"),
        ("preparation", "submitted"),
        ("submitted", "evaluation"),
        # The result is recorded by whoever learns it first: the applicant or the office.
        ("submitted", "awarded"),
        ("submitted", "rejected"),
        ("evaluation", "awarded"),
        ("evaluation", "rejected"),
        ("planned", "withdrawn"),
        ("preparation", "withdrawn"),
        ("submitted", "withdrawn"),
        ("evaluation", "withdrawn"),
        ("awarded", "withdrawn"),
        ("awarded", "contracted"),
        ("contracted", "reporting"),
        ("reporting", "closed"),
    ]
)

# Statuses after which the application no longer waits for a deadline.
SUBMITTED_OR_LATER = frozenset(
    {"submitted", "evaluation", "awarded", "rejected", "contracted", "reporting", "closed"}
)
# Still open: a deadline reminder goes to these.
BEFORE_SUBMISSION = frozenset({"planned", "preparation"})
# Money the project has: awarded and what follows.
SECURED = frozenset({"awarded", "contracted", "reporting", "closed"})
REQUESTED = frozenset({"submitted", "evaluation"}) | SECURED | frozenset({"rejected"})
# What the project's maturity becomes when an application reaches a status.
MATURITY_AFTER = {"submitted": "applied", "awarded": "funded"}
