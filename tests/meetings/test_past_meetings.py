"""A meeting that is over offers no places: its page and the programme show how many came,
not how many seats are free."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cultiva.meetings.models import Registration
from tests.factories import make_meeting, make_user


@pytest.fixture
def past_meeting(world):
    meeting = make_meeting(
        world.process, starts_at=timezone.now() - dt.timedelta(days=2), capacity=30
    )
    for _ in range(5):
        Registration.objects.create(
            meeting=meeting, person=make_user(), status=Registration.Status.CONFIRMED
        )
    return meeting


def test_past_meeting_page_shows_no_free_seats(client, world, past_meeting):
    client.force_login(world.member)
    page = client.get(
        reverse("meetings:detail", args=[world.process.slug, past_meeting.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "places left" not in text and "place left" not in text
    # 25 of 30 seats are free, and no sentence may say so (the time of day may hold "25").
    assert "25 places" not in text and "25 of 30" not in text
    assert "5 people registered." in text


def test_upcoming_meeting_page_still_shows_free_seats(client, world):
    meeting = make_meeting(world.process, capacity=30)
    client.force_login(world.member)
    page = client.get(
        reverse("meetings:detail", args=[world.process.slug, meeting.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "30 places left of 30." in page.content.decode()


def test_programme_shows_no_capacity_for_past_meetings(client, world, past_meeting):
    page = client.get(
        reverse("meetings:programme", args=[world.process.slug]) + "?when=past",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    assert "5 / 30" not in page.content.decode()
