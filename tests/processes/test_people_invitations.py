"""Invitations to a role: sent in the invitee's language, accepted with a new or an existing
account, expiring, withdrawn and sent again; every step in the activity log."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cultiva.accounts.models import User
from cultiva.core.models import ActivityLog
from cultiva.processes.models import Invitation, ProcessRole
from tests.factories import make_user

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/invitation/[\w-]+/")


def invite(client, world, email="uj.ember@example.org", role="facilitator", language="ro"):
    client.force_login(world.coordinator)
    return client.post(
        reverse("processes:invitations", args=[world.process.slug]),
        {"email": email, "role": role, "language": language, "name": "Új Ember"},
        follow=True,
    )


def link_in(message) -> str:
    return LINK.search(message.body)[0]


def verbs(world) -> list[str]:
    return list(ActivityLog.objects.filter(process=world.process).values_list("verb", flat=True))


def test_invitation_e_mail_in_invitees_language_with_site_link(client, world, settings):
    settings.SITE_URL = "https://cultura.hargitamegye.ro"  # CULTIVA_SITE_URL
    response = invite(client, world, language="ro")
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["uj.ember@example.org"]
    assert "Invitație" in message.subject
    assert "facilitator" in message.body and "Te invită" not in message.subject
    link = link_in(message)
    assert link.startswith("https://cultura.hargitamegye.ro/invitation/")
    invitation = Invitation.objects.get()
    assert invitation.send_count == 1 and invitation.state == "pending"
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert "invitation.created" in verbs(world)
    # The list shows it, with its state, to the coordinator.
    assert "uj.ember@example.org" in response.content.decode()


def test_accept_creates_the_account_and_gives_the_role(client, world):
    invite(client, world, language="hu")
    link = link_in(mail.outbox[0])
    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200 and "uj.ember@example.org" in page.content.decode()
    response = visitor.post(
        link,
        {
            "full_name": "Új Ember",
            "password1": "hosszú-jelszó-2026",
            "password2": "hosszú-jelszó-2026",
            "preferred_language": "ro",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("processes:detail", args=[world.process.slug])
    person = User.objects.get(email="uj.ember@example.org")
    assert person.full_name == "Új Ember" and person.preferred_language == "ro"
    assert person.check_password("hosszú-jelszó-2026")
    assert ProcessRole.objects.filter(
        process=world.process, user=person, role="facilitator"
    ).exists()
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(user=person).verified
    # Signed in: the process page opens with the facilitator's rights.
    assert visitor.get(response["Location"]).wsgi_request.user == person
    assert {"invitation.accepted", "person.created_from_invitation"} <= set(verbs(world))
    # The link works once.
    again = Client().get(link)
    assert again.status_code == 410
    assert "már elfogadták" in again.content.decode()


def test_bad_new_account_input_is_refused_and_kept(client, world):
    invite(client, world)
    link = link_in(mail.outbox[0])
    visitor = Client()
    response = visitor.post(
        link,
        {
            "full_name": "Új Ember",
            "password1": "abc",
            "password2": "abd",
            "preferred_language": "xx",
        },
    )
    assert response.status_code == 200
    assert "Új Ember" in response.content.decode()
    assert not User.objects.filter(email="uj.ember@example.org").exists()


def test_accept_attaches_the_role_to_an_existing_account(client, world):
    existing = make_user("meglevo@example.org", full_name="Meglévő Mária")
    invite(client, world, email="MEGLEVO@example.org", role="expert")
    link = link_in(mail.outbox[0])
    visitor = Client()
    page = visitor.get(link)
    assert "Meglévő" not in page.content.decode()  # asks to log in, shows no account details
    assert reverse("account_login") in page.content.decode()
    visitor.force_login(existing)
    assert visitor.get(link).status_code == 200
    response = visitor.post(link)
    assert response.status_code == 302
    assert ProcessRole.objects.filter(process=world.process, user=existing, role="expert").exists()
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == existing and invitation.state == "accepted"


def test_a_signed_in_account_at_another_address_may_accept(client, world):
    invite(client, world, email="munkahelyi@example.org", role="member")
    other = make_user("maganyi@example.org")
    visitor = Client()
    visitor.force_login(other)
    page = visitor.get(link_in(mail.outbox[0])).content.decode()
    assert "maganyi@example.org" in page  # tells them which account gets the role
    visitor.post(link_in(mail.outbox[0]))
    assert ProcessRole.objects.filter(process=world.process, user=other, role="member").exists()
    entry = ActivityLog.objects.get(verb="invitation.accepted")
    assert entry.changes["same_address"] is False


def test_expired_invitation_gets_a_clear_page_and_can_be_sent_again(client, world):
    invite(client, world, language="en")
    old_link = link_in(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = Client().get(old_link)
    assert response.status_code == 410
    assert "lejárt" in response.content.decode()  # the visitor's language (hu by default)
    listing = client.get(reverse("processes:invitations", args=[world.process.slug]))
    assert "lejárt" in listing.content.decode()
    invitation = Invitation.objects.get()
    client.post(reverse("processes:invitation_resend", args=[world.process.slug, invitation.pk]))
    assert len(mail.outbox) == 2
    new_link = link_in(mail.outbox[1])
    assert new_link != old_link
    assert "Invitation" in mail.outbox[1].subject  # still in the invitee's language
    assert Client().get(old_link).status_code == 404  # the old link no longer works
    assert Client().get(new_link).status_code == 200
    invitation.refresh_from_db()
    assert invitation.state == "pending" and invitation.send_count == 2
    assert "invitation.resent" in verbs(world)


def test_revoked_invitation_cannot_be_accepted(client, world):
    invite(client, world)
    link = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    client.post(reverse("processes:invitation_revoke", args=[world.process.slug, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    response = Client().get(link)
    assert response.status_code == 410
    assert "visszavonták" in response.content.decode()
    assert Client().post(link, {"password1": "x"}).status_code == 410
    assert not User.objects.filter(email="uj.ember@example.org").exists()
    assert "invitation.revoked" in verbs(world)
    # A revoked invitation is not sent again.
    client.post(reverse("processes:invitation_resend", args=[world.process.slug, invitation.pk]))
    assert len(mail.outbox) == 1


def test_no_double_invitation_and_no_invitation_for_a_role_held(client, world):
    invite(client, world)
    response = invite(client, world)
    assert Invitation.objects.count() == 1
    assert "már meghívták" in response.content.decode()
    response = invite(client, world, email=world.expert.email, role="expert")
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("role", ["facilitator", "expert", "member", "decision_maker"])
def test_only_coordinators_invite(client, world, role):
    client.force_login(world.user(role))
    url = reverse("processes:invitations", args=[world.process.slug])
    assert client.get(url).status_code == 403
    response = client.post(url, {"email": "x@example.org", "role": "coordinator", "language": "hu"})
    assert response.status_code == 403
    assert not Invitation.objects.exists() and not mail.outbox


def test_unknown_link_gets_a_clear_page():
    response = Client().get(reverse("processes:invitation_accept", args=["nincs-ilyen"]))
    assert response.status_code == 404
    assert "meghívó" in response.content.decode().lower()


def test_invitation_list_queries_do_not_grow(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.coordinator)
    url = reverse("processes:invitations", args=[world.process.slug])

    def add(start: int, count: int) -> None:
        Invitation.objects.bulk_create(
            Invitation(
                process=world.process,
                email=f"meghivott{i}@example.org",
                role="member",
                language="hu",
                invited_by=world.coordinator,
                accepted_by=world.member if i % 3 == 0 else None,
                accepted_at=timezone.now() if i % 3 == 0 else None,
                expires_at=timezone.now() + dt.timedelta(days=1 - i % 2 * 2),
            )
            for i in range(start, start + count)
        )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(0, 3)
    few = count()
    add(3, 40)
    assert count() == few
