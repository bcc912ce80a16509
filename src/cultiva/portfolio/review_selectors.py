"""Reads of the expert review, each with a fixed number of queries whatever the rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cultiva.core.http import get_or_not_found
from cultiva.portfolio.models import (
    Criterion,
    Project,
    Review,
    ReviewAssignment,
    ReviewerExpertise,
    ReviewRound,
    RoundProject,
    Score,
)

A = ReviewAssignment.Status


def rounds_of(*, process):
    return (
        ReviewRound.objects.filter(process=process)
        .annotate(
            entry_count=Count("entries", filter=Q(entries__eligible=True), distinct=True),
            criterion_count=Count("criteria", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def round_of(*, process, pk: int) -> ReviewRound:
    """The round, reached through the process of the address (NotFound from another one)."""
    return get_or_not_found(
        ReviewRound.objects.filter(process=process).select_related("process"),
        _("There is no such review round in this process."),
        pk=pk,
    )


def criterion_of(*, round: ReviewRound, pk: int) -> Criterion:
    return get_or_not_found(
        Criterion.objects.filter(round=round).select_related("round__process"),
        _("There is no such criterion in this round."),
        pk=pk,
    )


def assignment_of(*, round: ReviewRound, pk: int) -> ReviewAssignment:
    assignment = get_or_not_found(
        ReviewAssignment.objects.filter(round=round).select_related(
            "project__lead_organisation", "reviewer", "declaration", "review"
        ),
        _("There is no such review assignment in this round."),
        pk=pk,
    )
    assignment.round = round  # the one already fetched, with its process
    return assignment


def round_setup(*, round: ReviewRound) -> dict:
    """The round's set-up page: criteria, entries and the assignments per project."""
    criteria = list(round.criteria.all())
    entries = list(
        RoundProject.objects.filter(round=round)
        .select_related("project__lead_organisation")
        .order_by("-eligible", "project__code")
    )
    by_project: dict[int, list[ReviewAssignment]] = defaultdict(list)
    for row in (
        ReviewAssignment.objects.filter(round=round)
        .select_related("reviewer")
        .order_by("reviewer__full_name", "pk")
    ):
        by_project[row.project_id].append(row)
    for entry in entries:
        entry.assigned = [a for a in by_project[entry.project_id] if a.status == A.ASSIGNED]
        entry.kept_out = [a for a in by_project[entry.project_id] if a.status == A.CONFLICT]
    return {"criteria": criteria, "entries": entries}


def portfolio_projects(*, process):
    return Project.objects.in_portfolio().filter(process=process).order_by("code")


@dataclass
class Tally:
    label: str
    assigned: int = 0
    waiting: int = 0  # no declaration yet
    drafts: int = 0
    submitted: int = 0
    conflicts: int = 0
    removed: int = 0
    key: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def unfinished(self) -> int:
        return self.assigned - self.submitted


@dataclass
class Board:
    reviewers: list[Tally]
    projects: list[Tally]
    assignments: list[ReviewAssignment]
    overdue: bool
    totals: Tally


def _state(assignment: ReviewAssignment) -> str:
    if assignment.status == A.CONFLICT:
        return "conflict"
    if assignment.status == A.REMOVED:
        return "removed"
    review = getattr(assignment, "review", None)
    if review is not None and review.status == Review.Status.SUBMITTED:
        return "submitted"
    if review is not None:
        return "draft"
    if getattr(assignment, "declaration", None) is None:
        return "waiting"
    return "declared"


def progress_board(*, round: ReviewRound, now=None) -> Board:
    """Who has done what: per reviewer and per project. Two queries."""
    now = now or timezone.now()
    assignments = list(
        ReviewAssignment.objects.filter(round=round)
        .select_related("project", "reviewer", "review", "declaration")
        .order_by("project__code", "reviewer__full_name", "pk")
    )
    entries = {
        e.project_id: e
        for e in RoundProject.objects.filter(round=round, eligible=True).select_related("project")
    }
    reviewers: dict[int, Tally] = {}
    projects: dict[int, Tally] = {
        pk: Tally(label=str(e.project), key=pk)
        for pk, e in sorted(entries.items(), key=lambda item: item[1].project.code)
    }
    totals = Tally(label=_("All"))
    for assignment in assignments:
        state = _state(assignment)
        assignment.state = state
        person = reviewers.setdefault(
            assignment.reviewer_id,
            Tally(label=assignment.reviewer.public_name, key=assignment.reviewer_id),
        )
        project = projects.setdefault(
            assignment.project_id, Tally(label=str(assignment.project), key=assignment.project_id)
        )
        for tally in (person, project, totals):
            if state == "conflict":
                tally.conflicts += 1
            elif state == "removed":
                tally.removed += 1
            else:
                tally.assigned += 1
                if state == "submitted":
                    tally.submitted += 1
                elif state == "draft":
                    tally.drafts += 1
                elif state == "waiting":
                    tally.waiting += 1
    for project in projects.values():
        project.extra["missing"] = max(round.reviewers_per_project - project.assigned, 0)
    overdue = bool(round.deadline and now > round.deadline)
    return Board(
        reviewers=sorted(reviewers.values(), key=lambda t: t.label.casefold()),
        projects=list(projects.values()),
        assignments=assignments,
        overdue=overdue,
        totals=totals,
    )


def my_assignments(*, user, process) -> list[ReviewAssignment]:
    """The expert's assignments in the process's rounds that are no longer being set up."""
    rows = list(
        ReviewAssignment.objects.filter(reviewer=user, round__process=process)
        .exclude(round__status=ReviewRound.Status.DRAFT)
        .select_related("round", "project", "review", "declaration")
        .order_by("-round__created_at", "project__code")
    )
    for row in rows:
        row.state = _state(row)
    return rows


def expertise_of(*, user, process) -> ReviewerExpertise | None:
    return (
        ReviewerExpertise.objects.filter(process=process, reviewer=user)
        .prefetch_related("domains")
        .first()
    )


def project_for_review(*, project_id: int) -> Project:
    """The project card's summary for the scoring page."""
    return (
        Project.objects.select_related("lead_organisation")
        .prefetch_related("partners", "settlements", "domains")
        .get(pk=project_id)
    )


def scores_of(*, review: Review | None) -> dict[int, Score]:
    if review is None:
        return {}
    return {s.criterion_id: s for s in review.scores.all()}


def other_reviews(*, assignment: ReviewAssignment) -> list[Review]:
    """The other reviewers' submitted reviews of the same project in the same round."""
    return list(
        Review.objects.filter(
            assignment__round_id=assignment.round_id,
            assignment__project_id=assignment.project_id,
            assignment__status=A.ASSIGNED,
            status=Review.Status.SUBMITTED,
        )
        .exclude(assignment_id=assignment.pk)
        .select_related("assignment__reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("pk")
    )
