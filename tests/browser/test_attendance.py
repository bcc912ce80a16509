"""On a phone: the facilitator checks people in, a participant checks in with their code,
downloads the certificate and its verification page confirms it. Every page passes axe."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cultiva.meetings.models import Certificate, Meeting, Registration
from tests.factories import PASSWORD, make_meeting, make_user, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def log_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{page.url} is {width}px wide"


def test_checkin_to_verified_certificate(new_page, axe_check):  # noqa: F811
    world = make_world()
    world.member.full_name = "Kovács Ágnes Ildikó"
    world.member.save()
    anna = make_user("anna@example.org", full_name="Székely Anna")
    meeting = make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(minutes=5))
    mine = Registration.objects.create(
        meeting=meeting, person=world.member, organisation=world.organisation, status="confirmed"
    )
    annas = Registration.objects.create(meeting=meeting, person=anna, status="confirmed")
    slug = world.process.slug

    # The facilitator, on a phone, finds Anna without typing the accents and marks her present.
    staff = new_page(viewport=PHONE)
    log_in(staff, world.facilitator.email)
    staff.goto(f"/p/{slug}/meetings/{meeting.pk}/checkin/")
    axe_check(staff)
    no_sideways_scroll(staff)
    staff.fill("input[name=q]", "szekely")
    staff.locator("main form[role=search] button[type=submit]").first.click()
    staff.wait_for_url("**?q=szekely")
    rows = staff.locator(".checkin-row")
    assert rows.count() == 1
    rows.first.locator("button[value=present]").click()
    staff.wait_for_load_state()
    annas.refresh_from_db()
    assert annas.attendance == "present"
    assert staff.locator(f"#r{annas.pk} button[value=present][aria-pressed=true]").count() == 1
    axe_check(staff)
    staff.goto(f"/p/{slug}/meetings/{meeting.pk}/checkin/poster/")
    axe_check(staff)
    assert staff.locator(".poster svg").count() == 1
    staff.goto(f"/p/{slug}/attendance/")
    axe_check(staff)

    # The member scans the poster's code and types their personal code, in lower case.
    phone = new_page(viewport=PHONE)
    phone.goto(f"/checkin/{meeting.checkin_code}/")
    axe_check(phone)
    no_sideways_scroll(phone)
    phone.fill("input[name=code]", "nope")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    assert phone.locator("[role=alert]").count() == 1
    axe_check(phone)
    phone.fill("input[name=code]", mine.personal_code.lower())
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    axe_check(phone)
    mine.refresh_from_db()
    assert (mine.attendance, mine.checkin_method) == ("present", "self")

    # Logged in, the member sees the certificate comes once the meeting is over …
    log_in(phone, world.member.email)
    phone.goto(f"/p/{slug}/meetings/{meeting.pk}/")
    assert phone.locator(".attendance-panel").count() == 1
    assert phone.locator(".certificate-links").count() == 0
    # … and when it is, downloads it from the meeting page.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=4),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    phone.goto(f"/p/{slug}/meetings/{meeting.pk}/")
    with phone.expect_download() as download_info:
        phone.locator(".certificate-links a[hreflang=hu]").click()
    pdf = download_info.value.path().read_bytes()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    certificate = Certificate.objects.get(person=world.member)
    assert "Kovács Ágnes Ildikó" in text
    assert certificate.verification_code in text

    # Anyone can verify it, typing the code by hand.
    public = new_page(viewport=PHONE)
    public.goto("/certificates/verify/")
    axe_check(public)
    public.fill("input[name=code]", certificate.verification_code.lower())
    public.locator("main form button[type=submit]").click()
    public.wait_for_url(f"**/certificates/verify/{certificate.verification_code}/")
    axe_check(public)
    assert "Kovács Ágnes Ildikó" in public.content()
    public.goto("/certificates/verify/ABCDEFGHJKMN/")
    axe_check(public)
    no_sideways_scroll(public)


def test_self_checkin_with_one_button(new_page, axe_check):  # noqa: F811
    world = make_world()
    meeting = make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(minutes=5))
    registration = Registration.objects.create(
        meeting=meeting, person=world.member, status="confirmed"
    )
    page = new_page(viewport=PHONE)
    log_in(page, world.member.email)
    page.goto(f"/checkin/{meeting.checkin_code}/")
    axe_check(page)
    page.locator("button[name=confirm]").click()
    page.wait_for_load_state()
    registration.refresh_from_db()
    assert registration.attendance == "present"
