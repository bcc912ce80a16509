"""A missing object is "not found" in the visitor's language, never Django's English text.

Django's get_object_or_404 says "No Registration matches the given query."; the API showed it
as is. Pages and the API show only messages raised through cultiva.core.http.NotFound
(translated) or a translated generic one.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cultiva.api.services import api_token_create
from cultiva.meetings.models import Registration
from tests.factories import make_contribution, make_meeting

pytestmark = pytest.mark.django_db

MISSING = 999_999
DJANGO_TEXT = "matches the given query"


def hungarian_client(user=None, token: str | None = None) -> Client:
    headers = {"HTTP_ACCEPT_LANGUAGE": "hu"}
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    client = Client(**headers)
    if user is not None:
        client.force_login(user)
    return client


def test_api_missing_registration_meeting_and_contribution_answer_in_hungarian(world):
    meeting = make_meeting(world.process)
    _token, raw = api_token_create(user=world.coordinator, name="404")
    client = hungarian_client(token=raw)
    slug = world.process.slug
    attendance = json.dumps({"attendance": "present"})
    answers = {
        # get_object_or_404 before: "No Registration matches the given query."
        f"/api/v1/me/registrations/{MISSING}": ("delete", None, "regisztráció"),
        f"/api/v1/processes/{slug}/meetings/{meeting.pk}/registrations/{MISSING}/attendance": (
            "put",
            attendance,
            "regisztráció",
        ),
        f"/api/v1/processes/{slug}/meetings/{MISSING}": ("get", None, "találkozó"),
        f"/api/v1/processes/{slug}/contributions/{MISSING}": ("get", None, "javaslat"),
        f"/api/v1/contributions/{MISSING}/support": ("get", None, ""),
    }
    for url, (method, body, word) in answers.items():
        kwargs = {"data": body, "content_type": "application/json"} if body else {}
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == 404, (url, response.content)
        detail = response.json()["detail"]
        assert DJANGO_TEXT not in detail and "No " not in detail, (url, detail)
        assert word in detail.lower(), (url, detail)


def test_api_registration_of_another_meeting_is_not_found_in_hungarian(world):
    meeting, other = make_meeting(world.process), make_meeting(world.process)
    registration = Registration.objects.create(meeting=other, person=world.member)
    _token, raw = api_token_create(user=world.coordinator, name="404")
    url = (
        f"/api/v1/processes/{world.process.slug}/meetings/{meeting.pk}"
        f"/registrations/{registration.pk}/attendance"
    )
    response = hungarian_client(token=raw).put(
        url, data=json.dumps({"attendance": "present"}), content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "Nincs ilyen azonosítójú regisztráció."


def test_pages_for_missing_objects_are_hungarian(world):
    make_contribution(world.process, world.member)
    client = hungarian_client(world.member)
    slug = world.process.slug
    for method, url in (
        ("post", f"/registrations/{MISSING}/cancel/"),
        ("get", f"/p/{slug}/meetings/{MISSING}/"),
        ("get", f"/p/{slug}/contributions/{MISSING}/"),
        ("get", f"/p/{slug}/speakers/{MISSING}/"),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
        page = response.content.decode()
        assert DJANGO_TEXT not in page
        assert "Az oldal nem található" in page, url
