"""Links that leave the browser (e-mails, certificates, calendar feeds) use CULTIVA_SITE_URL,
whatever host the request named; a production server without it fails the deploy check."""

from __future__ import annotations

import datetime as dt
import io
import re

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cultiva.core.checks import SITE_URL_MISSING_ID, check_site_url
from cultiva.core.site import absolute_url
from cultiva.meetings.models import Registration
from cultiva.meetings.services.registration import registration_email_send
from cultiva.meetings.views.programme import personal_feed_token
from tests.factories import make_meeting, make_user
from tests.isolated import manage

SITE = "https://kultura.example.ro"
# The request comes in on an internal name, as behind a proxy.
INTERNAL_HOST = {"HTTP_HOST": "10.0.0.7:8000"}


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE + "/"
    settings.ALLOWED_HOSTS = ["*"]
    return SITE


def test_absolute_url_joins_the_site_and_a_path(site):
    assert absolute_url("/p/hargita/") == f"{SITE}/p/hargita/"
    assert absolute_url("https://other.example.org/x") == "https://other.example.org/x"


def test_password_reset_e_mail_links_to_the_site(client, db, site):
    make_user("bela@example.org")
    client.post(reverse("account_reset_password"), {"email": "bela@example.org"}, **INTERNAL_HOST)
    body = mail.outbox[0].body
    assert re.search(re.escape(SITE) + r"/accounts/password/reset/key/\S+", body)
    assert "10.0.0.7" not in body and "testserver" not in body
    assert "kultura.example.ro" in body  # the site named at the foot of the message


def test_meeting_e_mail_links_to_the_site(world, site):
    meeting = make_meeting(world.process)
    registration = Registration.objects.create(
        meeting=meeting, person=world.member, status=Registration.Status.CONFIRMED
    )
    registration_email_send(registration=registration, kind="confirmed")
    body = mail.outbox[0].body
    assert f"{SITE}/p/{world.process.slug}/meetings/{meeting.pk}/" in body


def test_calendar_feed_links_to_the_site(client, world, site):
    meeting = make_meeting(world.process)
    Registration.objects.create(meeting=meeting, person=world.member, status="confirmed")
    url = reverse(
        "meetings:personal_feed", args=[world.member.pk, personal_feed_token(world.member)]
    )
    calendar = icalendar.Calendar.from_ical(client.get(url, **INTERNAL_HOST).content)
    (event,) = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert str(event["url"]) == f"{SITE}/p/{world.process.slug}/meetings/{meeting.pk}/"
    client.force_login(world.member)
    page = client.get(reverse("meetings:personal_feed_link"), **INTERNAL_HOST)
    assert f"{SITE}{url}" in page.content.decode()


def test_certificate_verification_link_is_on_the_site(client, world, site):
    meeting = make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(days=2))
    Registration.objects.create(
        meeting=meeting,
        person=world.member,
        status=Registration.Status.CONFIRMED,
        attendance=Registration.Attendance.PRESENT,
    )
    client.force_login(world.member)
    response = client.get(
        reverse("meetings:certificate", args=[world.process.slug, meeting.pk]) + "?lang=hu",
        **INTERNAL_HOST,
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert f"{SITE}/" in text.replace("\n", "")
    assert "10.0.0.7" not in text


def test_missing_site_url_is_a_deploy_error_with_debug_off(settings):
    settings.DEBUG = False
    settings.SITE_URL = ""
    assert [error.id for error in check_site_url()] == [SITE_URL_MISSING_ID]
    settings.SITE_URL = SITE
    assert check_site_url() == []
    settings.DEBUG = True
    settings.SITE_URL = ""
    assert check_site_url() == []


def test_deploy_check_reports_a_missing_site_url(tmp_path):
    result = manage(
        ["check", "--deploy"],
        tmp_path,
        CULTIVA_HTTPS="true",
        CULTIVA_SECRET_KEY="a-long-random-key-for-this-test-only-" + "x" * 40,
    )
    assert result.returncode != 0
    assert SITE_URL_MISSING_ID in result.stderr and "CULTIVA_SITE_URL" in result.stderr
