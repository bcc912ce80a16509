"""The expert review: set-up, conflicts of interest, assignment, scoring, reopening, reminders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from cultiva.accounts.models import Membership, NotificationPreference
from cultiva.core.models import ActivityLog
from cultiva.portfolio import review_services as services
from cultiva.portfolio.models import (
    ConflictDeclaration,
    Review,
    ReviewAssignment,
    ReviewerExpertise,
    ReviewRound,
    RoundProject,
)
from cultiva.processes.models import ProcessRole
from tests.factories import (
    make_organisation,
    make_process,
    make_project,
    make_settlement,
    make_term,
    make_user,
)

A = ReviewAssignment.Status


class Setup:
    pass


@pytest.fixture
def review(world):
    """A round of world.process with three criteria and three eligible projects; three
    experts, one of whom belongs to the lead organisation of the first project."""
    s = Setup()
    s.world = world
    s.process = world.process
    coordinator = world.coordinator
    s.heritage, s.music = make_term("domain", "heritage"), make_term("domain", "music")
    settlement = make_settlement()
    s.projects = []
    for i, (lead, domain) in enumerate(
        [
            (world.organisation, s.heritage),
            (world.other_organisation, s.music),
            (world.other_organisation, s.heritage),
        ]
    ):
        project = make_project(
            world.process,
            code=f"REV-{i + 1}",
            lead_organisation=lead,
            budget_total=Decimal("50000"),
            summary={"hu": f"Összefoglaló {i + 1}"},
        )
        project.settlements.add(settlement)
        project.domains.add(domain)
        s.projects.append(project)
    s.unfit = make_project(world.process, code="REV-9", summary={"en": "No budget"})
    s.expert = world.expert
    s.expert.full_name = "Első Szakértő"
    s.expert.save(update_fields=["full_name"])
    s.expert2 = make_user("expert2@example.org", full_name="Második Szakértő")
    s.insider = make_user("insider@example.org", full_name="Belső Szakértő")
    for person in (s.expert2, s.insider):
        ProcessRole.objects.create(process=world.process, user=person, role="expert")
    Membership.objects.create(user=s.insider, organisation=world.organisation)
    s.round = services.review_round_create(
        actor=coordinator,
        process=world.process,
        title={"hu": "Első bírálati kör", "ro": "Prima rundă", "en": "First round"},
        instructions={"hu": "Pontozzatok őszintén."},
        deadline=timezone.now() + dt.timedelta(days=7),
        reviewers_per_project=2,
        reviewers_see_others=False,
        eligibility_checks=["budget_present", "summary_official"],
    )
    s.criteria = [
        services.criterion_save(
            actor=coordinator,
            round=s.round,
            name={"hu": name, "en": name},
            guidance={},
            weight=Decimal(weight),
            scale_min=1,
            scale_max=5,
            reason_required=required,
        )
        for name, weight, required in (
            ("Relevancia", "2", True),
            ("Megvalósíthatóság", "1", False),
            ("Hatás", "1", False),
        )
    ]
    return s


def _assign_and_open(s):
    services.round_entries_set(actor=s.world.coordinator, round=s.round)
    plan = services.assignments_auto(actor=s.world.coordinator, round=s.round)
    services.review_round_status_change(actor=s.world.coordinator, round=s.round, target="open")
    s.round.refresh_from_db()
    return plan


def _assignment(s, reviewer, project):
    return ReviewAssignment.objects.get(round=s.round, reviewer=reviewer, project=project)


def _url(s, name, *args):
    return reverse(f"portfolio:{name}", args=[s.process.slug, s.round.pk, *args])


def _declare_none(s, reviewer, project):
    return services.conflict_declare(
        actor=reviewer, assignment=_assignment(s, reviewer, project), kind="none", note=""
    )


def _submit(s, row, value, reason, recommendation):
    """The row's reviewer submits `value` with `reason` for every criterion."""
    return services.review_save(
        actor=row.reviewer,
        assignment=row,
        scores={c.pk: (value, reason) for c in s.criteria},
        recommendation=recommendation,
        comment="",
        submit=True,
    )


def _full_post(s, submit=True, **overrides):
    data = {}
    for criterion, value in zip(s.criteria, ("4", "3", "5"), strict=True):
        data[f"score_{criterion.pk}"] = value
        data[f"reason_{criterion.pk}"] = "Jól indokolt, a közösség igényeire épül."
    data.update({"recommendation": "fund", "comment": "Jó munkát!"})
    data["submit" if submit else "save"] = "1"
    data.update(overrides)
    return data


# --- set-up ---------------------------------------------------------------------------------


def test_pre_checks_keep_unfit_projects_out_with_reasons(review):
    eligible, refused = services.round_entries_set(
        actor=review.world.coordinator, round=review.round
    )
    assert (eligible, refused) == (3, 1)
    entry = RoundProject.objects.get(round=review.round, project=review.unfit)
    assert not entry.eligible
    assert {f["key"] for f in entry.eligibility_failures} == {"budget_present", "summary_official"}


def test_chosen_subset_enters(review):
    services.round_entries_set(
        actor=review.world.coordinator, round=review.round, project_ids=[review.projects[1].pk]
    )
    assert list(review.round.entries.values_list("project_id", flat=True)) == [
        review.projects[1].pk
    ]


def test_opening_needs_criteria_projects_and_reviewers(world):
    round = services.review_round_create(
        actor=world.coordinator,
        process=world.process,
        title={"hu": "Üres"},
        instructions={},
        deadline=None,
        reviewers_per_project=1,
        reviewers_see_others=False,
        eligibility_checks=[],
    )
    with pytest.raises(ValidationError) as error:
        services.review_round_status_change(actor=world.coordinator, round=round, target="open")
    assert len(error.value.messages) == 3


def test_workflow_table_refuses_skipping_and_non_coordinators(review):
    with pytest.raises(PermissionDenied):
        services.review_round_status_change(
            actor=review.world.coordinator, round=review.round, target="closed"
        )
    with pytest.raises(PermissionDenied):
        services.review_round_status_change(
            actor=review.world.facilitator, round=review.round, target="open"
        )


def test_criteria_reorder_and_remove(review):
    last = review.criteria[2]
    services.criterion_move(actor=review.world.coordinator, criterion=last, direction=-1)
    names = [c.name["hu"] for c in review.round.criteria.all()]
    assert names == ["Relevancia", "Hatás", "Megvalósíthatóság"]
    services.criterion_remove(actor=review.world.coordinator, criterion=review.criteria[0])
    assert [c.position for c in review.round.criteria.all()] == [0, 1]
    assert ActivityLog.objects.filter(verb="review_criterion.removed").exists()


def test_criteria_are_fixed_once_open(review):
    _assign_and_open(review)
    with pytest.raises(PermissionDenied):
        services.criterion_remove(actor=review.world.coordinator, criterion=review.criteria[0])


def test_coordinator_sets_up_a_round_through_the_pages(client, world):
    client.force_login(world.coordinator)
    project = make_project(world.process, budget_total=Decimal("1000"), summary={"ro": "Rezumat"})
    response = client.post(
        reverse("portfolio:review_round_new", args=[world.process.slug]),
        {
            "title_hu": "Tavaszi bírálat",
            "reviewers_per_project": "1",
            "eligibility_checks": ["budget_present"],
            "deadline": "2099-05-01T12:00",
        },
    )
    round = ReviewRound.objects.get(process=world.process)
    assert response.status_code == 302
    new_criterion = reverse("portfolio:review_criterion_new", args=[world.process.slug, round.pk])
    response = client.post(
        new_criterion,
        {"name_hu": "Relevancia", "weight": "1", "scale_min": "1", "scale_max": "1"},
    )
    assert "A legmagasabb" in response.content.decode() or response.status_code == 200
    assert not round.criteria.exists()
    client.post(
        new_criterion, {"name_hu": "Relevancia", "weight": "1", "scale_min": "1", "scale_max": "5"}
    )
    client.post(
        reverse("portfolio:review_entries", args=[world.process.slug, round.pk]), {"mode": "all"}
    )
    client.post(reverse("portfolio:review_assign", args=[world.process.slug, round.pk]))
    client.post(
        reverse("portfolio:review_status", args=[world.process.slug, round.pk]), {"target": "open"}
    )
    round.refresh_from_db()
    assert round.status == "open"
    assert round.assignments.get().project == project
    page = client.get(reverse("portfolio:review_round", args=[world.process.slug, round.pk]))
    assert "Relevancia" in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reviewers_per_project", "0"),
        ("reviewers_per_project", "sok"),
        ("deadline", "holnap"),
        ("eligibility_checks", "no_such_check"),
        ("title_hu", ""),
    ],
)
def test_round_form_refuses_bad_input(client, world, field, value):
    client.force_login(world.coordinator)
    data = {"title_hu": "Bírálat", "reviewers_per_project": "2", field: value}
    response = client.post(reverse("portfolio:review_round_new", args=[world.process.slug]), data)
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()
    assert not ReviewRound.objects.exists()


# --- who may do what ------------------------------------------------------------------------

PAGES = ("review_round", "review_progress", "review_entries", "review_criterion_new")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", 200),
        ("facilitator", 403),
        ("expert", 403),
        ("member", 403),
        ("decision_maker", 403),
        ("outsider", 403),
        ("elsewhere", 403),
        ("anonymous", 302),
    ],
)
def test_round_management_per_role(client, review, who, expected):
    if who == "elsewhere":
        person = make_user("elsewhere@example.org")
        ProcessRole.objects.create(process=make_process(), user=person, role="coordinator")
        client.force_login(person)
    elif who != "anonymous":
        client.force_login(review.world.user(who))
    for name in PAGES:
        assert client.get(_url(review, name)).status_code == expected, name
    assert client.post(_url(review, "review_assign")).status_code == (
        302 if who == "coordinator" else expected
    )
    assert not review.round.assignments.exists() or who == "coordinator"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", 200),
        ("expert", 200),
        ("facilitator", 403),
        ("member", 403),
        ("decision_maker", 403),
    ],
)
def test_review_index_per_role(client, review, who, expected):
    client.force_login(review.world.user(who))
    url = reverse("portfolio:review_index", args=[review.process.slug])
    assert client.get(url).status_code == expected
    mine = client.get(reverse("portfolio:review_mine", args=[review.process.slug]))
    assert mine.status_code == (200 if who == "expert" else 403)


def test_another_processs_round_is_not_found_through_this_address(client, review):
    other = make_process()
    coordinator = make_user("other-coord@example.org")
    ProcessRole.objects.create(process=other, user=coordinator, role="coordinator")
    client.force_login(coordinator)
    url = reverse("portfolio:review_round", args=[other.slug, review.round.pk])
    assert client.get(url).status_code == 404


def test_someone_elses_assignment_is_not_found(client, review):
    _assign_and_open(review)
    theirs = (
        review.round.assignments.filter(status=A.ASSIGNED).exclude(reviewer=review.expert2).first()
    )
    client.force_login(review.expert2)
    assert client.get(_url(review, "review_assignment", theirs.pk)).status_code == 404
    assert (
        client.post(_url(review, "review_declare", theirs.pk), {"kind": "none"}).status_code == 404
    )
    assert not ConflictDeclaration.objects.filter(detected=False).exists()


# --- conflicts of interest ------------------------------------------------------------------


def test_expert_of_the_lead_organisation_is_kept_out_automatically(review):
    plan = _assign_and_open(review)
    first = review.projects[0]
    kept_out = _assignment(review, review.insider, first)
    assert kept_out.status == A.CONFLICT
    assert kept_out.declaration.detected
    assert plan.complete
    assert set(
        review.round.assignments.filter(project=first, status=A.ASSIGNED).values_list(
            "reviewer_id", flat=True
        )
    ) == {review.expert.pk, review.expert2.pk}
    assert ActivityLog.objects.filter(
        verb="review_assignment.conflict_detected", target_id=str(kept_out.pk)
    ).exists()
    # Assigning again changes nothing and never puts the insider on the project.
    again = services.assignments_auto(actor=review.world.coordinator, round=review.round)
    assert again.pairs == []


def test_partner_organisation_member_is_kept_out_too(review):
    partner_member = make_user("partner@example.org")
    ProcessRole.objects.create(process=review.process, user=partner_member, role="expert")
    partner = make_organisation(name="Partner Egyesület")
    Membership.objects.create(user=partner_member, organisation=partner)
    review.projects[1].partners.add(partner)
    _assign_and_open(review)
    row = _assignment(review, partner_member, review.projects[1])
    assert row.status == A.CONFLICT
    assert "partner" in row.declaration.note


def test_manual_assignment_of_a_conflicted_expert_is_refused(review):
    _assign_and_open(review)
    outsider_expert = make_user("x@example.org")
    ProcessRole.objects.create(process=review.process, user=outsider_expert, role="expert")
    Membership.objects.create(user=outsider_expert, organisation=review.world.other_organisation)
    row = services.assignment_add(
        actor=review.world.coordinator,
        round=review.round,
        project=review.projects[1],
        reviewer=outsider_expert,
    )
    assert row.status == A.CONFLICT and row.declaration.detected
    assert _assignment(review, outsider_expert, review.projects[1]).status == A.CONFLICT
    assert ActivityLog.objects.filter(
        verb="review_assignment.conflict_detected", target_id=str(row.pk)
    ).exists()


def test_manual_add_and_remove_are_logged(review):
    _assign_and_open(review)
    row = review.round.assignments.filter(status=A.ASSIGNED).first()
    services.assignment_remove(actor=review.world.coordinator, assignment=row)
    row.refresh_from_db()
    assert row.status == A.REMOVED
    services.assignment_add(
        actor=review.world.coordinator,
        round=review.round,
        project=row.project,
        reviewer=row.reviewer,
    )
    row.refresh_from_db()
    assert row.status == A.ASSIGNED and row.manual
    verbs = set(ActivityLog.objects.filter(target_id=str(row.pk)).values_list("verb", flat=True))
    assert {"review_assignment.removed", "review_assignment.added"} <= verbs


def test_non_expert_cannot_be_assigned(review):
    _assign_and_open(review)
    with pytest.raises(ValidationError):
        services.assignment_add(
            actor=review.world.coordinator,
            round=review.round,
            project=review.projects[1],
            reviewer=review.world.member,
        )


def test_declared_conflict_removes_the_assignment(client, review):
    _assign_and_open(review)
    row = _assignment(review, review.expert, review.projects[1])
    client.force_login(review.expert)
    page = client.get(_url(review, "review_assignment", row.pk)).content.decode()
    assert "REV-2" not in page  # the project's card is not shown before the declaration
    response = client.post(
        _url(review, "review_declare", row.pk), {"kind": "family", "note": "A sógorom vezeti."}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == A.CONFLICT
    assert row.declaration.kind == "family" and not row.declaration.detected
    assert ActivityLog.objects.filter(verb="review_assignment.conflict_declared").exists()
    response = client.post(_url(review, "review_assignment", row.pk), _full_post(review))
    assert not Review.objects.exists()


def test_other_conflict_needs_a_note(client, review):
    _assign_and_open(review)
    row = _assignment(review, review.expert, review.projects[1])
    client.force_login(review.expert)
    client.post(_url(review, "review_declare", row.pk), {"kind": "other", "note": " "})
    assert not ConflictDeclaration.objects.filter(assignment=row).exists()


def test_conflict_found_at_declaration_time(review):
    _assign_and_open(review)
    row = review.round.assignments.filter(reviewer=review.expert2, status=A.ASSIGNED).first()
    # The expert joined the lead organisation after being assigned, and declares none.
    Membership.objects.create(user=review.expert2, organisation=row.project.lead_organisation)
    declaration = _declare_none(review, review.expert2, row.project)
    row.refresh_from_db()
    assert declaration.detected and declaration.is_conflict
    assert row.status == A.CONFLICT


# --- scoring --------------------------------------------------------------------------------


def test_draft_then_submit_locks(client, review):
    _assign_and_open(review)
    project = review.projects[1]
    row = _assignment(review, review.expert, project)
    client.force_login(review.expert)
    client.post(_url(review, "review_declare", row.pk), {"kind": "none"})
    page = client.get(_url(review, "review_assignment", row.pk)).content.decode()
    assert project.code in page and "Relevancia" in page
    draft = {f"score_{review.criteria[0].pk}": "2", "save": "1"}
    assert client.post(_url(review, "review_assignment", row.pk), draft).status_code == 302
    saved = Review.objects.get(assignment=row)
    assert saved.status == "draft" and saved.scores.get().value == 2
    response = client.post(_url(review, "review_assignment", row.pk), _full_post(review))
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.status == "submitted" and saved.submitted_at
    assert sorted(saved.scores.values_list("value", flat=True)) == [3, 4, 5]
    # Locked: a later change is refused with a message and changes nothing.
    response = client.post(
        _url(review, "review_assignment", row.pk),
        _full_post(review, recommendation="no"),
        follow=True,
    )
    saved.refresh_from_db()
    assert saved.recommendation == "fund"
    with translation.override("hu"):
        locked = gettext("This review is submitted; only a coordinator can reopen it.")
    assert locked in response.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"score": ""}, "score"),
        ({"reason": ""}, "reason"),
        ({"score": "9"}, "between"),
        ({"score": "három"}, "between"),
        ({"recommendation": ""}, "recommendation"),
        ({"recommendation": "talán"}, "recommendation"),
    ],
)
def test_submission_refuses_bad_input(client, review, settings, change, message):
    settings.LANGUAGE_CODE = "en"
    _assign_and_open(review)
    row = _assignment(review, review.expert, review.projects[1])
    _declare_none(review, review.expert, review.projects[1])
    client.force_login(review.expert)
    first = review.criteria[0]  # the criterion that requires a reason
    data = _full_post(review)
    if "score" in change:
        data[f"score_{first.pk}"] = change["score"]
    if "reason" in change:
        data[f"reason_{first.pk}"] = change["reason"]
    if "recommendation" in change:
        data["recommendation"] = change["recommendation"]
    response = client.post(
        _url(review, "review_assignment", row.pk), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "form-errors" in body and message in body.lower()
    assert not Review.objects.filter(status="submitted").exists()


def test_scoring_refused_when_round_not_open_or_after_deadline(client, review, settings):
    settings.LANGUAGE_CODE = "en"
    _assign_and_open(review)
    row = _assignment(review, review.expert, review.projects[1])
    _declare_none(review, review.expert, review.projects[1])
    ReviewRound.objects.filter(pk=review.round.pk).update(
        deadline=timezone.now() - dt.timedelta(hours=1)
    )
    client.force_login(review.expert)
    response = client.post(
        _url(review, "review_assignment", row.pk), _full_post(review), follow=True
    )
    assert "The deadline of this review round has passed." in response.content.decode()
    assert not Review.objects.exists()
    ReviewRound.objects.filter(pk=review.round.pk).update(deadline=None, status="closed")
    response = client.post(
        _url(review, "review_assignment", row.pk), _full_post(review), follow=True
    )
    assert "This review round is not open for reviews." in response.content.decode()
    assert not Review.objects.exists()


def test_blind_review_hides_others_scores(client, review):
    _assign_and_open(review)
    project = review.projects[1]
    reviewers = list(
        review.round.assignments.filter(project=project, status=A.ASSIGNED).order_by("pk")
    )
    first, second = reviewers[0], reviewers[1]
    for row in (first, second):
        _declare_none(review, row.reviewer, project)
    _submit(review, first, 5, "Kiváló, egyedülálló kezdeményezés", "fund")
    client.force_login(second.reviewer)
    page = client.get(_url(review, "review_assignment", second.pk)).content.decode()
    assert "Kiváló, egyedülálló" not in page
    ReviewRound.objects.filter(pk=review.round.pk).update(reviewers_see_others=True)
    page = client.get(_url(review, "review_assignment", second.pk)).content.decode()
    assert "Kiváló, egyedülálló" in page
    assert first.reviewer.public_name not in page  # others are shown without their names


def test_reopen_needs_a_reason_and_is_logged(client, review):
    _assign_and_open(review)
    row = _assignment(review, review.expert, review.projects[1])
    _declare_none(review, review.expert, review.projects[1])
    done = _submit(review, row, 3, "Átlagos terv", "maybe")
    client.force_login(review.world.coordinator)
    url = _url(review, "review_reopen", row.pk)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "form-errors" in response.content.decode()
    done.refresh_from_db()
    assert done.status == "submitted"
    client.post(url, {"reason": "A költségvetés megváltozott."})
    done.refresh_from_db()
    assert done.status == "draft" and done.reopened_reason == "A költségvetés megváltozott."
    assert ActivityLog.objects.filter(verb="review.reopened").exists()
    # The reviewer sees why, and may score again.
    client.force_login(review.expert)
    page = client.get(_url(review, "review_assignment", row.pk)).content.decode()
    assert "A költségvetés megváltozott." in page
    client.post(_url(review, "review_assignment", row.pk), _full_post(review))
    done.refresh_from_db()
    assert done.status == "submitted"


def test_expert_cannot_reopen(client, review):
    _assign_and_open(review)
    row = _assignment(review, review.expert, review.projects[1])
    _declare_none(review, review.expert, review.projects[1])
    _submit(review, row, 3, "Átlagos terv", "maybe")
    client.force_login(review.expert)
    assert client.post(_url(review, "review_reopen", row.pk), {"reason": "x"}).status_code == 403


def test_expertise_page_saves_domains_and_steers_assignment(client, review):
    client.force_login(review.expert2)
    url = reverse("portfolio:review_expertise", args=[review.process.slug])
    client.post(url, {"domains": [review.music.pk]})
    assert list(ReviewerExpertise.objects.get(reviewer=review.expert2).domains.all()) == [
        review.music
    ]
    services.round_entries_set(actor=review.world.coordinator, round=review.round)
    services.assignments_auto(actor=review.world.coordinator, round=review.round)
    assert _assignment(review, review.expert2, review.projects[1]).status == A.ASSIGNED


def test_my_reviews_lists_states(client, review):
    _assign_and_open(review)
    _declare_none(review, review.expert, review.projects[1])
    client.force_login(review.expert)
    page = client.get(reverse("portfolio:review_mine", args=[review.process.slug])).content.decode()
    assert page.count("review-waiting") + page.count("review-declared") == len(
        review.round.assignments.filter(reviewer=review.expert, status=A.ASSIGNED)
    )


# --- progress and reminders -----------------------------------------------------------------


def test_progress_board_and_reminders(client, review):
    _assign_and_open(review)
    row = _assignment(review, review.expert, review.projects[1])
    _declare_none(review, review.expert, review.projects[1])
    _submit(review, row, 4, "Megalapozott", "fund")
    NotificationPreference.objects.create(user=review.expert2, kind="announcements", email=False)
    client.force_login(review.world.coordinator)
    board = client.get(_url(review, "review_progress")).content.decode()
    assert "Belső Szakértő" in board  # the insider's detected conflict is shown
    response = client.post(_url(review, "review_remind"), follow=True)
    assert response.status_code == 200
    # expert and insider still have unfinished reviews; expert2 turned these e-mails off.
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([review.expert.email, review.insider.email])
    assert ActivityLog.objects.filter(verb="review_round.reminded").get().changes["sent"] == 2
    assert review.round.title["hu"] in mail.outbox[0].body


def test_reminders_only_while_open(review):
    with pytest.raises(ValidationError):
        services.review_reminders_send(actor=review.world.coordinator, round=review.round)


def _grow(s, n):
    """n more projects in the round, each with two assignments and a submitted review."""
    reviewers = [s.expert, s.expert2]
    for _ in range(n):
        project = make_project(s.process, budget_total=Decimal("1"), summary={"hu": "x"})
        RoundProject.objects.create(round=s.round, project=project)
        for reviewer in reviewers:
            row = ReviewAssignment.objects.create(round=s.round, project=project, reviewer=reviewer)
            ConflictDeclaration.objects.create(assignment=row, kind="none")
            Review.objects.create(assignment=row, status="submitted", recommendation="fund")


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("review_progress", "coordinator"),
        ("review_round", "coordinator"),
        ("review_mine", "expert"),
    ],
)
def test_query_counts_do_not_grow(client, review, django_assert_max_num_queries, name, who):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _assign_and_open(review)
    client.force_login(review.world.user(who))
    url = (
        reverse("portfolio:review_mine", args=[review.process.slug])
        if name == "review_mine"
        else _url(review, name)
    )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _grow(review, 3)
    few = count()
    _grow(review, 30)
    assert count() == few


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("reviewer", 200),
        ("coordinator", 200),
        ("facilitator", 404),
        ("member", 404),
        ("decision_maker", 404),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_scoring_page_per_role(client, review, who, expected):
    _assign_and_open(review)
    row = review.round.assignments.filter(reviewer=review.expert, status=A.ASSIGNED).first()
    if who == "reviewer":
        client.force_login(review.expert)
    elif who != "anonymous":
        client.force_login(review.world.user(who))
    url = _url(review, "review_assignment", row.pk)
    assert client.get(url).status_code == expected
    response = client.post(url, _full_post(review))
    assert response.status_code in {"reviewer": (302,), "coordinator": (302,)}.get(who, (expected,))
    assert not Review.objects.exists()  # nobody scored: the reviewer has not declared yet
