"""Reports, the moderation queue, hiding and restoring comments and contributions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cultiva.core.models import ActivityLog
from cultiva.ideas.engagement import services
from cultiva.ideas.models import Comment, Contribution, Notification, Report
from tests.factories import make_contribution, make_user
from tests.ideas.test_engagement import ROLES, login, outcome, render_panel

MODERATORS = {"facilitator", "coordinator"}


@pytest.fixture
def author(world):
    return make_user("author@example.org")


@pytest.fixture
def contribution(world, author):
    return make_contribution(world.process, author, title="Tájház felújítása")


@pytest.fixture
def comment(world, contribution):
    return services.comment_create(
        contribution=contribution, author=world.outsider, body="Ez egy csúnya hozzászólás."
    )


# --- reports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_report_contribution_per_role(client, world, contribution, role):
    login(client, world, role)
    response = client.post(reverse("ideas:report", args=[contribution.pk]), {"reason": "Sértő"})
    if role == "anonymous":
        assert outcome(response) == "login"
        assert not Report.objects.exists()
    else:
        assert response.status_code == 302
        assert Report.objects.get().reporter == world.user(role)


@pytest.mark.parametrize("role", ROLES)
def test_report_comment_per_role(client, world, comment, role):
    login(client, world, role)
    response = client.post(reverse("ideas:comment_report", args=[comment.pk]), {"reason": "Spam"})
    if role == "anonymous":
        assert outcome(response) == "login"
        assert not Report.objects.exists()
    else:
        assert response.status_code == 302
        assert Report.objects.get().comment == comment


def test_report_only_once_per_person(client, world, contribution, comment):
    services.report_create(reporter=world.member, reason="Sértő", contribution=contribution)
    with pytest.raises(ValidationError):
        services.report_create(reporter=world.member, reason="Megint", contribution=contribution)
    client.force_login(world.member)
    client.post(reverse("ideas:report", args=[contribution.pk]), {"reason": "Harmadszor"})
    assert Report.objects.count() == 1
    # Another target or another person is fine.
    services.report_create(reporter=world.member, reason="Spam", comment=comment)
    services.report_create(reporter=world.outsider, reason="Sértő", contribution=contribution)
    assert Report.objects.count() == 3
    assert ActivityLog.objects.filter(verb="report.created").count() == 3


def test_report_bad_input(client, world, contribution):
    client.force_login(world.member)
    url = reverse("ideas:report", args=[contribution.pk])
    assert client.post(url, {"reason": ""}).status_code == 302
    assert client.post(url, {"reason": "x" * 301}).status_code == 302
    assert (
        client.post(reverse("ideas:comment_report", args=[999999]), {"reason": "a"}).status_code
        == 404
    )
    assert not Report.objects.exists()


def test_panel_shows_already_reported(world, contribution, comment):
    services.report_create(reporter=world.member, reason="Spam", comment=comment)
    html = render_panel(contribution, world.member)
    assert f'action="{reverse("ideas:comment_report", args=[comment.pk])}"' not in html


# --- moderation queue ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_queue_per_role(client, world, role):
    login(client, world, role)
    response = client.get(reverse("ideas:moderation", args=[world.process.slug]))
    expected = "login" if role == "anonymous" else 200 if role in MODERATORS else 403
    assert outcome(response) == expected


def test_queue_lists_open_reports_with_target(client, world, contribution, comment):
    services.report_create(reporter=world.member, reason="Rágalom", contribution=contribution)
    services.report_create(reporter=world.member, reason="Spam", comment=comment)
    client.force_login(world.facilitator)
    html = client.get(reverse("ideas:moderation", args=[world.process.slug])).content.decode()
    assert "Rágalom" in html and "Tájház felújítása" in html
    assert "Spam" in html and "csúnya hozzászólás" in html


def test_queue_query_count_does_not_grow(client, world, contribution):
    def add(n):
        for i in range(n):
            person = make_user()
            if i % 2:
                target = Comment.objects.create(
                    contribution=contribution, author=world.member, body=f"c{i}"
                )
                Report.objects.create(comment=target, reporter=person, reason=f"r{i}")
            else:
                other = make_contribution(world.process, world.member)
                Report.objects.create(contribution=other, reporter=person, reason=f"r{i}")

    client.force_login(world.facilitator)
    url = reverse("ideas:moderation", args=[world.process.slug])
    add(10)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(90)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count('class="card"') >= 100
    assert len(many) == len(few)


# --- hiding and restoring comments -----------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_hide_comment_per_role(client, world, comment, role):
    login(client, world, role)
    response = client.post(reverse("ideas:comment_hide", args=[comment.pk]), {"reason": "Spam"})
    comment.refresh_from_db()
    if role == "anonymous":
        assert outcome(response) == "login"
    elif role in MODERATORS:
        assert response.status_code == 302
        assert comment.is_hidden and comment.hidden_by == world.user(role)
        return
    else:
        assert response.status_code == 403
    assert not comment.is_hidden


def test_hide_and_restore_comment_logged_with_reason(world, comment):
    services.report_create(reporter=world.member, reason="Spam", comment=comment)
    services.comment_hide(comment=comment, actor=world.facilitator, reason="Reklám")
    log = ActivityLog.objects.get(verb="comment.hidden")
    assert log.changes["reason"] == "Reklám"
    assert log.changes["is_hidden"] == [False, True]
    assert Report.objects.get().resolved_by == world.facilitator
    assert Notification.objects.filter(person=world.outsider, verb="comment.hidden").exists()
    services.comment_restore(comment=comment, actor=world.coordinator, reason="Tévedés")
    comment.refresh_from_db()
    assert not comment.is_hidden and comment.hidden_reason == ""
    log = ActivityLog.objects.get(verb="comment.restored")
    assert log.changes["reason"] == "Tévedés"
    assert log.changes["hidden_reason"] == ["Reklám", ""]


def test_hide_needs_a_reason(client, world, comment):
    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, actor=world.facilitator, reason="  ")
    client.force_login(world.facilitator)
    client.post(reverse("ideas:comment_hide", args=[comment.pk]), {"reason": ""})
    comment.refresh_from_db()
    assert not comment.is_hidden
    with pytest.raises(PermissionDenied):
        services.comment_hide(comment=comment, actor=world.member, reason="Spam")


def test_hidden_comment_text_only_for_moderators(world, contribution, comment):
    services.comment_hide(comment=comment, actor=world.facilitator, reason="Sértő tartalom")
    for user in (world.member, world.outsider):
        html = render_panel(contribution, user)
        assert "Sértő tartalom" in html
        assert "csúnya hozzászólás" not in html
    html = render_panel(contribution, world.coordinator)
    assert "csúnya hozzászólás" in html
    assert reverse("ideas:comment_restore", args=[comment.pk]) in html


# --- hiding and restoring contributions ------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_hide_contribution_per_role(client, world, contribution, role):
    login(client, world, role)
    response = client.post(reverse("ideas:hide", args=[contribution.pk]), {"reason": "Spam"})
    contribution.refresh_from_db()
    if role == "anonymous":
        assert outcome(response) == "login"
    elif role in MODERATORS:
        assert response.status_code == 302
        assert contribution.status == Contribution.Status.HIDDEN
        return
    else:
        assert response.status_code == 403
    assert contribution.status == Contribution.Status.SUBMITTED


def test_hide_and_restore_contribution(client, world, contribution, author):
    services.report_create(reporter=world.member, reason="Rágalom", contribution=contribution)
    client.force_login(world.facilitator)
    client.post(
        reverse("ideas:hide", args=[contribution.pk]),
        {"reason": "Személyes adatok", "next": "queue"},
    )
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.HIDDEN
    log = ActivityLog.objects.get(verb="contribution.hidden")
    assert log.changes == {"status": ["submitted", "hidden"], "reason": "Személyes adatok"}
    assert Report.objects.get().resolved_at is not None
    assert Notification.objects.filter(person=author, verb="contribution.hidden").exists()
    # The public can no longer reach it.
    client.force_login(world.member)
    assert client.post(reverse("ideas:support", args=[contribution.pk])).status_code == 404
    client.force_login(world.coordinator)
    client.post(reverse("ideas:restore", args=[contribution.pk]), {"reason": ""})
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.SUBMITTED
    assert Notification.objects.filter(person=author, verb="contribution.restored").exists()


def test_hiding_a_promoted_contribution_is_refused_kindly(client, world, author):
    promoted = make_contribution(world.process, author, status="in_portfolio")
    client.force_login(world.facilitator)
    response = client.post(reverse("ideas:hide", args=[promoted.pk]), {"reason": "x"})
    assert response.status_code == 302
    promoted.refresh_from_db()
    assert promoted.status == "in_portfolio"


@pytest.mark.parametrize("role", ROLES)
def test_resolve_report_per_role(client, world, contribution, role):
    report = services.report_create(reporter=world.member, reason="?", contribution=contribution)
    login(client, world, role)
    response = client.post(reverse("ideas:report_resolve", args=[report.pk]))
    report.refresh_from_db()
    if role == "anonymous":
        assert outcome(response) == "login"
    elif role in MODERATORS:
        assert response.status_code == 302
        assert report.resolved_by == world.user(role)
        assert ActivityLog.objects.filter(verb="report.resolved").exists()
        return
    else:
        assert response.status_code == 403
    assert report.resolved_at is None
