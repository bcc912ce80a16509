"""A member registers, the facilitator checks them in, the certificate is verified."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cultiva.meetings.models import Certificate, Meeting, Registration
from tests.factories import PASSWORD, make_meeting, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def log_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def test_register_check_in_certificate_verify(new_page, axe_check):
    world = make_world()
    world.member.full_name = "Bálint Őrsike Ștefania"
    world.member.save()
    meeting = make_meeting(
        world.process,
        title={"hu": "Pályázatírás kulturális szervezeteknek", "ro": "Scrierea de proiecte"},
        venue="Megyeháza, kisterem",
        capacity=20,
        starts_at=timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=30),
    )
    meeting_url = f"/p/{world.process.slug}/meetings/{meeting.pk}/"

    member = new_page(viewport=PHONE)
    log_in(member, world.member.email)
    member.goto(meeting_url)
    axe_check(member)
    member.locator(".registration-panel form button[type=submit]").click()
    member.wait_for_load_state()
    registration = Registration.objects.get(meeting=meeting, person=world.member)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.personal_code in member.locator(".registration-panel").inner_text()
    axe_check(member)

    staff = new_page(viewport=PHONE)
    log_in(staff, world.facilitator.email)
    staff.goto(f"{meeting_url}checkin/")
    axe_check(staff)
    staff.locator(f"#r{registration.pk} button[value=present]").click()
    staff.wait_for_load_state()
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.PRESENT

    # The certificate comes once the meeting is over: let it end.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=4),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    member.goto(meeting_url)
    with member.expect_download() as download:
        member.locator(".certificate-links a[hreflang=ro]").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    certificate = Certificate.objects.get(person=world.member, meeting=meeting)
    assert "Bálint Őrsike Ștefania" in text
    assert certificate.verification_code in text

    public = new_page()
    public.goto("/certificates/verify/")
    axe_check(public)
    public.fill("main input[name=code]", certificate.verification_code.lower())
    public.locator("main form button[type=submit]").click()
    public.wait_for_url(re.compile(r".*/certificates/verify/[A-Z0-9]+/$"))
    page_text = public.locator("main").inner_text()
    assert "Bálint Őrsike Ștefania" in page_text
    assert "Pályázatírás kulturális szervezeteknek" in page_text
    axe_check(public)
