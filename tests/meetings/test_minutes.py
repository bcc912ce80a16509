"""Minutes: Markdown, sanitised; every save a revision; published or not; linked ideas."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cultiva.core.models import ActivityLog
from cultiva.meetings.models import Minutes, MinutesRevision
from cultiva.meetings.services.minutes import (
    MinutesConflict,
    minutes_save,
    minutes_set_published,
)
from tests.factories import make_contribution, make_meeting

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator"]
STAFF_ONLY = ["login", 403, 403, 200, 200]


@pytest.fixture
def meeting(world):
    return make_meeting(world.process)


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


def url(name, world, meeting, *extra):
    return reverse(f"meetings:{name}", args=[world.process.slug, meeting.pk, *extra])


# --- the service ---------------------------------------------------------------------------


def test_each_save_is_a_numbered_revision(world, meeting):
    first = minutes_save(meeting=meeting, actor=world.facilitator, body="# Jegyzőkönyv\n\nElső")
    second = minutes_save(
        meeting=meeting, actor=world.coordinator, body="# Jegyzőkönyv\n\nMásodik", base_revision=1
    )
    assert (first.number, second.number) == (1, 2)
    assert second.author == world.coordinator
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.body.endswith("Második")
    assert minutes.updated_by == world.coordinator
    assert [r.body.split()[-1] for r in minutes.revisions.all()] == ["Második", "Első"]
    assert ActivityLog.objects.filter(verb="minutes.saved").count() == 2


def test_unchanged_text_makes_no_revision(world, meeting):
    minutes_save(meeting=meeting, actor=world.facilitator, body="Szöveg")
    assert minutes_save(meeting=meeting, actor=world.facilitator, body="Szöveg\r\n") is None
    assert MinutesRevision.objects.count() == 1


def test_concurrent_edit_is_refused_and_nothing_lost(world, meeting):
    minutes_save(meeting=meeting, actor=world.facilitator, body="A", base_revision=0)
    minutes_save(meeting=meeting, actor=world.coordinator, body="B", base_revision=1)
    with pytest.raises(MinutesConflict) as conflict:
        minutes_save(meeting=meeting, actor=world.facilitator, body="C", base_revision=1)
    assert conflict.value.latest == 2
    assert Minutes.objects.get().body == "B"


def test_members_cannot_write_minutes(world, meeting):
    with pytest.raises(PermissionDenied):
        minutes_save(meeting=meeting, actor=world.member, body="x")
    assert not Minutes.objects.exists()


def test_publish_and_withdraw_are_logged(world, meeting):
    with pytest.raises(ValidationError):
        minutes_set_published(meeting=meeting, actor=world.facilitator, publish=True)
    minutes_save(meeting=meeting, actor=world.facilitator, body="Kész")
    minutes = minutes_set_published(meeting=meeting, actor=world.facilitator, publish=True)
    assert minutes.is_published and minutes.published_at
    minutes = minutes_set_published(meeting=meeting, actor=world.coordinator, publish=False)
    assert not minutes.is_published and minutes.published_at is None
    verbs = list(
        ActivityLog.objects.filter(verb__startswith="minutes.p").values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["minutes.published"]
    assert ActivityLog.objects.filter(verb="minutes.unpublished").count() == 1


# --- pages ---------------------------------------------------------------------------------

DANGEROUS = (
    "# Összefoglaló\n\n"
    "<script>alert('x')</script>\n\n"
    '<img src="x" onerror="alert(1)">\n\n'
    "[kattints](javascript:alert(1)) és [jó link](https://example.org)\n\n"
    '<a href="https://example.org" onclick="steal()">másik</a>\n'
)


def test_minutes_page_renders_sanitised_markdown(client, world, meeting):
    minutes_save(meeting=meeting, actor=world.facilitator, body=DANGEROUS)
    minutes_set_published(meeting=meeting, actor=world.facilitator, publish=True)
    content = client.get(url("minutes", world, meeting)).content.decode()
    body = content.split('class="card minutes-body">', 1)[1].split("</div>", 1)[0]
    assert "<h2>Összefoglaló</h2>" in body
    assert "<script" not in body and "alert(" not in body
    assert "onerror" not in body and "onclick" not in body
    assert "javascript:" not in body
    assert '<a href="https://example.org" rel="nofollow noopener">jó link</a>' in body


@pytest.mark.parametrize("published", [True, False])
def test_minutes_page_per_role(client, world, meeting, published):
    minutes_save(meeting=meeting, actor=world.facilitator, body="Titkos **vázlat**")
    if published:
        minutes_set_published(meeting=meeting, actor=world.facilitator, publish=True)
    for role in ROLES:
        client.logout()
        login(client, world, role)
        response = client.get(url("minutes", world, meeting))
        assert response.status_code == 200
        shown = "<strong>vázlat</strong>" in response.content.decode()
        assert shown == (published or role in ("facilitator", "coordinator")), role


def test_minutes_of_a_draft_meeting_are_404_for_members(client, world):
    draft = make_meeting(world.process, is_published=False)
    client.force_login(world.member)
    assert client.get(url("minutes", world, draft)).status_code == 404


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, STAFF_ONLY, strict=True)))
def test_edit_history_and_revision_pages_per_role(client, world, meeting, role, expected):
    minutes_save(meeting=meeting, actor=world.facilitator, body="Első")
    login(client, world, role)
    assert outcome(client.get(url("minutes_edit", world, meeting))) == expected
    assert outcome(client.get(url("minutes_history", world, meeting))) == expected
    assert outcome(client.get(url("minutes_revision", world, meeting, 1))) == expected


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, ["login", 403, 403, 302, 302], strict=True))
)
def test_publish_per_role(client, world, meeting, role, expected):
    minutes_save(meeting=meeting, actor=world.facilitator, body="Kész")
    login(client, world, role)
    response = client.post(url("minutes_publish", world, meeting), {"publish": "1"})
    assert outcome(response) == expected
    assert Minutes.objects.get().is_published == (expected == 302)


def test_writing_through_the_page(client, world, meeting):
    client.force_login(world.facilitator)
    edit = url("minutes_edit", world, meeting)
    response = client.post(edit, {"body": "Első változat", "base_revision": "0"})
    assert response.status_code == 302
    preview = client.post(edit, {"body": "**Előnézet**", "base_revision": "1", "preview": "1"})
    assert "<strong>Előnézet</strong>" in preview.content.decode()
    assert MinutesRevision.objects.count() == 1
    client.post(edit, {"body": "Második változat", "base_revision": "1"})
    # A stale editor: the text is kept on the page, nothing overwritten.
    stale = client.post(edit, {"body": "Régi alapú szöveg", "base_revision": "1"})
    assert stale.status_code == 200
    assert "Régi alapú szöveg" in stale.content.decode()
    assert Minutes.objects.get().body == "Második változat"
    # Restore version 1 from its page.
    page = client.get(url("minutes_revision", world, meeting, 1))
    assert "Első változat" in page.content.decode()
    client.post(edit, {"body": "Első változat", "base_revision": "2"})
    assert Minutes.objects.get().body == "Első változat"
    assert MinutesRevision.objects.count() == 3
    assert client.get(url("minutes_revision", world, meeting, 9)).status_code == 404


def test_minutes_page_lists_contributions_gathered_there(client, world, meeting):
    make_contribution(world.process, world.member, meeting=meeting, title="Falumúzeum ötlet")
    make_contribution(world.process, world.member, title="Máshol született ötlet")
    response = client.get(url("minutes", world, meeting))
    content = response.content.decode()
    assert "Falumúzeum ötlet" in content
    assert "Máshol született ötlet" not in content


def test_history_query_count_does_not_grow(client, world, meeting):
    client.force_login(world.facilitator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("minutes_history", world, meeting)).status_code == 200
        return len(queries)

    for n in range(5):
        minutes_save(meeting=meeting, actor=world.facilitator, body=f"v{n}")
    few = count()
    for n in range(5, 40):
        minutes_save(meeting=meeting, actor=world.coordinator, body=f"v{n}")
    assert count() == few


# --- the minutes panel on the meeting page ----------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_minutes_panel(client, world, meeting, role):
    minutes_save(meeting=meeting, actor=world.facilitator, body="## Döntések\n\n*Elfogadva*")
    login(client, world, role)
    page = reverse("meetings:detail", args=[world.process.slug, meeting.pk])
    staff = role in ("facilitator", "coordinator")
    content = client.get(page).content.decode()
    assert ("<em>Elfogadva</em>" in content) == staff
    assert (url("minutes_edit", world, meeting) in content) == staff
    minutes_set_published(meeting=meeting, actor=world.facilitator, publish=True)
    content = client.get(page).content.decode()
    assert "<em>Elfogadva</em>" in content
    assert "<h4>Döntések</h4>" in content  # under the panel's h2 and the page's h1
    assert (url("minutes_edit", world, meeting) in content) == staff
