"""A person's profile page: name, languages, organisations, e-mails, tokens, their data."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cultiva.accounts import notifications
from cultiva.accounts.models import Membership
from cultiva.core.models import ActivityLog
from tests.factories import make_user

PROFILE = "/me/profile/"
CHECKBOX = re.compile(r'(<input type="checkbox" name="(\w+)"[^>]*>)')


def test_the_profile_page_has_every_section(client, world):
    client.force_login(world.member)
    page = client.get(PROFILE)
    html = page.content.decode()
    assert page.status_code == 200
    for anchor in ("profile", "organisations", "notifications", "api-tokens", "my-data"):
        assert f'id="{anchor}"' in html
    for url in (
        reverse("api_tokens:list"),
        reverse("accounts:data_html"),
        reverse("accounts:data_json"),
        reverse("accounts:delete"),
        reverse("accounts:organisation_list"),
        reverse("accounts:organisation_detail", args=[world.organisation.pk]),
    ):
        assert f'href="{url}' in html
    assert "Csíki Hagyományőrző Egyesület" in html
    # Only their own organisations.
    assert "Gyergyói Színjátszó Kör" not in html


def test_the_profile_page_needs_a_login(client):
    assert client.get(PROFILE).status_code == 302


def test_languages_are_saved_without_repeating_the_preferred_one(client, world):
    client.force_login(world.member)
    response = client.post(
        PROFILE,
        {"full_name": "Kovács Anna", "preferred_language": "ro", "reads_languages": ["hu", "ro"]},
    )
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.full_name == "Kovács Anna"
    assert world.member.preferred_language == "ro"
    assert world.member.reads_languages == ["hu"]
    assert world.member.reading_languages() == ["ro", "hu"]
    entry = ActivityLog.objects.get(verb="person.profile_updated")
    assert set(entry.changes["fields"]) == {"full_name", "preferred_language", "reads_languages"}


def test_a_language_that_does_not_exist_is_refused_and_nothing_lost(client, world):
    client.force_login(world.member)
    page = client.post(
        PROFILE, {"full_name": "Kovács Anna", "preferred_language": "hu", "reads_languages": ["xx"]}
    )
    assert page.status_code == 200
    assert "Kovács Anna" in page.content.decode()
    assert page.context["form"].errors["reads_languages"]
    world.member.refresh_from_db()
    assert world.member.reads_languages == []


def test_e_mail_choices_are_saved_from_the_profile(client, world):
    client.force_login(world.member)
    page = client.get(PROFILE)
    for kind in notifications.KINDS:
        assert f'name="{kind}"' in page.content.decode()
    # Ticked: all but announcements and comments.
    ticked = {
        kind: "on" for kind in notifications.KINDS if kind not in ("announcements", "comments")
    }
    response = client.post(reverse("accounts:notifications"), ticked)
    assert response.status_code == 302
    assert response["Location"].endswith("#notifications")
    assert notifications.preferences_of(world.member) == {
        kind: kind not in ("announcements", "comments") for kind in notifications.KINDS
    }
    page = client.get(PROFILE).content.decode()
    boxes = {name: tag for tag, name in CHECKBOX.findall(page)}
    assert "checked" not in boxes["announcements"]
    assert "checked" in boxes["meetings"]


def test_e_mail_settings_address_answers_a_get_with_the_profile(client, world):
    client.force_login(world.member)
    response = client.get(reverse("accounts:notifications"))
    assert response.status_code == 302
    assert response["Location"] == PROFILE + "#notifications"


@pytest.mark.parametrize("who", ["member", "coordinator"])
def test_the_page_shows_only_ones_own_data(client, world, who):
    someone = make_user("someone.else@example.org", full_name="Más Valaki")
    Membership.objects.create(user=someone, organisation=world.other_organisation)
    client.force_login(world.user(who))
    html = client.get(PROFILE).content.decode()
    assert "someone.else@example.org" not in html
    assert world.user(who).email in html


def test_the_export_has_the_languages_and_e_mail_settings(world):
    from cultiva.accounts.data_rights import person_export
    from cultiva.accounts.services import notification_preferences_set

    world.member.reads_languages = ["ro"]
    world.member.save()
    notification_preferences_set(person=world.member, choices={"comments": False})
    sections = {s["key"]: s["rows"] for s in person_export(world.member)["sections"]}
    assert sections["account"][0]["reads_languages"] == ["ro"]
    assert [(r["kind"], r["email"]) for r in sections["notification_preferences"]] == [
        ("comments", False)
    ]
