"""Notification e-mails: each kind can be turned off, the real senders listen, and the
one-click unsubscribe link works without logging in."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cultiva.accounts import notifications
from cultiva.accounts.models import NotificationPreference
from cultiva.accounts.services import notification_preferences_set
from cultiva.core.models import ActivityLog
from cultiva.ideas.engagement import services as engagement
from cultiva.meetings.services import registration as registration_services
from tests.factories import make_contribution, make_meeting, make_user

LINK = re.compile(r"https?://\S+/unsubscribe/\S+/")


def test_every_kind_is_on_until_the_person_turns_it_off(world):
    assert all(notifications.wants(world.member, kind) for kind in notifications.KINDS)
    notification_preferences_set(person=world.member, choices={"announcements": False})
    assert not notifications.wants(world.member, "announcements")
    assert notifications.wants(world.member, "meetings")
    assert notifications.wants(world.outsider, "announcements")  # someone else's choice
    entry = ActivityLog.objects.get(verb="person.notifications_updated")
    assert entry.changes == {"on": [], "off": ["announcements"], "via": "profile"}


def test_no_one_inactive_or_unknown_kind(world):
    assert not notifications.wants(None, "announcements")
    world.member.is_active = False
    assert not notifications.wants(world.member, "announcements")
    with pytest.raises(ValueError):
        notifications.wants(world.outsider, "newsletter")


def test_a_reminder_respects_the_choice_and_carries_the_unsubscribe_link(world, mailoutbox):
    soon = timezone.now() + dt.timedelta(hours=5)
    meeting = make_meeting(world.process, starts_at=soon, reminder_hours=24)
    registration_services.registration_create(actor=world.member, meeting=meeting)
    registration_services.registration_create(actor=world.expert, meeting=meeting)
    notification_preferences_set(person=world.expert, choices={"meetings": False})
    mailoutbox.clear()

    assert registration_services.meeting_reminders_send() == 1
    assert [m.to for m in mailoutbox] == [[world.member.email]]
    message = mailoutbox[0]
    assert LINK.search(message.body)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    # The expert who turned reminders off is not asked again on the next run either.
    assert registration_services.meeting_reminders_send() == 0


def test_registration_receipts_are_always_sent(world, mailoutbox):
    for kind in notifications.KINDS:
        NotificationPreference.objects.create(user=world.member, kind=kind, email=False)
    meeting = make_meeting(world.process)
    registration_services.registration_create(actor=world.member, meeting=meeting)
    assert [m.to for m in mailoutbox] == [[world.member.email]]
    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers


def test_comment_e_mails_respect_the_authors_choice(world, django_capture_on_commit_callbacks):
    author = make_user("author@example.org")
    contribution = make_contribution(world.process, author, title="Tájház")
    with django_capture_on_commit_callbacks(execute=True):
        engagement.comment_create(contribution=contribution, author=world.member, body="Jó!")
    assert [m.to for m in mail.outbox] == [["author@example.org"]]
    assert LINK.search(mail.outbox[0].body)

    notification_preferences_set(person=author, choices={"comments": False})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        engagement.comment_create(contribution=contribution, author=world.member, body="Még!")
    assert mail.outbox == []


def test_meeting_invitation_to_a_person_respects_their_choice(world, mailoutbox):
    meeting = make_meeting(world.process)
    notification_preferences_set(person=world.outsider, choices={"invitations": False})
    registration_services.invitations_send(
        actor=world.facilitator,
        meeting=meeting,
        emails=[world.outsider.email, world.member.email, "new.person@example.org"],
    )
    assert sorted(m.to[0] for m in mailoutbox) == [world.member.email, "new.person@example.org"]


# --- the unsubscribe link -----------------------------------------------------------------


def test_unsubscribe_link_asks_then_turns_the_kind_off_without_login(world):
    url = reverse(
        "accounts:unsubscribe", args=[notifications.unsubscribe_token(world.member, "meetings")]
    )
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200
    with translation.override("hu"):
        assert str(notifications.KINDS["meetings"].label) in unescape(page.content.decode())
    assert notifications.wants(world.member, "meetings")  # a GET changes nothing

    # A mail program's one-click POST (RFC 8058): no session, no CSRF token.
    done = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert not notifications.wants(world.member, "meetings")
    assert notifications.wants(world.member, "announcements")
    entry = ActivityLog.objects.get(verb="person.notifications_updated")
    assert entry.changes["via"] == "link"
    assert entry.actor == world.member


def test_a_forged_or_damaged_link_gets_a_clear_page(world, client):
    token = notifications.unsubscribe_token(world.member, "meetings")
    forged = signing.Signer(salt="something else").sign_object({"u": world.outsider.pk, "k": "x"})
    for bad in (token[:-3] + "abc", forged, "nonsense"):
        page = client.post(reverse("accounts:unsubscribe", args=[bad]))
        assert page.status_code == 400
        assert "link" in page.content.decode().lower() or "hivatkoz" in page.content.decode()
    assert notifications.wants(world.member, "meetings")
    assert notifications.wants(world.outsider, "meetings")


def test_the_link_names_only_its_kind_and_person(world):
    token = notifications.unsubscribe_token(world.member, "announcements")
    person, kind = notifications.read_unsubscribe_token(token)
    assert (person, kind) == (world.member, "announcements")
    world.member.erased_at = timezone.now()
    world.member.save()
    assert notifications.read_unsubscribe_token(token) is None
