"""The weekly digest of newly matching calls: sent once, not twice, only new matches, the
opt-out respected, in each person's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from cultiva.accounts.models import Membership, NotificationPreference
from cultiva.accounts.notifications import KINDS
from cultiva.core.models import ActivityLog
from cultiva.funding.match_services import funding_digest_send
from cultiva.funding.models import CallDeadline, MatchNotice
from cultiva.funding.tasks import send_funding_digest
from tests.factories import make_call, make_project, make_user

pytestmark = pytest.mark.django_db


def open_call(process, **kw):
    call = make_call(process, max_amount=Decimal(250000), **kw)
    CallDeadline.objects.create(call=call, due_at=timezone.now() + dt.timedelta(days=20))
    return call


@pytest.fixture
def setup(world):
    make_project(world.process, lead_organisation=world.organisation, budget_total=Decimal(1000))
    call = open_call(world.process, title={"hu": "Zenei pályázat", "ro": "Apel muzical"})
    return world, call


def test_the_kind_is_on_by_default_and_on_the_profile(client, world):
    assert KINDS["funding_matches"].default is True
    client.force_login(world.member)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="funding_matches"' in page


def test_sent_once_not_twice(setup):
    world, call = setup
    assert funding_digest_send() == 1
    (message,) = mail.outbox
    assert message.to == [world.member.email]
    assert "Zenei pályázat" in message.body
    assert f"/funding/calls/{call.pk}/" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert MatchNotice.objects.filter(organisation=world.organisation, call=call).exists()
    assert ActivityLog.objects.filter(verb="funding.digest_sent").count() == 1
    assert funding_digest_send() == 0
    assert len(mail.outbox) == 1


def test_only_new_matches_are_told(setup):
    world, call = setup
    funding_digest_send()
    mail.outbox.clear()
    open_call(world.process, title={"hu": "Új kiírás", "ro": "Apel nou"})
    assert funding_digest_send() == 1
    body = mail.outbox[0].body
    assert "Új kiírás" in body and "Zenei pályázat" not in body


def test_opt_out_is_respected(setup):
    world, call = setup
    NotificationPreference.objects.create(user=world.member, kind="funding_matches", email=False)
    assert funding_digest_send() == 0
    assert mail.outbox == []
    # Told all the same: turning the e-mail on later does not bring back old news.
    assert MatchNotice.objects.filter(organisation=world.organisation, call=call).exists()


def test_closed_and_unfit_calls_are_not_told(world):
    make_project(world.process, lead_organisation=world.organisation, budget_total=Decimal(1000))
    closed = make_call(world.process)
    CallDeadline.objects.create(call=closed, due_at=timezone.now() - dt.timedelta(days=2))
    open_call(world.process, legal_forms=["church"])
    assert funding_digest_send() == 0
    assert not MatchNotice.objects.exists()


def test_each_person_in_their_language(setup):
    world, call = setup
    romanian = make_user("ro@example.org", preferred_language="ro")
    Membership.objects.create(user=romanian, organisation=world.organisation)
    assert funding_digest_send() == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    ro = by_person["ro@example.org"]
    assert "Apel muzical" in ro.body
    with translation.override("ro"):
        subject = ngettext(
            "A new funding call matches projects of %(organisation)s",
            "%(count)s new funding calls match projects of %(organisation)s",
            1,
        ) % {"count": 1, "organisation": world.organisation.name["ro"]}
    assert ro.subject == subject


def test_the_task_and_the_command(setup):
    world, call = setup
    send_funding_digest.enqueue()
    assert len(mail.outbox) == 1
    call_command("send_funding_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
