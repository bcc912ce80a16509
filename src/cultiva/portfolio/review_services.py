"""Every write of the expert review. Each function is one transaction and leaves an audit row.

The decisions live elsewhere: who may do what in `review_rules`, the round's workflow in
`review_workflow`, the pre-checks in `eligibility`, the automatic assignment in `assignment`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cultiva.accounts.models import Membership
from cultiva.accounts.notifications import notification_mail_send, people_wanting
from cultiva.core.activity import activity_record, activity_record_many, field_changes
from cultiva.core.i18n import localize
from cultiva.portfolio import assignment as assignment_plan
from cultiva.portfolio import eligibility
from cultiva.portfolio import review_rules as rules
from cultiva.portfolio.models import (
    ConflictDeclaration,
    Criterion,
    Project,
    Review,
    ReviewAssignment,
    ReviewerExpertise,
    ReviewRound,
    RoundProject,
    Score,
)
from cultiva.processes.models import ProcessRole

A = ReviewAssignment.Status
ROUND_FIELDS = (
    "title",
    "instructions",
    "deadline",
    "reviewers_per_project",
    "reviewers_see_others",
    "eligibility_checks",
)


def _check_keys(keys: Sequence[str]) -> list[str]:
    unknown = eligibility.unknown_checks(keys)
    if unknown:
        raise ValidationError(
            _("Unknown eligibility check: %(keys)s") % {"keys": ", ".join(unknown)}
        )
    return list(keys)


# --- the round -------------------------------------------------------------------------------


@transaction.atomic
def review_round_create(
    *,
    actor,
    process,
    title: dict[str, str],
    instructions: dict[str, str],
    deadline: dt.datetime | None,
    reviewers_per_project: int,
    reviewers_see_others: bool,
    eligibility_checks: Sequence[str],
) -> ReviewRound:
    rules.can_manage_review(actor, process).enforce()
    round = ReviewRound.objects.create(
        process=process,
        title=title,
        instructions=instructions,
        deadline=deadline,
        reviewers_per_project=reviewers_per_project,
        reviewers_see_others=reviewers_see_others,
        eligibility_checks=_check_keys(eligibility_checks),
        created_by=actor,
    )
    activity_record(actor=actor, verb="review_round.created", target=round, process=process)
    return round


@transaction.atomic
def review_round_update(*, actor, round: ReviewRound, **values) -> ReviewRound:
    """Change the round's settings (`ROUND_FIELDS`). The pre-checks are part of the set-up
    (draft only); the deadline and the rest may change while the round is open."""
    round = ReviewRound.objects.select_for_update().select_related("process").get(pk=round.pk)
    rules.can_manage_review(actor, round.process).enforce()
    unknown = set(values) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"Not a round setting: {sorted(unknown)}")
    if "eligibility_checks" in values:
        values["eligibility_checks"] = _check_keys(values["eligibility_checks"])
        if values["eligibility_checks"] != round.eligibility_checks:
            rules.can_change_setup(actor, round).enforce()
    if round.status in (ReviewRound.Status.CLOSED, ReviewRound.Status.PUBLISHED):
        raise ValidationError(_("A closed round's settings cannot change."))
    changes = {}
    for name, value in values.items():
        before = getattr(round, name)
        if before != value:
            changes[name] = [str(before), str(value)]
            setattr(round, name, value)
    if changes:
        round.save()
        activity_record(
            actor=actor,
            verb="review_round.updated",
            target=round,
            process=round.process,
            changes=changes,
        )
    return round


@transaction.atomic
def review_round_status_change(*, actor, round: ReviewRound, target: str) -> ReviewRound:
    round = ReviewRound.objects.select_for_update().select_related("process").get(pk=round.pk)
    rules.can_change_round_status(actor, round, target).enforce()
    if target == ReviewRound.Status.OPEN and round.status == ReviewRound.Status.DRAFT:
        problems = []
        if not round.criteria.exists():
            problems.append(_("Add at least one criterion."))
        if not round.entries.filter(eligible=True).exists():
            problems.append(_("Choose the projects that enter the round."))
        if not round.assignments.filter(status=A.ASSIGNED).exists():
            problems.append(_("Assign reviewers to the projects."))
        if problems:
            raise ValidationError(problems)
    before = round.status
    round.status = target
    round.save(update_fields=["status", "updated_at"])
    activity_record(
        actor=actor,
        verb=f"review_round.{target}",
        target=round,
        process=round.process,
        changes={"status": [before, target]},
    )
    return round


# --- criteria --------------------------------------------------------------------------------


def _check_scale(scale_min: int, scale_max: int) -> None:
    if scale_max <= scale_min:
        raise ValidationError(_("The highest score must be above the lowest."))
    if scale_max - scale_min > 100:
        raise ValidationError(_("A scale may have at most 101 steps."))


@transaction.atomic
def criterion_save(
    *,
    actor,
    round: ReviewRound,
    criterion: Criterion | None = None,
    name: dict[str, str],
    guidance: dict[str, str],
    weight: Decimal,
    scale_min: int,
    scale_max: int,
    reason_required: bool,
) -> Criterion:
    """Add a criterion at the end of the round's list (`criterion` None), or change one."""
    rules.can_change_setup(actor, round).enforce()
    if criterion is not None and criterion.round_id != round.pk:
        raise ValueError("The criterion belongs to another round.")
    _check_scale(scale_min, scale_max)
    values = {
        "name": name,
        "guidance": guidance,
        "weight": weight,
        "scale_min": scale_min,
        "scale_max": scale_max,
        "reason_required": reason_required,
    }
    if criterion is None:
        last = round.criteria.aggregate(last=Max("position"))["last"]
        criterion = Criterion.objects.create(
            round=round, position=0 if last is None else last + 1, **values
        )
        verb, changes = "review_criterion.added", {k: str(v) for k, v in values.items()}
    else:
        before = {k: str(getattr(criterion, k)) for k in values}
        for key, value in values.items():
            setattr(criterion, key, value)
        criterion.save()
        verb = "review_criterion.updated"
        changes = field_changes(before, {k: str(v) for k, v in values.items()})
    activity_record(
        actor=actor, verb=verb, target=criterion, process=round.process, changes=changes
    )
    return criterion


@transaction.atomic
def criterion_remove(*, actor, criterion: Criterion) -> None:
    round = criterion.round
    rules.can_change_setup(actor, round).enforce()
    activity_record(
        actor=actor,
        verb="review_criterion.removed",
        target=criterion,
        process=round.process,
        changes={"name": criterion.name},
    )
    criterion.delete()
    _renumber(round)


def _renumber(round: ReviewRound) -> list[Criterion]:
    criteria = list(round.criteria.order_by("position", "pk"))
    for index, criterion in enumerate(criteria):
        criterion.position = index
    Criterion.objects.bulk_update(criteria, ["position"])
    return criteria


@transaction.atomic
def criterion_move(*, actor, criterion: Criterion, direction: int) -> None:
    """Move a criterion one place up (-1) or down (+1) in the round's list."""
    round = criterion.round
    rules.can_change_setup(actor, round).enforce()
    criteria = _renumber(round)
    index = next(i for i, c in enumerate(criteria) if c.pk == criterion.pk)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(criteria):
        return
    criteria[index].position, criteria[other].position = other, index
    Criterion.objects.bulk_update([criteria[index], criteria[other]], ["position"])
    activity_record(
        actor=actor,
        verb="review_criterion.moved",
        target=criterion,
        process=round.process,
        changes={"position": [index, other]},
    )


# --- projects that enter ---------------------------------------------------------------------


def project_facts(projects: Iterable[Project]) -> list[eligibility.ProjectFacts]:
    """The facts the pre-checks read. `projects` come with lead_organisation selected and
    settlements and domains prefetched (see review_selectors.projects_for_round)."""
    return [
        eligibility.ProjectFacts(
            id=p.pk,
            budget_total=p.budget_total,
            has_lead=p.lead_organisation_id is not None,
            lead_verified=bool(p.lead_organisation and p.lead_organisation.is_verified),
            settlement_count=len(p.settlements.all()),
            domain_count=len(p.domains.all()),
            summary=p.summary or {},
            maturity=p.maturity,
        )
        for p in projects
    ]


@transaction.atomic
def round_entries_set(
    *, actor, round: ReviewRound, project_ids: Sequence[int] | None = None
) -> tuple[int, int]:
    """Enter the process's portfolio projects (all of them, or those chosen) into the round,
    each with the result of the round's pre-checks. Returns (eligible, not eligible)."""
    rules.can_change_setup(actor, round).enforce()
    projects = (
        Project.objects.in_portfolio()
        .filter(process=round.process)
        .select_related("lead_organisation")
        .prefetch_related("settlements", "domains")
    )
    if project_ids is not None:
        projects = projects.filter(pk__in=list(project_ids))
    projects = list(projects)
    results = eligibility.check_projects(project_facts(projects), round.eligibility_checks)
    round.entries.all().delete()
    RoundProject.objects.bulk_create(
        RoundProject(
            round=round,
            project=p,
            eligible=not results[p.pk],
            eligibility_failures=[{"key": f.key, "reason": f.reason} for f in results[p.pk]],
        )
        for p in projects
    )
    # Assignments of projects no longer in the round go with them.
    round.assignments.exclude(project_id__in=[p.pk for p in projects if not results[p.pk]]).delete()
    eligible = sum(1 for p in projects if not results[p.pk])
    activity_record(
        actor=actor,
        verb="review_round.projects_set",
        target=round,
        process=round.process,
        changes={
            "eligible": eligible,
            "not_eligible": len(projects) - eligible,
            "chosen": None if project_ids is None else sorted(project_ids),
        },
    )
    return eligible, len(projects) - eligible


# --- reviewers -------------------------------------------------------------------------------


def experts_of(process) -> list:
    from cultiva.accounts.models import User

    return list(
        User.objects.filter(
            process_roles__process=process, process_roles__role=ProcessRole.Role.EXPERT
        )
        .distinct()
        .order_by("pk")
    )


def detected_conflicts(
    *, project_ids: Iterable[int], reviewer_ids: Iterable[int]
) -> dict[tuple[int, int], str]:
    """(project, reviewer) → why: the reviewer belongs to the project's lead organisation or
    one of its partners (accounts Membership). Three queries, whatever the numbers."""
    project_ids, reviewer_ids = list(project_ids), list(reviewer_ids)
    organisations: dict[int, dict[int, str]] = {}
    for pk, lead in Project.objects.filter(pk__in=project_ids).values_list(
        "pk", "lead_organisation_id"
    ):
        if lead:
            organisations.setdefault(pk, {})[lead] = "lead"
    for pk, organisation in Project.partners.through.objects.filter(
        project_id__in=project_ids
    ).values_list("project_id", "organisation_id"):
        organisations.setdefault(pk, {}).setdefault(organisation, "partner")
    belongs: dict[int, set[int]] = {}
    for user_id, organisation in Membership.objects.filter(user_id__in=reviewer_ids).values_list(
        "user_id", "organisation_id"
    ):
        belongs.setdefault(user_id, set()).add(organisation)
    found = {}
    for project_id, orgs in organisations.items():
        for reviewer_id in reviewer_ids:
            shared = belongs.get(reviewer_id, set()) & set(orgs)
            if shared:
                found[(project_id, reviewer_id)] = (
                    "lead" if any(orgs[o] == "lead" for o in shared) else "partner"
                )
    return found


def _detected_note(why: str) -> str:
    if why == "lead":
        return _("The reviewer is a member of the project's lead organisation.")
    return _("The reviewer is a member of one of the project's partner organisations.")


def _record_detected(*, actor, round: ReviewRound, pairs: dict[tuple[int, int], str]) -> int:
    """Keep conflicted experts out: an assignment in the state "conflict" with a detected
    declaration, for each pair not already known. Returns how many were recorded."""
    known = set(round.assignments.values_list("project_id", "reviewer_id"))
    new = [pair for pair in sorted(pairs) if pair not in known]
    if not new:
        return 0
    rows = ReviewAssignment.objects.bulk_create(
        ReviewAssignment(
            round=round, project_id=p, reviewer_id=r, status=A.CONFLICT, created_by=actor
        )
        for p, r in new
    )
    rows = list(
        round.assignments.filter(status=A.CONFLICT, declaration__isnull=True).select_related(
            "project", "reviewer"
        )
    )
    ConflictDeclaration.objects.bulk_create(
        ConflictDeclaration(
            assignment=row,
            kind=ConflictDeclaration.Kind.MEMBER,
            note=_detected_note(pairs.get((row.project_id, row.reviewer_id), "lead")),
            detected=True,
        )
        for row in rows
    )
    activity_record_many(
        entries=[(getattr(actor, "pk", None), row) for row in rows],
        verb="review_assignment.conflict_detected",
        process=round.process,
    )
    return len(rows)


@transaction.atomic
def assignments_auto(*, actor, round: ReviewRound) -> assignment_plan.Plan:
    """Fill every eligible project of the round up to `reviewers_per_project` experts,
    balanced, respecting conflicts (detected now, declared or removed before) and preferring
    experts whose declared domains match the project's."""
    round = ReviewRound.objects.select_for_update().select_related("process").get(pk=round.pk)
    rules.can_manage_review(actor, round.process).enforce()
    if round.status not in (ReviewRound.Status.DRAFT, ReviewRound.Status.OPEN):
        raise ValidationError(_("Reviewers can only be assigned before the round closes."))
    entries = list(
        round.entries.filter(eligible=True)
        .values_list("project_id", flat=True)
        .order_by("project_id")
    )
    domains: dict[int, set[int]] = {}
    for project_id, term_id in Project.domains.through.objects.filter(
        project_id__in=entries
    ).values_list("project_id", "taxonomyterm_id"):
        domains.setdefault(project_id, set()).add(term_id)
    experts = experts_of(round.process)
    expertise: dict[int, set[int]] = {}
    for reviewer_id, term_id in ReviewerExpertise.domains.through.objects.filter(
        reviewerexpertise__process=round.process
    ).values_list("reviewerexpertise__reviewer_id", "taxonomyterm_id"):
        expertise.setdefault(reviewer_id, set()).add(term_id)
    detected = detected_conflicts(project_ids=entries, reviewer_ids=[e.pk for e in experts])
    _record_detected(actor=actor, round=round, pairs=detected)
    existing: dict[int, list[int]] = {}
    blocked = set(detected)
    for project_id, reviewer_id, status in round.assignments.values_list(
        "project_id", "reviewer_id", "status"
    ):
        if status == A.ASSIGNED:
            existing.setdefault(project_id, []).append(reviewer_id)
        else:
            blocked.add((project_id, reviewer_id))
    plan = assignment_plan.assign(
        projects=[assignment_plan.Slot(p, frozenset(domains.get(p, ()))) for p in entries],
        reviewers=[assignment_plan.Slot(e.pk, frozenset(expertise.get(e.pk, ()))) for e in experts],
        per_project=round.reviewers_per_project,
        conflicts=blocked,
        existing=existing,
    )
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(round=round, project_id=p, reviewer_id=r, created_by=actor)
        for p, r in plan.pairs
    )
    activity_record(
        actor=actor,
        verb="review_round.assigned",
        target=round,
        process=round.process,
        changes={
            "new": len(plan.pairs),
            "matched_expertise": plan.matched,
            "shortfalls": {str(k): v for k, v in plan.shortfalls.items()},
            "conflicts_detected": len(detected),
        },
    )
    return plan


@transaction.atomic
def assignment_add(*, actor, round: ReviewRound, project: Project, reviewer) -> ReviewAssignment:
    """A coordinator assigns one expert to one project by hand (logged). A detected conflict
    keeps the expert out: the row comes back in the state "conflict" (recorded and logged)."""
    rules.can_manage_review(actor, round.process).enforce()
    if round.status not in (ReviewRound.Status.DRAFT, ReviewRound.Status.OPEN):
        raise ValidationError(_("Reviewers can only be assigned before the round closes."))
    if not round.entries.filter(project=project, eligible=True).exists():
        raise ValidationError(_("This project is not among the round's eligible projects."))
    if not ProcessRole.objects.filter(
        process=round.process, user=reviewer, role=ProcessRole.Role.EXPERT
    ).exists():
        raise ValidationError(_("Only the process's experts can review."))
    detected = detected_conflicts(project_ids=[project.pk], reviewer_ids=[reviewer.pk])
    if detected:
        # Not assigned: the conflict is recorded (and logged) and the row returned in the
        # state "conflict", for the caller to say why.
        _record_detected(actor=actor, round=round, pairs=detected)
        return round.assignments.select_related("declaration").get(
            project=project, reviewer=reviewer
        )
    row = round.assignments.filter(project=project, reviewer=reviewer).first()
    if row is not None and row.status == A.CONFLICT:
        raise ValidationError(
            _("%(name)s declared a conflict of interest with this project.")
            % {"name": reviewer.public_name}
        )
    if row is not None and row.status == A.ASSIGNED:
        raise ValidationError(
            _("%(name)s already reviews this project.") % {"name": reviewer.public_name}
        )
    if row is None:
        row = ReviewAssignment.objects.create(
            round=round, project=project, reviewer=reviewer, manual=True, created_by=actor
        )
    else:
        row.status, row.manual, row.created_by = A.ASSIGNED, True, actor
        row.save(update_fields=["status", "manual", "created_by"])
    activity_record(actor=actor, verb="review_assignment.added", target=row, process=round.process)
    return row


@transaction.atomic
def assignment_remove(*, actor, assignment: ReviewAssignment) -> ReviewAssignment:
    round = assignment.round
    rules.can_manage_review(actor, round.process).enforce()
    if assignment.status != A.ASSIGNED:
        raise ValidationError(_("This assignment is no longer active."))
    review = getattr(assignment, "review", None)
    if review is not None and review.status == Review.Status.SUBMITTED:
        raise ValidationError(_("A submitted review cannot be withdrawn; reopen it first."))
    assignment.status = A.REMOVED
    assignment.save(update_fields=["status"])
    activity_record(
        actor=actor,
        verb="review_assignment.removed",
        target=assignment,
        process=round.process,
        changes={"status": [A.ASSIGNED, A.REMOVED]},
    )
    return assignment


# --- the reviewer's side ---------------------------------------------------------------------


@transaction.atomic
def reviewer_expertise_set(*, actor, process, domains: Sequence, note: str) -> ReviewerExpertise:
    rules.can_review_in(actor, process).enforce()
    expertise, _created = ReviewerExpertise.objects.get_or_create(process=process, reviewer=actor)
    before = sorted(expertise.domains.values_list("pk", flat=True))
    expertise.note = note
    expertise.save()
    expertise.domains.set(domains)
    activity_record(
        actor=actor,
        verb="reviewer_expertise.updated",
        target=expertise,
        process=process,
        changes={"domains": [before, sorted(d.pk for d in domains)]},
    )
    return expertise


@transaction.atomic
def conflict_declare(
    *, actor, assignment: ReviewAssignment, kind: str, note: str
) -> ConflictDeclaration:
    """The reviewer's declaration before seeing the project. A declared conflict, or one
    Cultiva detects now (the reviewer belongs to the lead or a partner), removes the
    assignment."""
    assignment = (
        ReviewAssignment.objects.select_for_update(of=("self",))
        .select_related("round__process")
        .get(pk=assignment.pk)
    )
    rules.can_declare(actor, assignment).enforce()
    if kind not in ConflictDeclaration.Kind.values:
        raise ValidationError(_("Choose one of the listed answers."))
    if kind == ConflictDeclaration.Kind.OTHER and not note.strip():
        raise ValidationError(_("Describe the conflict of interest in the note."))
    detected = detected_conflicts(project_ids=[assignment.project_id], reviewer_ids=[actor.pk])
    is_detected = kind == ConflictDeclaration.Kind.NONE and bool(detected)
    if is_detected:
        kind = ConflictDeclaration.Kind.MEMBER
        note = _detected_note(next(iter(detected.values())))
    declaration = ConflictDeclaration.objects.create(
        assignment=assignment, kind=kind, note=note.strip(), detected=is_detected
    )
    process = assignment.round.process
    if declaration.is_conflict:
        assignment.status = A.CONFLICT
        assignment.save(update_fields=["status"])
        activity_record(
            actor=actor,
            verb="review_assignment.conflict_detected"
            if is_detected
            else "review_assignment.conflict_declared",
            target=assignment,
            process=process,
            changes={"kind": kind, "status": [A.ASSIGNED, A.CONFLICT]},
        )
    else:
        activity_record(
            actor=actor,
            verb="review_assignment.no_conflict_declared",
            target=assignment,
            process=process,
        )
    return declaration


def _score_errors(
    criteria: Sequence[Criterion],
    scores: Mapping[int, tuple[int | None, str]],
    recommendation: str,
    submit: bool,
) -> list[str]:
    errors = []
    for criterion in criteria:
        value, reason = scores.get(criterion.pk, (None, ""))
        name = localize(criterion.name)
        if value is not None and not criterion.scale_min <= value <= criterion.scale_max:
            errors.append(
                _("The score for “%(name)s” must be between %(low)s and %(high)s.")
                % {"name": name, "low": criterion.scale_min, "high": criterion.scale_max}
            )
        if not submit:
            continue
        if value is None:
            errors.append(_("Give a score for “%(name)s”.") % {"name": name})
        if criterion.reason_required and not (reason or "").strip():
            errors.append(_("Give a reason for your score on “%(name)s”.") % {"name": name})
    if recommendation and recommendation not in Review.Recommendation.values:
        errors.append(_("Choose fund, maybe or do not fund."))
    elif submit and not recommendation:
        errors.append(_("Give your overall recommendation."))
    return errors


@transaction.atomic
def review_save(
    *,
    actor,
    assignment: ReviewAssignment,
    scores: Mapping[int, tuple[int | None, str]],
    recommendation: str,
    comment: str,
    submit: bool,
) -> Review:
    """Save the reviewer's scores (criterion id → (value or None, reason)) as a draft, or
    submit them, which locks the review. The assignment's row is locked first, so two
    submissions at once (two tabs, a double click) make one."""
    assignment = (
        ReviewAssignment.objects.select_for_update(of=("self",))
        .select_related("round__process", "declaration")
        .get(pk=assignment.pk)
    )
    review = Review.objects.select_for_update().filter(assignment=assignment).first()
    if review is not None:
        assignment.review = review
    rules.can_score(actor, assignment).enforce()
    criteria = list(assignment.round.criteria.all())
    errors = _score_errors(criteria, scores, recommendation, submit)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if review is None:
        review = Review.objects.create(assignment=assignment)
    review.recommendation = recommendation
    review.comment = comment.strip()
    if submit:
        review.status = Review.Status.SUBMITTED
        review.submitted_at = now
    review.save()
    review.scores.all().delete()
    Score.objects.bulk_create(
        Score(
            review=review, criterion_id=c.pk, value=scores[c.pk][0], reason=scores[c.pk][1].strip()
        )
        for c in criteria
        if scores.get(c.pk, (None, ""))[0] is not None
    )
    activity_record(
        actor=actor,
        verb="review.submitted" if submit else "review.draft_saved",
        target=review,
        process=assignment.round.process,
        changes={"recommendation": recommendation},
    )
    return review


@transaction.atomic
def review_reopen(*, actor, review: Review, reason: str) -> Review:
    review = (
        Review.objects.select_for_update()
        .select_related("assignment__round__process", "assignment__reviewer")
        .get(pk=review.pk)
    )
    rules.can_reopen(actor, review).enforce()
    if not reason.strip():
        raise ValidationError(_("Say why the review is reopened."))
    review.status = Review.Status.DRAFT
    review.submitted_at = None
    review.reopened_reason = reason.strip()
    review.save()
    activity_record(
        actor=actor,
        verb="review.reopened",
        target=review,
        process=review.assignment.round.process,
        changes={
            "status": [Review.Status.SUBMITTED, Review.Status.DRAFT],
            "reason": review.reopened_reason,
        },
    )
    return review


# --- reminders -------------------------------------------------------------------------------


def unfinished_reviewers(round: ReviewRound) -> dict:
    """Reviewer → number of their active assignments without a submitted review."""
    from cultiva.accounts.models import User

    counts: dict[int, int] = {}
    for reviewer_id in (
        round.assignments.filter(status=A.ASSIGNED)
        .exclude(review__status=Review.Status.SUBMITTED)
        .values_list("reviewer_id", flat=True)
    ):
        counts[reviewer_id] = counts.get(reviewer_id, 0) + 1
    people = User.objects.filter(pk__in=counts).order_by("pk")
    return {person: counts[person.pk] for person in people}


@transaction.atomic
def review_reminders_send(*, actor, round: ReviewRound) -> int:
    """E-mail every reviewer with unfinished reviews (those who want the coordinators'
    messages); returns how many e-mails went out."""
    from cultiva.accounts.models import User

    rules.can_manage_review(actor, round.process).enforce()
    if round.status != ReviewRound.Status.OPEN:
        raise ValidationError(_("Reminders are sent only while the round is open."))
    pending = unfinished_reviewers(round)
    wanting = set(
        people_wanting(
            User.objects.filter(pk__in=[p.pk for p in pending]), "announcements"
        ).values_list("pk", flat=True)
    )
    site = settings.SITE_URL.rstrip("/")
    url = site + reverse("portfolio:review_mine", args=[round.process.slug])
    sent = 0
    for person, count in pending.items():
        if person.pk not in wanting:
            continue
        language = person.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "person": person,
                "round_title": localize(round.title, language),
                "process_title": localize(round.process.title, language),
                "count": count,
                "deadline": round.deadline,
                "url": url,
            }
            subject = ngettext(
                "Reminder: %(count)s review waits for you",
                "Reminder: %(count)s reviews wait for you",
                count,
            ) % {"count": count}
            body = render_to_string("portfolio/review/reminder_email.txt", context)
        if notification_mail_send(
            person=person,
            kind="announcements",
            subject=subject,
            body=body,
            language=language,
            check=False,
        ):
            sent += 1
    activity_record(
        actor=actor,
        verb="review_round.reminded",
        target=round,
        process=round.process,
        changes={"reviewers": len(pending), "sent": sent},
    )
    return sent
