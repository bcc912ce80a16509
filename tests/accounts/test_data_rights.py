"""Personal data rights: a display name of one's own, export (GDPR art. 15, 20) and erasure
(art. 17) that keeps the community's record and counts, by the person or by a coordinator."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from cultiva.accounts import data_rights
from cultiva.accounts.models import ApiToken, Membership, User
from cultiva.accounts.services import person_erase
from cultiva.core.activity import activity_record
from cultiva.core.models import ActivityLog
from cultiva.ideas.engagement.services import comment_create, follow_toggle, support_toggle
from cultiva.ideas.models import Comment, Follow, Notification, Support
from cultiva.meetings.models import Certificate, Invitation, Registration
from tests.factories import PASSWORD, make_contribution, make_meeting, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(world):
    """The member has given a contribution, a comment, a support; registered and attended."""
    member = world.member
    contribution = make_contribution(world.process, member, title="Tájház a faluban")
    other = make_contribution(world.process, world.expert, title="Zenei tábor")
    comment_create(contribution=other, author=member, body="Jó ötlet, segítek benne.")
    support_toggle(contribution=other, person=member)
    follow_toggle(contribution=other, person=member)
    # A meeting that has taken place: only such a meeting's certificate verifies.
    meeting = make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(days=7))
    registration = Registration.objects.create(
        meeting=meeting,
        person=member,
        status=Registration.Status.CONFIRMED,
        answers={"1": "vegetáriánus"},
        attendance=Registration.Attendance.PRESENT,
    )
    certificate = Certificate.objects.create(
        kind=Certificate.Kind.MEETING,
        person=member,
        process=world.process,
        meeting=meeting,
        holder_name=member.full_name,
    )
    ApiToken.objects.create(user=member, name="script", prefix="cv_x", token_hash="h" * 64)
    # A facilitator invited them: the log names the address in its text and its changes.
    invitation = Invitation.objects.create(
        meeting=meeting, email=member.email, person=member, invited_by=world.facilitator
    )
    activity_record(
        actor=world.facilitator,
        verb="meeting.invited",
        target=invitation,
        process=world.process,
        changes={"sent": [member.email, "someone.else@example.org"]},
    )
    return {
        "contribution": contribution,
        "other": other,
        "meeting": meeting,
        "registration": registration,
        "certificate": certificate,
    }


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- display name ----------------------------------------------------------------------------


def test_signup_asks_for_the_display_name(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    form = client.get("/accounts/signup/")
    assert 'name="full_name"' in form.content.decode()
    response = client.post(
        "/accounts/signup/",
        {
            "email": "uj.tag@example.org",
            "full_name": "Új Tag Anna",
            "password1": "hosszu-jelszo-2026",
            "password2": "hosszu-jelszo-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(email="uj.tag@example.org").full_name == "Új Tag Anna"


def test_a_person_sets_their_display_name_on_their_profile(world):
    member = world.member
    member.full_name = ""
    member.save()
    client = logged_in(member)
    dashboard = client.get("/me/").content.decode()
    assert "/me/profile/" in dashboard
    assert member.email not in dashboard
    page = client.get("/me/profile/")
    assert member.email in page.content.decode()  # one's own address, on one's own page
    response = client.post("/me/profile/", {"full_name": "  Kovács Éva ", "preferred_language": ""})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.full_name == "Kovács Éva"
    assert str(member) == "Kovács Éva"
    entry = ActivityLog.objects.get(verb="person.profile_updated")
    assert "Kovács" not in json.dumps(entry.changes)


def test_without_a_display_name_a_person_is_a_participant_never_an_address(settings):
    settings.LANGUAGE_CODE = "en"
    person = make_user("noname@example.org", full_name="")
    assert str(person) == person.get_full_name() == person.public_name == "participant"
    assert "noname" not in person.get_short_name()


def test_only_coordinators_see_the_addresses_of_registered_people(world, history):
    url = f"/p/{world.process.slug}/meetings/{history['meeting'].pk}/registrations/"
    as_coordinator = logged_in(world.coordinator).get(url)
    as_facilitator = logged_in(world.facilitator).get(url)
    assert as_coordinator.status_code == as_facilitator.status_code == 200
    assert world.member.email in as_coordinator.content.decode()
    assert world.member.email not in as_facilitator.content.decode()
    csv = logged_in(world.facilitator).get(url.rstrip("/") + ".csv")
    assert csv.status_code == 200
    assert world.member.email not in csv.content.decode()


# --- export -----------------------------------------------------------------------------------


def test_a_person_downloads_everything_the_platform_holds_about_them(world, history):
    client = logged_in(world.member)
    response = client.get("/me/data.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["format"] == data_rights.EXPORT_FORMAT
    sections = {s["key"]: s["rows"] for s in document["sections"]}
    assert sections["account"][0]["email"] == world.member.email
    assert [r["title"] for r in sections["ideas.contributions"]] == ["Tájház a faluban"]
    assert sections["ideas.comments"][0]["body"] == "Jó ötlet, segítek benne."
    assert len(sections["ideas.supports"]) == 1
    assert sections["meetings.registrations"][0]["answers"] == {"1": "vegetáriánus"}
    assert sections["meetings.registrations"][0]["attendance"] == "present"
    assert sections["meetings.certificates"][0]["verification_code"]
    assert sections["memberships"][0]["organisation.short_name"] is not None
    assert sections["api_tokens"][0]["name"] == "script"
    assert any(r["verb"] == "comment.created" for r in sections["activity"])
    # Nobody else's data: the other contribution's author is not in it.
    assert world.expert.email not in response.content.decode()

    page = client.get("/me/data/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tájház a faluban" in text and "vegetáriánus" in text


def test_the_export_is_only_ones_own(client):
    assert client.get("/me/data.json").status_code == 302  # to the login page
    assert client.get("/me/delete/").status_code == 302


# --- erasure ----------------------------------------------------------------------------------


def test_erasure_keeps_the_record_and_counts_and_erases_the_person(world, history, settings):
    settings.LANGUAGE_CODE = "en"
    member = world.member
    email, name = member.email, member.full_name
    supports = Support.objects.filter(contribution=history["other"]).count()
    told = Notification.objects.get(person=world.expert, verb="contribution.commented")
    assert name in told.text
    report = person_erase(person=member, actor=member)
    member.refresh_from_db()

    assert member.erased_at and not member.is_active and not member.has_usable_password()
    assert member.email != email and member.full_name == ""
    assert str(member) == "former participant"
    assert not member.check_password(PASSWORD)
    # The community's record stays, attributed to "former participant".
    contribution = history["contribution"]
    contribution.refresh_from_db()
    assert contribution.author_id == member.pk
    page = Client().get(f"/contributions/{contribution.pk}/").content.decode()
    assert "former participant" in page and name not in page and email not in page
    assert Comment.objects.filter(author=member).count() == 1
    assert Support.objects.filter(contribution=history["other"]).count() == supports
    # Registrations and attendance: counted, without the answers.
    registration = Registration.objects.get(pk=history["registration"].pk)
    assert registration.attendance == "present" and registration.answers == {}
    # What was only theirs is gone.
    assert not Follow.objects.filter(person=member).exists()
    told.refresh_from_db()
    assert name not in told.text  # others' notifications no longer name them
    assert not Membership.objects.filter(user=member).exists()
    assert not ApiToken.objects.filter(user=member).exists()
    assert report.counts["api_tokens"] == 1
    # The certificate still verifies, and says the name was erased on request.
    certificate = Certificate.objects.get(pk=history["certificate"].pk)
    verify = Client().get(f"/certificates/verify/{certificate.verification_code}/")
    assert verify.status_code == 200
    text = verify.content.decode()
    assert "erased at their request" in text and name not in text
    # The log keeps every event, with the actor pseudonymised and no trace of name or address.
    entries = ActivityLog.objects.filter(actor=member)
    assert entries.filter(verb="comment.created").exists()
    assert entries.filter(verb="person.erased").exists()
    invited = ActivityLog.objects.get(verb="meeting.invited")
    assert invited.changes == {"sent": ["", "someone.else@example.org"]}
    assert not Invitation.objects.filter(person=member).exists()
    for entry in ActivityLog.objects.all():
        logged = f"{entry} {entry.target_repr} {json.dumps(entry.changes, ensure_ascii=False)}"
        assert email not in logged and name not in logged


def test_deleting_ones_account_needs_the_password_and_a_confirmation(world, history):
    member = world.member
    client = logged_in(member)
    page = client.get("/me/delete/")
    assert page.status_code == 200 and 'type="password"' in page.content.decode()

    wrong = client.post("/me/delete/", {"password": "not-it", "confirm": "on"})
    assert wrong.status_code == 200
    unconfirmed = client.post("/me/delete/", {"password": PASSWORD})
    assert unconfirmed.status_code == 200
    member.refresh_from_db()
    assert member.erased_at is None

    done = client.post("/me/delete/", {"password": PASSWORD, "confirm": "on"})
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.erased_at is not None
    assert client.get("/me/").status_code == 302  # logged out


def test_a_coordinator_erases_a_participant_on_request_and_it_is_logged(world, history):
    url = f"/p/{world.process.slug}/erasure/"
    member = world.member
    assert logged_in(world.facilitator).get(url).status_code == 403
    coordinator = logged_in(world.coordinator)
    assert url in coordinator.get(f"/p/{world.process.slug}/").content.decode()

    stranger = make_user("stranger@example.org")
    refused = coordinator.post(
        url, {"email": stranger.email, "reason": "e-mail, 2026-12-01", "confirm": "on"}
    )
    assert refused.status_code == 200
    stranger.refresh_from_db()
    assert stranger.erased_at is None

    done = coordinator.post(
        url, {"email": member.email.upper(), "reason": "levélben kérte 2026-12-01", "confirm": "on"}
    )
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.erased_at is not None
    entry = ActivityLog.objects.get(verb="person.erased")
    assert entry.actor == world.coordinator
    assert entry.process == world.process
    assert entry.changes["on_request_of"] == "coordinator"
    assert entry.changes["reason"] == "levélben kérte 2026-12-01"


def test_a_coordinator_cannot_erase_people_of_another_process(world, history):
    from tests.factories import make_process

    other = make_process(slug="masik-folyamat")
    from cultiva.processes.models import ProcessRole

    outsider_coordinator = make_user("other.coordinator@example.org")
    ProcessRole.objects.create(process=other, user=outsider_coordinator, role="coordinator")
    client = logged_in(outsider_coordinator)
    response = client.post(
        f"/p/{other.slug}/erasure/",
        {"email": world.member.email, "reason": "kérte", "confirm": "on"},
    )
    assert response.status_code == 200
    world.member.refresh_from_db()
    assert world.member.erased_at is None
