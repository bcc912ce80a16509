"""Reminders before a meeting: sent once, to confirmed participants, when due."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from cultiva.meetings.models import Registration
from cultiva.meetings.services import registration as services
from cultiva.meetings.tasks import send_meeting_reminders
from tests.factories import make_meeting

Status = Registration.Status


def soon(world, hours=10, **kw):
    return make_meeting(world.process, starts_at=timezone.now() + dt.timedelta(hours=hours), **kw)


def test_reminders_sent_once_to_confirmed_only(world, mailoutbox):
    meeting = soon(world, capacity=1, reminder_hours=24)
    confirmed = services.registration_create(actor=world.member, meeting=meeting)
    services.registration_create(actor=world.outsider, meeting=meeting)  # waiting
    cancelled = services.registration_create(actor=world.expert, meeting=soon(world))
    services.registration_cancel(actor=world.expert, registration=cancelled)
    mailoutbox.clear()

    assert services.meeting_reminders_send() == 1
    assert [m.to for m in mailoutbox] == [[world.member.email]]
    assert confirmed.personal_code in mailoutbox[0].body
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at is not None

    # Idempotent: running again (cron every 15 minutes) sends nothing more.
    assert services.meeting_reminders_send() == 0
    assert len(mailoutbox) == 1


def test_reminders_respect_the_meetings_hours(world, mailoutbox):
    later = soon(world, hours=30, reminder_hours=24)
    none = soon(world, hours=1, reminder_hours=0)
    past = make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(hours=1))
    for meeting in (later, none):
        services.registration_create(actor=world.member, meeting=meeting)
    Registration.objects.create(meeting=past, person=world.member, status=Status.CONFIRMED)
    mailoutbox.clear()
    assert services.meeting_reminders_send() == 0
    # Six hours later the first meeting is within its 24 hours.
    assert services.meeting_reminders_send(now=timezone.now() + dt.timedelta(hours=7)) == 1
    assert Registration.objects.get(meeting=later).reminder_sent_at is not None


def test_reminder_in_the_persons_language(world, mailoutbox):
    world.member.preferred_language = "ro"
    world.member.save()
    meeting = soon(world)
    services.registration_create(actor=world.member, meeting=meeting)
    mailoutbox.clear()
    services.meeting_reminders_send()
    assert "Atelier cultural" in mailoutbox[0].subject


def test_reregistering_gets_a_new_reminder(world, mailoutbox):
    meeting = soon(world)
    registration = services.registration_create(actor=world.member, meeting=meeting)
    services.meeting_reminders_send()
    services.registration_cancel(actor=world.member, registration=registration)
    services.registration_create(actor=world.member, meeting=meeting)
    mailoutbox.clear()
    assert services.meeting_reminders_send() == 1


def test_a_failing_mail_is_retried_next_time(world, mailoutbox, monkeypatch):
    meeting = soon(world)
    services.registration_create(actor=world.member, meeting=meeting)
    mailoutbox.clear()

    def broken(**kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(services, "registration_email_send", broken)
    assert services.meeting_reminders_send() == 0
    assert Registration.objects.get().reminder_sent_at is None
    monkeypatch.undo()
    assert services.meeting_reminders_send() == 1


def test_task_and_command(world, mailoutbox):
    meeting = soon(world)
    services.registration_create(actor=world.member, meeting=meeting)
    services.registration_create(actor=world.outsider, meeting=soon(world))
    mailoutbox.clear()
    result = send_meeting_reminders.enqueue()
    assert result.return_value == 2
    out = io.StringIO()
    call_command("send_meeting_reminders", stdout=out)
    assert "0" in out.getvalue()
    assert len(mailoutbox) == 2


def test_command_can_enqueue(world):
    out = io.StringIO()
    call_command("send_meeting_reminders", "--enqueue", stdout=out)
    assert out.getvalue()
