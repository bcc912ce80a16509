"""Registering, cancelling and recording attendance through the API, role by role."""

import datetime as dt

import pytest
from django.core import mail

from cultiva.api.services import api_token_create
from cultiva.meetings.models import AgendaItem, Registration, Speaker
from tests.factories import make_meeting


def bearer(user) -> dict:
    _token, raw = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def url(world, meeting, suffix=""):
    return f"/api/v1/processes/{world.process.slug}/meetings/{meeting.pk}{suffix}"


@pytest.fixture
def meeting(world):
    return make_meeting(world.process, capacity=1, venue="Kultúrház")


def test_register_needs_a_token(client, world, meeting):
    response = client.post(
        url(world, meeting, "/registrations"), {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Registration.objects.exists()


def test_member_registers_then_the_next_one_waits(client, world, meeting):
    first = client.post(
        url(world, meeting, "/registrations"),
        {},
        content_type="application/json",
        **bearer(world.member),
    )
    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "confirmed" and len(body["personal_code"]) == 6
    second = client.post(
        url(world, meeting, "/registrations"),
        {},
        content_type="application/json",
        **bearer(world.outsider),
    )
    assert second.json()["status"] == "waiting"
    again = client.post(
        url(world, meeting, "/registrations"),
        {},
        content_type="application/json",
        **bearer(world.member),
    )
    assert again.status_code == 409  # Conflict: already registered
    assert Registration.objects.count() == 2
    assert mail.outbox  # confirmation e-mails went out


@pytest.mark.parametrize(
    "payload",
    [
        {"answers": {"1": {"nested": "object"}}},
        {"organisation": "abc"},
        {"organisation": 0},
        "not json",
        {"answers": [1, 2]},
    ],
)
def test_malformed_registration_bodies_are_4xx(client, world, meeting, payload):
    response = client.post(
        url(world, meeting, "/registrations"),
        payload,
        content_type="application/json",
        **bearer(world.member),
    )
    assert 400 <= response.status_code < 500
    assert not Registration.objects.exists()


def test_registering_for_someone_elses_organisation_is_refused(client, world, meeting):
    response = client.post(
        url(world, meeting, "/registrations"),
        {"organisation": world.other_organisation.pk},
        content_type="application/json",
        **bearer(world.member),
    )
    assert response.status_code == 422
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "role,expected",
    [("outsider", 403), ("member", 403), ("facilitator", 200), ("coordinator", 200)],
)
def test_registration_list_is_for_staff(client, world, meeting, role, expected):
    Registration.objects.create(meeting=meeting, person=world.member, status="confirmed")
    response = client.get(url(world, meeting, "/registrations"), **bearer(world.user(role)))
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["items"][0]["person"] == world.member.full_name
        assert "personal_code" not in response.json()["items"][0]


def test_anonymous_cannot_list_registrations(client, world, meeting):
    assert client.get(url(world, meeting, "/registrations")).status_code == 403


def test_facilitator_records_attendance(client, world, meeting):
    registration = Registration.objects.create(
        meeting=meeting, person=world.member, status="confirmed"
    )
    path = url(world, meeting, f"/registrations/{registration.pk}/attendance")
    refused = client.put(
        path, {"attendance": "present"}, content_type="application/json", **bearer(world.member)
    )
    assert refused.status_code == 403
    bad = client.put(
        path, {"attendance": "maybe"}, content_type="application/json", **bearer(world.facilitator)
    )
    assert bad.status_code == 422
    # The meeting is in three days: nobody is recorded yet, on the API either.
    early = client.put(
        path,
        {"attendance": "present"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **bearer(world.facilitator),
    )
    assert early.status_code == 422
    assert "Check-in opens 60 minutes before the meeting starts" in str(early.json()["detail"])
    registration.refresh_from_db()
    assert registration.attendance == ""
    # Ten minutes after the start it works.
    meeting.starts_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    meeting.ends_at = meeting.starts_at + dt.timedelta(hours=3)
    meeting.save()
    done = client.put(
        path,
        {"attendance": "present"},
        content_type="application/json",
        **bearer(world.facilitator),
    )
    assert done.status_code == 200 and done.json()["attendance"] == "present"
    registration.refresh_from_db()
    assert registration.attendance == "present" and registration.checked_in_at
    other = make_meeting(world.process)
    foreign = url(world, other, f"/registrations/{registration.pk}/attendance")
    assert (
        client.put(
            foreign,
            {"attendance": "absent"},
            content_type="application/json",
            **bearer(world.facilitator),
        ).status_code
        == 404
    )


def test_own_registrations_and_cancelling_promotes_the_next(client, world, meeting):
    mine = Registration.objects.create(meeting=meeting, person=world.member, status="confirmed")
    waiting = Registration.objects.create(meeting=meeting, person=world.outsider, status="waiting")
    listed = client.get("/api/v1/me/registrations", **bearer(world.member)).json()
    assert [item["id"] for item in listed["items"]] == [mine.pk]
    assert listed["items"][0]["personal_code"] == mine.personal_code
    assert (
        client.delete(f"/api/v1/me/registrations/{mine.pk}", **bearer(world.outsider)).status_code
        == 404
    )
    cancelled = client.delete(f"/api/v1/me/registrations/{mine.pk}", **bearer(world.member))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert client.get("/api/v1/me/registrations").status_code == 403


def test_agenda_is_public(client, world, meeting):
    speaker = Speaker.objects.create(process=world.process, full_name="Dr. Bíró Enikő")
    item = AgendaItem.objects.create(
        meeting=meeting,
        starts_at=meeting.starts_at,
        ends_at=meeting.starts_at + dt.timedelta(hours=1),
        title={"hu": "Megnyitó", "ro": "Deschidere"},
    )
    item.speakers.add(speaker)
    body = client.get(url(world, meeting, "/agenda"), HTTP_ACCEPT_LANGUAGE="ro").json()
    assert body["items"][0]["display_title"] == "Deschidere"
    assert body["items"][0]["speakers"] == ["Dr. Bíró Enikő"]
    unpublished = make_meeting(world.process, is_published=False)
    assert client.get(url(world, unpublished, "/agenda")).status_code == 404
