"""Deadline calendars (ICS) and reminder e-mails with time travel (the clock is passed in)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from cultiva.accounts.models import Membership, NotificationPreference
from cultiva.funding import application_services as services
from cultiva.funding.ical_feeds import feed_token
from cultiva.funding.models import CallDeadline, DeadlineReminder
from cultiva.funding.reminder_tasks import application_reminders_send, reminder_due
from tests.factories import make_application, make_call, make_project, make_user
from tests.funding.app_fixtures import project_and_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    project, call = project_and_call(world)
    application = make_application(project, call, status="preparation")
    deadline = call.deadlines.get()
    return project, call, application, deadline


def feed_url(process, organisation, token=None):
    return reverse(
        "funding:organisation_feed",
        args=[process.slug, organisation.pk, token or feed_token(process, organisation)],
    )


def events(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return [str(c.get("uid")) for c in calendar.walk("VEVENT")]


def test_the_organisation_feed_has_its_deadlines_and_not_others(client, world, setup):
    project, call, application, deadline = setup
    other_call = make_call(world.process)
    other_deadline = CallDeadline.objects.create(
        call=other_call, due_at=timezone.now() + dt.timedelta(days=5)
    )
    make_application(
        make_project(world.process, lead_organisation=world.other_organisation), other_call
    )
    response = client.get(feed_url(world.process, world.organisation))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    uids = events(response)
    assert f"funding-deadline-{deadline.pk}-application-{application.pk}@cultiva" in uids
    assert not any(f"funding-deadline-{other_deadline.pk}-" in uid for uid in uids)
    theirs = events(client.get(feed_url(world.process, world.other_organisation)))
    assert any(f"funding-deadline-{other_deadline.pk}-" in uid for uid in theirs)
    assert not any(f"funding-deadline-{deadline.pk}-" in uid for uid in theirs)


def test_a_submitted_application_leaves_the_feed(client, world, setup):
    _project, _call, application, deadline = setup
    services.application_step(actor=world.member, application=application, target="submitted")
    assert events(client.get(feed_url(world.process, world.organisation))) == []


def test_a_wrong_token_or_another_organisations_token_is_refused(client, world, setup):
    assert client.get(feed_url(world.process, world.organisation, "guessed")).status_code == 404
    token = feed_token(world.process, world.other_organisation)
    assert client.get(feed_url(world.process, world.organisation, token)).status_code == 404


def test_the_list_shows_the_feed_address_to_the_organisations_people(client, world, setup):
    client.force_login(world.member)
    body = client.get(reverse("funding:application_list", args=[world.process.slug])).content
    assert feed_token(world.process, world.organisation).encode() in body


def test_the_process_feed_has_every_calls_deadlines(client, world, setup):
    _project, call, _application, deadline = setup
    other = CallDeadline.objects.create(
        call=make_call(world.process), due_at=timezone.now() + dt.timedelta(days=40)
    )
    world.process.is_published = True
    world.process.save()
    response = client.get(reverse("funding:deadlines_feed", args=[world.process.slug]))
    assert response.status_code == 200
    uids = events(response)
    assert f"funding-deadline-{deadline.pk}@cultiva" in uids
    assert f"funding-deadline-{other.pk}@cultiva" in uids


# --- reminders -------------------------------------------------------------------------------


def test_reminder_days():
    due = dt.datetime(2027, 5, 20, 12, tzinfo=dt.UTC)
    assert reminder_due(due_at=due, now=due - dt.timedelta(days=15)) is None
    assert reminder_due(due_at=due, now=due - dt.timedelta(days=14)) == 14
    assert reminder_due(due_at=due, now=due - dt.timedelta(days=5)) == 14
    assert reminder_due(due_at=due, now=due - dt.timedelta(days=3)) == 3
    assert reminder_due(due_at=due, now=due - dt.timedelta(hours=20)) == 1
    assert reminder_due(due_at=due, now=due + dt.timedelta(hours=1)) is None


def test_reminders_on_the_right_days_once(world, setup, settings):
    settings.SITE_URL = "https://cultiva.example.org"
    _project, _call, application, deadline = setup
    due = deadline.due_at
    assert application_reminders_send(now=due - dt.timedelta(days=15)) == 0
    assert len(mail.outbox) == 0
    assert application_reminders_send(now=due - dt.timedelta(days=14)) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.member.email]
    assert f"/funding/applications/{application.pk}/" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert application_reminders_send(now=due - dt.timedelta(days=14)) == 0
    assert application_reminders_send(now=due - dt.timedelta(days=10)) == 0
    assert application_reminders_send(now=due - dt.timedelta(days=3)) == 1
    assert len(mail.outbox) == 2
    assert DeadlineReminder.objects.count() == 2
    services.application_step(actor=world.member, application=application, target="submitted")
    assert application_reminders_send(now=due - dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 2


def test_reminders_in_the_persons_language_and_only_to_those_who_want_them(world, setup):
    _project, _call, application, deadline = setup
    world.member.preferred_language = "ro"
    world.member.save()
    colleague = make_user("kolléga@example.org", preferred_language="hu")
    Membership.objects.create(user=colleague, organisation=world.organisation)
    quiet = make_user("csendes@example.org")
    Membership.objects.create(user=quiet, organisation=world.organisation)
    NotificationPreference.objects.create(user=quiet, kind="funding_deadlines", email=False)
    sent = application_reminders_send(now=deadline.due_at - dt.timedelta(days=3))
    assert sent == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {world.member.email, colleague.email}
    with translation.override("ro"):
        from django.utils.translation import ngettext

        ro_subject = ngettext(
            "Funding deadline in %(days)d day: %(call)s",
            "Funding deadline in %(days)d days: %(call)s",
            3,
        ) % {"days": 3, "call": str(application.call)}
    assert by_person[world.member.email].subject == ro_subject


def test_the_command_sends_what_is_due(world, setup):
    _project, _call, _application, deadline = setup
    CallDeadline.objects.filter(pk=deadline.pk).update(
        due_at=timezone.now() + dt.timedelta(days=2, hours=12)
    )
    call_command("send_funding_reminders")
    assert len(mail.outbox) == 1
    call_command("send_funding_reminders")
    assert len(mail.outbox) == 1


def test_the_notification_kind_is_on_the_profile(client, world):
    client.force_login(world.member)
    body = client.get(reverse("accounts:profile")).content.decode()
    assert "funding_deadlines" in body
