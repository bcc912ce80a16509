"""Announcements: audiences, languages, preferences, sent once, who may write, list queries."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cultiva.accounts.notifications import unsubscribe_url
from cultiva.accounts.services import notification_preferences_set
from cultiva.core.models import ActivityLog
from cultiva.meetings.models import Announcement, AnnouncementDelivery, Registration
from cultiva.meetings.selectors.announcements import announcement_recipients
from cultiva.meetings.services import announcements as services
from cultiva.meetings.services.registration import registration_create
from cultiva.meetings.tasks import deliver_announcement
from tests.factories import make_meeting, make_process, make_user

Audience = Announcement.Audience
HU = {"hu": "Fontos hír"}
HU_BODY = {"hu": "Kedves résztvevők, holnap kezdünk."}


@pytest.fixture
def meeting(world, mailoutbox):
    """Capacity 2: the member and the expert get places, the decision-maker waits."""
    meeting = make_meeting(world.process, capacity=2)
    registration_create(actor=world.member, meeting=meeting)
    registration_create(actor=world.expert, meeting=meeting)
    registration_create(actor=world.decision_maker, meeting=meeting)
    Registration.objects.filter(meeting=meeting, person=world.expert).update(attendance="present")
    mailoutbox.clear()  # the registration receipts
    return meeting


def recipients(world, audience, **kw):
    people = announcement_recipients(process=world.process, audience=audience, **kw)
    return {person.email.split("@")[0] for person in people}


def send(world, audience=Audience.PROCESS, subject=HU, body=HU_BODY, **kw):
    return services.announcement_send(
        process=world.process,
        actor=world.facilitator,
        audience=audience,
        subject=subject,
        body=body,
        **kw,
    )


def test_audiences_name_the_right_people(world, meeting):
    stranger = make_user("stranger@example.org")
    other = make_process(slug="masik")
    registration_create(actor=stranger, meeting=make_meeting(other))
    everyone = {"member", "outsider", "facilitator", "coordinator", "expert", "decision_maker"}
    assert recipients(world, Audience.PROCESS) == everyone
    assert recipients(world, Audience.ROLE, role="member") == {"member", "outsider"}
    assert recipients(world, Audience.ROLE, role="coordinator") == {"coordinator"}
    assert recipients(world, Audience.MEETING_REGISTERED, meeting=meeting) == {"member", "expert"}
    assert recipients(world, Audience.MEETING_WAITING, meeting=meeting) == {"decision_maker"}
    assert recipients(world, Audience.MEETING_ATTENDED, meeting=meeting) == {"expert"}
    # Someone registered only in another process is never among this process's people.
    assert "stranger" not in recipients(world, Audience.PROCESS)
    # A meeting of another process names no one here.
    assert not recipients(world, Audience.MEETING_REGISTERED, meeting=make_meeting(other))


def test_people_who_turned_announcements_off_are_left_out(world, meeting):
    notification_preferences_set(person=world.member, choices={"announcements": False})
    assert recipients(world, Audience.MEETING_REGISTERED, meeting=meeting) == {"expert"}
    announcement = send(world, Audience.MEETING_REGISTERED, meeting=meeting)
    assert announcement.recipients_count == 1


def test_each_person_reads_it_in_their_language(world, meeting, mailoutbox):
    world.member.preferred_language = "ro"
    world.member.save()
    world.expert.preferred_language = "en"
    world.expert.reads_languages = ["ro"]
    world.expert.save()
    announcement = send(
        world,
        Audience.MEETING_REGISTERED,
        meeting=meeting,
        subject={"hu": "Hír", "ro": "Știre importantă"},
        body={"hu": "Holnap kezdünk.", "ro": "Începem mâine."},
    )
    by_person = {m.to[0]: m for m in mailoutbox}
    # Romanian for the Romanian reader; the English reader also reads Romanian.
    assert by_person["member@example.org"].subject == "Știre importantă"
    assert "Începem mâine." in by_person["member@example.org"].body
    assert by_person["expert@example.org"].subject == "Știre importantă"
    languages = dict(
        AnnouncementDelivery.objects.filter(announcement=announcement).values_list(
            "person__email", "language"
        )
    )
    assert languages == {"member@example.org": "ro", "expert@example.org": "ro"}


def test_without_a_language_they_read_the_sites_language_comes_first(world, meeting, settings):
    world.member.preferred_language = "en"
    world.member.save()
    settings.LANGUAGE_CODE = "ro"
    send(
        world,
        Audience.MEETING_REGISTERED,
        meeting=meeting,
        subject={"hu": "Hír", "ro": "Știre"},
        body={"hu": "Szöveg", "ro": "Text"},
    )
    delivery = AnnouncementDelivery.objects.get(person=world.member)
    assert delivery.language == "ro"


def test_the_e_mail_has_a_working_unsubscribe_link(world, meeting, mailoutbox, client):
    send(world, Audience.MEETING_REGISTERED, meeting=meeting)
    message = next(m for m in mailoutbox if m.to == [world.member.email])
    assert unsubscribe_url(world.member, "announcements") in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = re.search(r"https?://[^/]+(/unsubscribe/\S+/)", message.body)[1]
    client.post(path)
    assert recipients(world, Audience.MEETING_REGISTERED, meeting=meeting) == {"expert"}


def test_a_retried_task_sends_no_one_the_same_announcement_twice(world, meeting, mailoutbox):
    announcement = send(world, Audience.MEETING_REGISTERED, meeting=meeting)
    assert len(mailoutbox) == 2
    assert deliver_announcement.call(announcement.pk) == 0
    assert services.announcement_deliver(announcement=announcement) == 0
    assert len(mailoutbox) == 2
    assert AnnouncementDelivery.objects.filter(sent_at__isnull=False).count() == 2


def test_a_failed_e_mail_is_given_back_for_the_next_run(world, meeting, mailoutbox, monkeypatch):
    real = services.notification_mail_send

    def flaky(*, person, **kw):
        if person == world.member:
            raise ConnectionError("SMTP went away")
        return real(person=person, **kw)

    monkeypatch.setattr(services, "notification_mail_send", flaky)
    announcement = send(world, Audience.MEETING_REGISTERED, meeting=meeting)
    assert [m.to for m in mailoutbox] == [[world.expert.email]]
    monkeypatch.setattr(services, "notification_mail_send", real)
    assert services.announcement_deliver(announcement=announcement) == 1
    assert sorted(m.to[0] for m in mailoutbox) == [world.expert.email, world.member.email]


def test_turning_announcements_off_before_delivery_skips_the_person(world, meeting, mailoutbox):
    announcement = Announcement.objects.create(
        process=world.process, audience=Audience.PROCESS, subject=HU, body=HU_BODY
    )
    AnnouncementDelivery.objects.create(announcement=announcement, person=world.member)
    notification_preferences_set(person=world.member, choices={"announcements": False})
    assert services.announcement_deliver(announcement=announcement) == 0
    assert mailoutbox == []
    assert AnnouncementDelivery.objects.get().skipped_at is not None


def test_sending_is_in_the_activity_log_with_the_process(world, meeting):
    announcement = send(world, Audience.MEETING_WAITING, meeting=meeting)
    entry = ActivityLog.objects.get(verb="announcement.sent")
    assert entry.process == world.process
    assert entry.actor == world.facilitator
    assert entry.changes["recipients"] == 1
    assert entry.target_id == str(announcement.pk)


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"subject": {}, "body": {}}, "language"),
        ({"subject": {"hu": "Tárgy"}, "body": {"ro": "Text"}}, "language"),
        ({"audience": Audience.ROLE, "role": "boss"}, "role"),
        ({"audience": Audience.MEETING_REGISTERED}, "meeting"),
        ({"audience": "everyone"}, "for"),
    ],
)
def test_the_service_refuses_incomplete_announcements(world, kw, message):
    with pytest.raises(ValidationError):
        send(world, **kw)
    assert not Announcement.objects.exists()


def test_a_meeting_of_another_process_is_refused(world):
    with pytest.raises(ValidationError):
        send(world, Audience.MEETING_REGISTERED, meeting=make_meeting(make_process(slug="masik")))


# --- pages ----------------------------------------------------------------------------------

ROLES = ["facilitator", "coordinator", "expert", "member", "decision_maker", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_only_facilitators_and_coordinators_open_the_pages(client, world, role, meeting):
    announcement = send(world, Audience.MEETING_REGISTERED, meeting=meeting)
    if role != "anonymous":
        client.force_login(world.user(role))
    slug = world.process.slug
    urls = [
        reverse("meetings:announcements", args=[slug]),
        reverse("meetings:announcement_new", args=[slug]),
        reverse("meetings:announcement", args=[slug, announcement.pk]),
    ]
    for url in urls:
        status = client.get(url).status_code
        if role in ("facilitator", "coordinator"):
            assert status == 200, url
        elif role == "anonymous":
            assert status == 302, url
        else:
            assert status == 403, url
    posted = client.post(urls[1], {"audience": "process", "subject_hu": "x", "body_hu": "y"})
    if role not in ("facilitator", "coordinator"):
        assert posted.status_code in (302, 403)
        assert Announcement.objects.count() == 1


def test_a_facilitator_of_another_process_cannot_open_this_ones(client, world, meeting):
    announcement = send(world, Audience.MEETING_REGISTERED, meeting=meeting)
    other = make_process(slug="masik")
    from cultiva.processes.models import ProcessRole

    ProcessRole.objects.create(process=other, user=world.outsider, role="facilitator")
    client.force_login(world.outsider)
    assert client.get(reverse("meetings:announcements", args=[other.slug])).status_code == 200
    # This process's announcement through the other process's address: not found.
    url = reverse("meetings:announcement", args=[other.slug, announcement.pk])
    assert client.get(url).status_code == 404


def test_preview_shows_the_count_and_send_sends(client, world, meeting, mailoutbox):
    client.force_login(world.facilitator)
    url = reverse("meetings:announcement_new", args=[world.process.slug])
    data = {
        "audience": "meeting_registered",
        "meeting": meeting.pk,
        "subject_hu": "Holnap",
        "body_hu": "Kezdünk.",
    }
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200
    assert "2 ember" in preview.content.decode() or "2 people" in preview.content.decode()
    assert 'name="send"' in preview.content.decode()
    assert mailoutbox == [] and not Announcement.objects.exists()

    sent = client.post(url, {**data, "send": "1"})
    announcement = Announcement.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == reverse(
        "meetings:announcement", args=[world.process.slug, announcement.pk]
    )
    assert len(mailoutbox) == 2
    assert announcement.recipients_count == 2


def test_bad_input_keeps_the_text_and_says_what_is_missing(client, world):
    client.force_login(world.coordinator)
    url = reverse("meetings:announcement_new", args=[world.process.slug])
    page = client.post(url, {"audience": "meeting_waiting", "subject_ro": "Subiect", "send": "1"})
    assert page.status_code == 200
    assert "Subiect" in page.content.decode()
    assert set(page.context["form"].errors) == {"meeting", "body_ro"}
    assert not Announcement.objects.exists()


def test_the_list_needs_no_more_queries_for_more_announcements(client, world, meeting):
    client.force_login(world.coordinator)
    url = reverse("meetings:announcements", args=[world.process.slug])
    send(world, Audience.MEETING_REGISTERED, meeting=meeting)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for role in ("member", "expert", "coordinator"):
        send(world, Audience.ROLE, role=role)
    send(world, Audience.MEETING_ATTENDED, meeting=meeting)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.content.decode().count("announcements/") >= 5
    assert len(many) == len(few)


def test_erasing_a_person_forgets_what_they_received_but_keeps_the_count(world, meeting):
    from cultiva.accounts.data_rights import person_export
    from cultiva.accounts.services import person_erase

    announcement = send(world, Audience.MEETING_REGISTERED, meeting=meeting)
    exported = {s["key"]: s["rows"] for s in person_export(world.member)["sections"]}
    assert exported["meetings.announcements"][0]["announcement.subject"] == HU
    person_erase(person=world.member, actor=world.member)
    assert not AnnouncementDelivery.objects.filter(person=world.member).exists()
    announcement.refresh_from_db()
    assert announcement.recipients_count == 2
