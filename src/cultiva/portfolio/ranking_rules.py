"""Who may see a review round's ranking, set its funding line and publish its results."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.core.workflow import transition_verdict
from cultiva.portfolio.models import ReviewRound
from cultiva.portfolio.review_workflow import RESULTS_TRANSITIONS
from cultiva.processes.models import ProcessRole
from cultiva.processes.rules import STAFF_ROLES, can_view_process, has_role, roles_in

Role = ProcessRole.Role
# The ranking before publication: the people running the process and those who decide.
RANKING_READERS = (*STAFF_ROLES, Role.DECISION_MAKER)


def can_view_ranking(user, review_round: ReviewRound) -> Verdict:
    """The working ranking (stability, disagreement, normalisation): coordinators,
    facilitators and decision-makers of the process. Experts and the public see the results
    once they are published."""
    if has_role(user, review_round.process, *RANKING_READERS):
        return ALLOW
    return deny(
        _(
            "Only the process's coordinators, facilitators and decision-makers see the ranking "
            "before its results are published."
        )
    )


def can_set_ranking_options(user, review_round: ReviewRound) -> Verdict:
    if not has_role(user, review_round.process, Role.COORDINATOR):
        return deny(_("Only the process's coordinators can set the funding line."))
    if review_round.status == ReviewRound.Status.PUBLISHED:
        return deny(_("The results are published: the ranking's settings can no longer change."))
    return ALLOW


def can_publish_results(user, review_round: ReviewRound) -> Verdict:
    if review_round.status != ReviewRound.Status.CLOSED:
        if review_round.status == ReviewRound.Status.PUBLISHED:
            return deny(_("The results are already published."))
        return deny(_("Close the review round before publishing its results."))
    roles = roles_in(user, review_round.process)
    if user.is_authenticated and user.is_superuser:
        roles = frozenset({Role.COORDINATOR})
    return transition_verdict(
        RESULTS_TRANSITIONS,
        source=review_round.status,
        target=ReviewRound.Status.PUBLISHED,
        actor_roles=roles,
    )


def can_view_results(user, review_round: ReviewRound) -> Verdict:
    """The published results: whoever may see the process (everyone, once it is published)."""
    if review_round.status != ReviewRound.Status.PUBLISHED:
        return deny(_("The results of this review round are not published yet."))
    return can_view_process(user, review_round.process)


def can_download_results(user, review_round: ReviewRound) -> Verdict:
    if can_view_ranking(user, review_round):
        return ALLOW
    return can_view_results(user, review_round)
