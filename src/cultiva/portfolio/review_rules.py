"""Who may do what in a review round, asked in the round's process."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.core.workflow import targets_from, transition_verdict
from cultiva.portfolio.models import Review, ReviewAssignment, ReviewRound
from cultiva.portfolio.review_workflow import ROUND_TRANSITIONS
from cultiva.processes.rules import Role, has_role, roles_in

S = ReviewRound.Status


def can_manage_review(user, process) -> Verdict:
    """Setting up rounds, assigning reviewers, the progress board, reopening reviews."""
    if has_role(user, process, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the process's coordinators can manage the expert review."))


def can_change_round_status(user, round: ReviewRound, target: str) -> Verdict:
    verdict = can_manage_review(user, round.process)
    if not verdict:
        return verdict
    roles = {"coordinator"} if user.is_superuser else roles_in(user, round.process)
    return transition_verdict(
        ROUND_TRANSITIONS, source=round.status, target=target, actor_roles=roles
    )


def round_targets(user, round: ReviewRound) -> list[str]:
    if not can_manage_review(user, round.process):
        return []
    roles = {"coordinator"} if user.is_superuser else roles_in(user, round.process)
    return targets_from(ROUND_TRANSITIONS, round.status, roles)


def can_change_setup(user, round: ReviewRound) -> Verdict:
    """Criteria and the projects that enter are fixed once reviewers start scoring."""
    verdict = can_manage_review(user, round.process)
    if not verdict:
        return verdict
    if round.status != S.DRAFT:
        return deny(
            _("The criteria and projects can only be changed while the round is being set up.")
        )
    return ALLOW


def can_review_in(user, process) -> Verdict:
    """The process's experts review; they see their own assignments and declare expertise."""
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if has_role(user, process, Role.EXPERT):
        return ALLOW
    return deny(_("Only the process's experts review projects."))


def is_own_assignment(user, assignment: ReviewAssignment) -> bool:
    return user.is_authenticated and assignment.reviewer_id == user.pk


def can_view_assignment(user, assignment: ReviewAssignment) -> Verdict:
    """The reviewer (an expert of the process) and the coordinators."""
    process = assignment.round.process
    if can_manage_review(user, process):
        return ALLOW
    if is_own_assignment(user, assignment) and can_review_in(user, process):
        if assignment.round.status == S.DRAFT:
            return deny(_("This review round is not open yet."))
        return ALLOW
    return deny(_("This review is not yours."))


def _round_accepts_work(round: ReviewRound, now=None) -> Verdict:
    if round.status != S.OPEN:
        return deny(_("This review round is not open for reviews."))
    if round.deadline and (now or timezone.now()) > round.deadline:
        return deny(_("The deadline of this review round has passed."))
    return ALLOW


def can_declare(user, assignment: ReviewAssignment, now=None) -> Verdict:
    if not (is_own_assignment(user, assignment) and can_review_in(user, assignment.round.process)):
        return deny(_("This review is not yours."))
    if assignment.status != ReviewAssignment.Status.ASSIGNED:
        return deny(_("This assignment was withdrawn."))
    if getattr(assignment, "declaration", None) is not None:
        return deny(_("You have already declared your interests for this project."))
    return _round_accepts_work(assignment.round, now)


def can_score(user, assignment: ReviewAssignment, now=None) -> Verdict:
    if not (is_own_assignment(user, assignment) and can_review_in(user, assignment.round.process)):
        return deny(_("This review is not yours."))
    if assignment.status != ReviewAssignment.Status.ASSIGNED:
        return deny(_("This assignment was withdrawn."))
    declaration = getattr(assignment, "declaration", None)
    if declaration is None:
        return deny(_("Declare any conflict of interest before you see the project."))
    if declaration.is_conflict:
        return deny(_("You have a conflict of interest with this project."))
    review = getattr(assignment, "review", None)
    if review is not None and review.status == Review.Status.SUBMITTED:
        return deny(_("This review is submitted; only a coordinator can reopen it."))
    return _round_accepts_work(assignment.round, now)


def can_see_project(user, assignment: ReviewAssignment) -> bool:
    """A reviewer sees the project only after declaring no conflict; coordinators always."""
    if can_manage_review(user, assignment.round.process):
        return True
    declaration = getattr(assignment, "declaration", None)
    return (
        assignment.status == ReviewAssignment.Status.ASSIGNED
        and declaration is not None
        and not declaration.is_conflict
    )


def can_see_other_scores(user, assignment: ReviewAssignment) -> bool:
    if can_manage_review(user, assignment.round.process):
        return True
    return assignment.round.reviewers_see_others and can_see_project(user, assignment)


def can_reopen(user, review: Review) -> Verdict:
    verdict = can_manage_review(user, review.assignment.round.process)
    if not verdict:
        return verdict
    if review.status != Review.Status.SUBMITTED:
        return deny(_("Only a submitted review can be reopened."))
    if review.assignment.round.status != S.OPEN:
        return deny(_("Open the round again before reopening a review."))
    return ALLOW


def can_view_reviews_page(user, process) -> Verdict:
    """The review's start page: coordinators (to manage) and experts (their work)."""
    if can_manage_review(user, process) or can_review_in(user, process):
        return ALLOW
    return deny(_("Only the process's coordinators and experts take part in the review."))
