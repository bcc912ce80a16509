"""Supports, follows, threaded comments and notifications on contributions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cultiva.core.models import ActivityLog
from cultiva.ideas import rules
from cultiva.ideas.engagement import notifications, selectors, services
from cultiva.ideas.models import Comment, Follow, Notification, Support
from cultiva.processes.models import Phase
from tests.factories import make_contribution, make_user

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator"]


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


@pytest.fixture
def author(world):
    return make_user("author@example.org")


@pytest.fixture
def contribution(world, author):
    return make_contribution(world.process, author, title="Tájház felújítása")


def close_voting(process):
    Phase.objects.filter(process=process).update(accepts_votes=False)


def render_panel(contribution, user):
    request = RequestFactory().get(reverse("ideas:detail", args=[contribution.pk]))
    request.user = user
    template = Template("{% load ideas_engagement %}{% engagement_panel contribution %}")
    return template.render(RequestContext(request, {"contribution": contribution}))


# --- support ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("outsider", True),
        ("member", True),
        ("facilitator", True),
        ("coordinator", True),
    ],
)
def test_support_per_role(client, world, contribution, role, expected):
    login(client, world, role)
    response = client.post(reverse("ideas:support", args=[contribution.pk]))
    if expected == "login":
        assert outcome(response) == "login"
        assert not Support.objects.exists()
    else:
        assert response.status_code == 302
        assert Support.objects.filter(contribution=contribution, person=world.user(role)).exists()


def test_support_toggles_and_logs(world, contribution):
    assert services.support_toggle(contribution=contribution, person=world.member) is True
    assert services.support_toggle(contribution=contribution, person=world.member) is False
    assert not Support.objects.exists()
    verbs = list(ActivityLog.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs == ["contribution.supported", "contribution.support_withdrawn"]


def test_support_outside_voting_phase_refused_with_reason(client, world, contribution):
    close_voting(world.process)
    verdict = rules.can_support(world.member, contribution)
    assert not verdict and verdict.reason
    client.force_login(world.member)
    response = client.post(reverse("ideas:support", args=[contribution.pk]), follow=True)
    assert not Support.objects.exists()
    assert verdict.reason in [str(m) for m in response.context["messages"]]
    with pytest.raises(PermissionDenied):
        services.support_toggle(contribution=contribution, person=world.member)


def test_support_on_hidden_contribution_is_404_for_public(client, world, author):
    hidden = make_contribution(world.process, author, status="hidden")
    client.force_login(world.member)
    assert client.post(reverse("ideas:support", args=[hidden.pk])).status_code == 404


def test_support_only_by_post(client, world, contribution):
    client.force_login(world.member)
    assert client.get(reverse("ideas:support", args=[contribution.pk])).status_code == 405


# --- follow ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_follow_per_role(client, world, contribution, role):
    login(client, world, role)
    response = client.post(reverse("ideas:follow", args=[contribution.pk]))
    if role == "anonymous":
        assert outcome(response) == "login"
        assert not Follow.objects.exists()
    else:
        assert response.status_code == 302
        assert Follow.objects.filter(person=world.user(role)).exists()
        client.post(reverse("ideas:follow", args=[contribution.pk]))
        assert not Follow.objects.exists()


# --- comments --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_comment_per_role(client, world, contribution, role):
    login(client, world, role)
    response = client.post(
        reverse("ideas:comment_create", args=[contribution.pk]), {"body": "Jó ötlet!"}
    )
    if role == "anonymous":
        assert outcome(response) == "login"
        assert not Comment.objects.exists()
    else:
        assert response.status_code == 302
        comment = Comment.objects.get()
        assert comment.author == world.user(role)
        assert f"#comment-{comment.pk}" in response["Location"]


def test_comment_logs_and_auto_follows(world, contribution):
    comment = services.comment_create(contribution=contribution, author=world.member, body=" Jó ")
    assert comment.body == "Jó"
    assert Follow.objects.filter(contribution=contribution, person=world.member).exists()
    assert ActivityLog.objects.filter(verb="comment.created", target_id=str(comment.pk)).exists()


def test_comment_bad_input_keeps_text(client, world, contribution):
    client.force_login(world.member)
    url = reverse("ideas:comment_create", args=[contribution.pk])
    long_text = "x" * 2001
    response = client.post(url, {"body": long_text})
    assert response.status_code == 400
    assert long_text in response.content.decode()
    assert client.post(url, {"body": "   "}).status_code == 400
    assert client.post(url, {"body": "ok", "parent": "999999"}).status_code == 400
    assert client.post(url, {"body": "ok", "parent": "abc"}).status_code == 400
    assert not Comment.objects.exists()
    with pytest.raises(ValidationError):
        services.comment_create(contribution=contribution, author=world.member, body="y" * 2001)


def test_comment_on_draft_refused(client, world, author):
    draft = make_contribution(world.process, author, status="draft")
    with pytest.raises(PermissionDenied):
        services.comment_create(contribution=draft, author=author, body="hi")


def test_threads_stop_at_three_levels(world, contribution):
    def say(parent=None):
        return services.comment_create(
            contribution=contribution, author=world.member, body="szia", parent=parent
        )

    level1 = say()
    level2 = say(level1)
    level3 = say(level2)
    level4 = say(level3)  # attaches beside level3, under level2
    assert level4.parent == level2
    assert say(level4).parent == level2
    tree = selectors.comment_tree(contribution=contribution)
    assert [n.comment for n in tree] == [level1]
    assert [n.comment for n in tree[0].replies] == [level2]
    assert [n.depth for n in tree[0].replies[0].replies] == [3, 3, 3]


def test_reply_to_another_contributions_comment_refused(world, contribution, author):
    other = make_contribution(world.process, author)
    foreign = services.comment_create(contribution=other, author=world.member, body="a")
    with pytest.raises(ValidationError):
        services.comment_create(
            contribution=contribution, author=world.member, body="b", parent=foreign
        )


def test_xss_in_comment_is_escaped(world, contribution):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    services.comment_create(contribution=contribution, author=world.member, body=payload)
    html = render_panel(contribution, world.outsider)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_panel_for_anonymous_shows_login(world, contribution):
    services.comment_create(contribution=contribution, author=world.member, body="Szép")
    html = render_panel(contribution, AnonymousUser())
    assert "Szép" in html
    assert reverse("account_login") in html


def test_panel_query_count_does_not_grow_with_comments(world, contribution):
    def add(n):
        parent = None
        for i in range(n):
            parent = Comment.objects.create(
                contribution=contribution,
                author=world.member if i % 2 else world.outsider,
                body=f"hozzászólás {i}",
                parent=parent if i % 3 else None,
                is_hidden=i % 7 == 0,
                hidden_reason="spam" if i % 7 == 0 else "",
                hidden_by=world.facilitator if i % 7 == 0 else None,
            )

    add(10)
    render_panel(contribution, world.facilitator)  # warm caches (content types, roles)
    with CaptureQueriesContext(connection) as few:
        render_panel(contribution, world.facilitator)
    add(90)
    with CaptureQueriesContext(connection) as many:
        html = render_panel(contribution, world.facilitator)
    assert html.count('class="comment depth-') == 100
    assert len(many) == len(few)


# --- notifications ---------------------------------------------------------------------------


def test_comment_notifies_followers_and_author_not_actor(
    world, contribution, author, django_capture_on_commit_callbacks
):
    Follow.objects.create(contribution=contribution, person=world.outsider)
    Follow.objects.create(contribution=contribution, person=world.member)
    Follow.objects.create(contribution=contribution, person=author)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(contribution=contribution, author=world.member, body="Hajrá")
    assert set(Notification.objects.values_list("person__email", "verb")) == {
        ("outsider@example.org", "contribution.followed_commented"),
        ("author@example.org", "contribution.commented"),
    }
    # Only "your contribution was commented" goes out by e-mail.
    assert [m.to for m in mail.outbox] == [["author@example.org"]]
    assert "/contributions/" in mail.outbox[0].body


def test_own_comment_on_own_contribution_notifies_nobody(
    world, contribution, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(contribution=contribution, author=author, body="Kiegészítés")
    assert not Notification.objects.exists()
    assert not mail.outbox


def test_notify_followers_excludes(world, contribution):
    Follow.objects.create(contribution=contribution, person=world.outsider)
    Follow.objects.create(contribution=contribution, person=world.member)
    rows = notifications.notify_followers(
        contribution, "custom", "Hír", "/x/", exclude=world.member
    )
    assert [r.person for r in rows] == [world.outsider]


def test_notify_promoted_tells_author_by_email_and_followers(
    world, contribution, author, django_capture_on_commit_callbacks
):
    Follow.objects.create(contribution=contribution, person=world.outsider)

    class Project:
        code = "P-0001"

    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_promoted(
            contribution=contribution, project=Project(), actor=world.coordinator
        )
    verbs = dict(Notification.objects.values_list("person__email", "verb"))
    assert verbs == {
        "author@example.org": "contribution.promoted",
        "outsider@example.org": "contribution.followed_promoted",
    }
    assert [m.to for m in mail.outbox] == [["author@example.org"]]
    assert "P-0001" in Notification.objects.get(person=author).text


@pytest.mark.parametrize("role", ROLES)
def test_notification_page_per_role(client, world, role):
    login(client, world, role)
    response = client.get(reverse("ideas:notifications"))
    assert outcome(response) == ("login" if role == "anonymous" else 200)


def test_notifications_page_shows_only_mine_and_marks_read(client, world, contribution):
    mine = Notification.objects.create(person=world.member, verb="v", text="Az enyém", url="/a/")
    Notification.objects.create(person=world.outsider, verb="v", text="Másé")
    client.force_login(world.member)
    assert notifications.unread_count(world.member) == 1
    html = client.get(reverse("ideas:notifications")).content.decode()
    assert "Az enyém" in html and "Másé" not in html
    response = client.post(reverse("ideas:notifications_read"), {"notification": mine.pk})
    assert response["Location"] == "/a/"
    assert notifications.unread_count(world.member) == 0
    evil = Notification.objects.create(person=world.member, verb="v", text="2", url="//x.org/")
    response = client.post(reverse("ideas:notifications_read"), {"notification": evil.pk})
    assert response["Location"] == reverse("ideas:notifications")
    Notification.objects.create(person=world.member, verb="v", text="3")
    client.post(reverse("ideas:notifications_read"), {"notification": "junk"})
    assert notifications.unread_count(world.member) == 0
    assert Notification.objects.get(person=world.outsider).read_at is None


def test_unread_context_processor_is_lazy(world):
    request = RequestFactory().get("/")
    request.user = world.member
    Notification.objects.create(person=world.member, verb="v", text="x")
    with CaptureQueriesContext(connection) as queries:
        context = notifications.unread_notifications(request)
    assert len(queries) == 0
    assert int(str(context["unread_notifications"])) == 1
    request.user = AnonymousUser()
    assert str(notifications.unread_notifications(request)["unread_notifications"]) == "0"


def test_notification_email_in_person_language(
    world, contribution, author, django_capture_on_commit_callbacks
):
    author.preferred_language = "en"
    author.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(contribution=contribution, author=world.member, body="Hi")
    assert mail.outbox and "contribution" in mail.outbox[0].subject.lower()
    assert timezone.now() - Notification.objects.get().created_at < dt.timedelta(minutes=1)


def test_reply_to_a_hidden_comment_refused_on_the_site_and_in_the_service(
    client, world, contribution
):
    hidden = services.comment_create(contribution=contribution, author=world.outsider, body="x")
    services.comment_hide(comment=hidden, actor=world.facilitator, reason="sértő")
    client.force_login(world.member)
    url = reverse("ideas:comment_create", args=[contribution.pk])
    response = client.post(url, {"body": "Válasz", "parent": str(hidden.pk)})
    assert response.status_code == 400
    assert "elrejtette" in response.content.decode()
    assert not Comment.objects.filter(parent=hidden).exists()
    # A reply that would be attached under it (three levels deep) is refused as well.
    visible = services.comment_create(contribution=contribution, author=world.member, body="y")
    level2 = services.comment_create(
        contribution=contribution, author=world.member, body="z", parent=visible
    )
    level3 = services.comment_create(
        contribution=contribution, author=world.member, body="w", parent=level2
    )
    services.comment_hide(comment=level3, actor=world.facilitator, reason="sértő")
    level3.refresh_from_db()
    with pytest.raises(ValidationError):
        services.comment_create(
            contribution=contribution, author=world.member, body="v", parent=level3
        )
