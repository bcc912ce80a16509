"""A contribution's translation: by its author or a facilitator of its process, refused for
others; kept apart from the original, shown with a "translated" mark, in the activity log."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from cultiva.core.models import ActivityLog
from cultiva.ideas import services
from cultiva.ideas.models import ContributionTranslation
from cultiva.processes.models import ProcessRole
from tests.factories import make_contribution, make_process, make_user

pytestmark = pytest.mark.django_db

ROMANIAN = {"language": "ro", "title": "Casă de dans în fiecare sat", "body": "Săptămânal."}


@pytest.fixture
def contribution(world):
    return make_contribution(
        world.process, world.member, title="Táncház minden faluban", body="Hetente."
    )


def translate_url(contribution):
    return reverse("ideas:translate", args=[contribution.pk])


@pytest.mark.parametrize("role", ["member", "facilitator", "coordinator"])
def test_author_and_facilitators_translate(client, world, contribution, role):
    client.force_login(world.user(role))
    page = client.get(translate_url(contribution))
    assert page.status_code == 200
    assert "Hetente." in page.content.decode()  # the original beside the form
    response = client.post(translate_url(contribution), ROMANIAN)
    assert response.status_code == 302
    saved = ContributionTranslation.objects.get(contribution=contribution)
    assert (saved.language, saved.title, saved.translated_by) == (
        "ro",
        "Casă de dans în fiecare sat",
        world.user(role),
    )
    contribution.refresh_from_db()
    assert contribution.title == "Táncház minden faluban"  # the original stays
    entry = ActivityLog.objects.get(verb="contribution.translated")
    assert entry.actor == world.user(role)
    assert entry.changes["language"] == "ro"


@pytest.mark.parametrize("role", ["outsider", "expert", "decision_maker"])
def test_other_people_of_the_process_are_refused(client, world, contribution, role):
    client.force_login(world.user(role))
    assert client.post(translate_url(contribution), ROMANIAN).status_code == 403
    with pytest.raises(PermissionDenied):
        services.contribution_translate(
            contribution=contribution, actor=world.user(role), **ROMANIAN
        )
    assert not ContributionTranslation.objects.exists()


def test_a_facilitator_of_another_process_is_refused(client, world, contribution):
    other = make_process(slug="masik")
    stranger = make_user("masik-facilitator@example.org")
    ProcessRole.objects.create(process=other, user=stranger, role="facilitator")
    client.force_login(stranger)
    assert client.post(translate_url(contribution), ROMANIAN).status_code == 403
    assert not ContributionTranslation.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, contribution):
    response = client.post(translate_url(contribution), ROMANIAN)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not ContributionTranslation.objects.exists()


def test_bad_input_is_refused_with_the_typing_kept(client, world, contribution):
    client.force_login(world.member)
    response = client.post(
        translate_url(contribution), {"language": "hu", "title": "Megtartott cím", "body": ""}
    )
    assert response.status_code == 400
    assert "Megtartott cím" in response.content.decode()
    assert not ContributionTranslation.objects.exists()


def test_readers_see_the_translation_marked_and_the_original_a_click_away(
    client, world, contribution
):
    services.contribution_translate(contribution=contribution, actor=world.member, **ROMANIAN)
    with translation.override("ro"):
        detail = client.get(
            reverse("ideas:detail", args=[contribution.pk]), HTTP_ACCEPT_LANGUAGE="ro"
        )
        listing = client.get(
            reverse("ideas:list", args=[world.process.slug]), HTTP_ACCEPT_LANGUAGE="ro"
        )
    text = detail.content.decode()
    assert '<h1 lang="ro">Casă de dans în fiecare sat</h1>' in text
    assert "data-translated-mark" in text
    assert "data-original" in text and "Táncház minden faluban" in text
    listed = listing.content.decode()
    assert "Casă de dans în fiecare sat" in listed and "data-translated-mark" in listed
    # A Hungarian reader reads the original, unmarked.
    hungarian = client.get(reverse("ideas:detail", args=[contribution.pk])).content.decode()
    assert '<h1 lang="hu">Táncház minden faluban</h1>' in hungarian
    assert "data-translated-mark" not in hungarian


def test_a_second_translation_replaces_the_first(world, contribution):
    services.contribution_translate(contribution=contribution, actor=world.member, **ROMANIAN)
    services.contribution_translate(
        contribution=contribution, actor=world.facilitator, **{**ROMANIAN, "body": "Lunar."}
    )
    assert ContributionTranslation.objects.get().body == "Lunar."
    assert ActivityLog.objects.filter(verb="contribution.translated").count() == 2


def test_a_translators_data_export_holds_the_translations_they_wrote(client, world, contribution):
    services.contribution_translate(contribution=contribution, actor=world.facilitator, **ROMANIAN)
    client.force_login(world.facilitator)
    document = client.get("/me/data.json").json()
    sections = {s["key"]: s["rows"] for s in document["sections"]}
    assert sections["ideas.translations"] == [
        {
            "contribution_id": contribution.pk,
            "language": "ro",
            "title": ROMANIAN["title"],
            "body": ROMANIAN["body"],
            "translated_at": sections["ideas.translations"][0]["translated_at"],
        }
    ]
    client.force_login(world.member)
    document = client.get("/me/data.json").json()
    assert {s["key"]: s["rows"] for s in document["sections"]}["ideas.translations"] == []
