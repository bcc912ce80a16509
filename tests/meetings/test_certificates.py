"""Attendance certificates: PDF per meeting and per series, issued once, publicly verifiable."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cultiva.core.models import ActivityLog
from cultiva.meetings.models import Certificate, Registration
from cultiva.meetings.services.certificates import (
    certificate_issue_for_meeting,
    certificate_issue_for_series,
    certificate_languages,
)
from cultiva.processes.models import ProcessRole
from tests.factories import make_meeting, make_settlement, make_user

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator"]
Attendance = Registration.Attendance
HOLDER = "Kovács Ágnes Ildikó"


def register(meeting, person, attendance=""):
    return Registration.objects.create(
        meeting=meeting,
        person=person,
        status=Registration.Status.CONFIRMED,
        attendance=attendance,
    )


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def attended(world):
    """A past meeting in Csíkszereda the member attended, the member named with diacritics."""
    world.member.full_name = HOLDER
    world.member.save()
    meeting = make_meeting(
        world.process,
        title={"hu": "Kulturális menedzsment műhely", "ro": "Atelier de management cultural"},
        starts_at=timezone.now() - dt.timedelta(days=2),
        venue="Megyeháza",
        settlement=make_settlement(),
    )
    register(meeting, world.member, Attendance.PRESENT)
    register(meeting, world.outsider, Attendance.ABSENT)
    return meeting


def certificate_url(world, meeting, lang=None):
    url = reverse("meetings:certificate", args=[world.process.slug, meeting.pk])
    return f"{url}?lang={lang}" if lang else url


@pytest.mark.parametrize("index", range(len(ROLES)))
def test_meeting_certificate_permissions(client, world, attended, index):
    role = ROLES[index]
    expected = ["login", 403, 200, 403, 403][index]
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(certificate_url(world, attended))
    status = response.status_code
    if status == 302 and "/accounts/login/" in response["Location"]:
        status = "login"
    assert status == expected
    assert Certificate.objects.exists() == (expected == 200)


def test_absent_person_is_told_why(client, world, attended):
    client.force_login(world.outsider)
    response = client.get(certificate_url(world, attended), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert b"recorded as present" in response.content


def test_meeting_certificate_pdf(client, world, attended):
    client.force_login(world.member)
    response = client.get(certificate_url(world, attended, "hu"))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    certificate = Certificate.objects.get()
    assert certificate.holder_name == HOLDER
    assert certificate.kind == Certificate.Kind.MEETING
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = pdf_text(response.content)
    assert HOLDER in text
    assert certificate.verification_code in text
    assert "Kulturális menedzsment műhely" in text
    assert "Megyeháza" in text
    assert "Hargita kulturális stratégia" in text  # the process
    verify = reverse("meetings:certificate_verify", args=[certificate.verification_code])
    assert f"http://testserver{verify}" in text.replace("\n", "")


def test_bilingual_certificate_has_both_titles(client, world, attended):
    client.force_login(world.member)
    response = client.get(certificate_url(world, attended, "hu-ro"))
    text = pdf_text(response.content)
    assert "Kulturális menedzsment műhely" in text
    assert "Atelier de management cultural" in text
    assert text.count(HOLDER) == 2


def test_certificate_is_issued_once(client, world, attended):
    client.force_login(world.member)
    for lang in ("hu", "ro", "en", "hu-ro", "xx"):
        assert client.get(certificate_url(world, attended, lang)).status_code == 200
    assert Certificate.objects.count() == 1
    entries = ActivityLog.objects.filter(verb="certificate.issued")
    assert entries.count() == 1
    assert entries.get().actor == world.member
    # the name is frozen: renaming the account later does not change the certificate
    world.member.full_name = "Más Név"
    world.member.save()
    again = certificate_issue_for_meeting(person=world.member, meeting=attended)
    assert again.holder_name == HOLDER


def test_language_choice(world):
    world.member.preferred_language = "ro"
    assert certificate_languages(None, world.member) == ["ro"]
    assert certificate_languages("en", world.member) == ["en"]
    assert certificate_languages("hu-ro", world.member) == ["hu", "ro"]
    assert certificate_languages("<script>", world.member) == ["ro"]
    world.member.preferred_language = ""
    assert certificate_languages(None, world.member) == ["hu"]  # the active language


# --- verification -------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(ROLES)))
def test_verification_page_confirms_a_real_code(client, world, attended, index):
    certificate = certificate_issue_for_meeting(person=world.member, meeting=attended)
    role = ROLES[index]
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(
        reverse("meetings:certificate_verify", args=[certificate.verification_code])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert HOLDER in html
    assert "Kulturális menedzsment műhely" in html


def test_verification_accepts_a_typed_code(client, world, attended):
    certificate = certificate_issue_for_meeting(person=world.member, meeting=attended)
    code = certificate.verification_code
    typed = f" {code[:4].lower()}-{code[4:8]} {code[8:].lower()} "
    response = client.get(reverse("meetings:certificate_verify_form"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:certificate_verify", args=[code])
    # a lower-case address redirects to the canonical one
    response = client.get(reverse("meetings:certificate_verify", args=[code.lower()]))
    assert response.status_code == 302


@pytest.mark.parametrize("code", ["ABCDEFGHJKMN", "ABC", "0000OOOO1111", "<script>", "x" * 300])
def test_verification_rejects_fake_codes(client, world, attended, code):
    certificate_issue_for_meeting(person=world.member, meeting=attended)
    response = client.get(reverse("meetings:certificate_verify", args=[code]))
    assert response.status_code == 404
    assert "meetings/certificates/verify_missing.html" in [t.name for t in response.templates]
    assert HOLDER not in response.content.decode()


@pytest.mark.parametrize("code", ["", "short", "ABCDEFGHJKM0"])
def test_verification_form_rejects_malformed_codes(client, db, code):
    response = client.get(reverse("meetings:certificate_verify_form"), {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_verification_form_page(client, db):
    assert client.get(reverse("meetings:certificate_verify_form")).status_code == 200


# --- the series certificate -----------------------------------------------------------------


@pytest.fixture
def series(world, attended):
    """The process needs 3 meetings; the member attended `attended` and one more."""
    world.process.series_certificate_min_meetings = 3
    world.process.save()
    meetings = [attended]
    for days in (20, 10):
        meeting = make_meeting(
            world.process,
            title={"hu": f"Előadás {days}", "ro": f"Prelegere {days}"},
            starts_at=timezone.now() - dt.timedelta(days=days),
        )
        meetings.append(meeting)
    register(meetings[1], world.member, Attendance.PRESENT)
    third = register(meetings[2], world.member, Attendance.EXCUSED)
    return meetings, third


def test_series_certificate_below_threshold_is_refused(client, world, series):
    client.force_login(world.member)
    url = reverse("meetings:series_certificate", args=[world.process.slug])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert b"3" in response.content and b"2" in response.content
    assert not Certificate.objects.exists()


def test_series_certificate_at_threshold(client, world, series):
    meetings, third = series
    third.attendance = Attendance.PRESENT
    third.save()
    client.force_login(world.member)
    url = reverse("meetings:series_certificate", args=[world.process.slug])
    response = client.get(url + "?lang=hu")
    assert response.status_code == 200
    certificate = Certificate.objects.get(kind=Certificate.Kind.SERIES)
    assert certificate.attended_count == 3
    text = pdf_text(response.content)
    assert HOLDER in text
    assert certificate.verification_code in text
    assert "Előadás 20" in text and "Előadás 10" in text
    assert "Kulturális menedzsment műhely" in text
    # issued once, frozen
    client.get(url)
    assert Certificate.objects.filter(kind=Certificate.Kind.SERIES).count() == 1
    verify = client.get(
        reverse("meetings:certificate_verify", args=[certificate.verification_code])
    )
    assert "Előadás 20" in verify.content.decode()


def test_series_service_enforces_the_threshold(world, series):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        certificate_issue_for_series(person=world.member, process=world.process)


@pytest.mark.parametrize("index", range(len(ROLES)))
def test_series_certificate_permissions(client, world, series, index):
    meetings, third = series
    third.attendance = Attendance.PRESENT
    third.save()
    role = ROLES[index]
    expected = ["login", 403, 200, 403, 403][index]
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(reverse("meetings:series_certificate", args=[world.process.slug]))
    status = response.status_code
    if status == 302 and "/accounts/login/" in response["Location"]:
        status = "login"
    assert status == expected


# --- the meeting page panel -------------------------------------------------------------------


def render_panel(world, meeting, user):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load meetings_attendance %}{% attendance_panel meeting %}")
    return template.render(Context({"request": request, "meeting": meeting}))


def test_panel_per_role(world, attended):
    from django.contrib.auth.models import AnonymousUser

    upcoming = make_meeting(world.process)
    mine = register(upcoming, world.outsider)
    assert render_panel(world, upcoming, AnonymousUser()) == ""
    staff = render_panel(world, upcoming, world.facilitator)
    assert reverse("meetings:checkin", args=[world.process.slug, upcoming.pk]) in staff
    assert reverse("meetings:checkin_poster", args=[world.process.slug, upcoming.pk]) in staff
    participant = render_panel(world, upcoming, world.outsider)
    assert mine.personal_code in participant
    present = render_panel(world, attended, world.member)
    assert reverse("meetings:certificate", args=[world.process.slug, attended.pk]) in present
    assert "?lang=ro" in present
    decision = render_panel(world, upcoming, world.decision_maker)
    assert reverse("meetings:cohort", args=[world.process.slug]) in decision


def test_panel_offers_the_series_certificate(world, series):
    meetings, third = series
    assert "series_certificate" not in render_panel(world, meetings[0], world.member)
    url = reverse("meetings:series_certificate", args=[world.process.slug])
    assert url not in render_panel(world, meetings[0], world.member)
    third.attendance = Attendance.PRESENT
    third.save()
    assert url in render_panel(world, meetings[0], world.member)


def test_certificate_for_someone_outside_the_process(client, world, attended):
    """A person with no role in the process but recorded present still gets it."""
    guest = make_user(full_name="Vendég Vilma")
    register(attended, guest, Attendance.PRESENT)
    assert not ProcessRole.objects.filter(user=guest).exists()
    client.force_login(guest)
    assert client.get(certificate_url(world, attended)).status_code == 200
