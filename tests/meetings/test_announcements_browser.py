"""A facilitator writes to a meeting's registered people; a recipient reads it in their own
language and turns announcements off with the link in the e-mail, without logging in."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from cultiva.accounts.notifications import wants
from cultiva.meetings.models import Announcement
from cultiva.meetings.services.registration import registration_create
from tests.browser.fixtures import log_in
from tests.factories import make_meeting, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facilitator_announces_to_registered_people(new_page, axe_check):
    world = make_world()
    world.member.preferred_language = "ro"
    world.member.save()
    meeting = make_meeting(world.process, title={"hu": "Pályázatírás", "ro": "Scrierea"})
    for person in (world.member, world.expert):
        registration_create(actor=person, meeting=meeting)
    mail.outbox.clear()

    staff = new_page()
    log_in(staff, world.facilitator.email)
    staff.goto(f"/p/{world.process.slug}/meetings/{meeting.pk}/")
    staff.locator("main a[href*='/announcements/new/']").click()
    staff.wait_for_url(re.compile(r".*/announcements/new/\?.*"))
    assert staff.locator("select[name=audience]").input_value() == "meeting_registered"
    assert staff.locator("select[name=meeting]").input_value() == str(meeting.pk)
    staff.fill("input[name=subject_hu]", "Holnap kezdünk")
    staff.fill("textarea[name=body_hu]", "Hozzanak tollat.")
    staff.fill("input[name=subject_ro]", "Începem mâine")
    staff.fill("textarea[name=body_ro]", "Aduceți un pix.")
    staff.locator("button[name=preview]").click()
    staff.wait_for_load_state()
    assert "2" in staff.locator("#recipients-preview").inner_text()
    assert not Announcement.objects.exists()
    axe_check(staff)
    staff.locator("button[name=send]").click()
    staff.wait_for_url(re.compile(r".*/announcements/\d+/$"))
    assert "2" in staff.locator("main dl").inner_text()
    axe_check(staff)
    staff.goto(f"/p/{world.process.slug}/announcements/")
    assert "Holnap kezdünk" in staff.locator("main table").inner_text()

    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {world.member.email, world.expert.email}
    romanian = by_person[world.member.email]
    assert romanian.subject == "Începem mâine"
    assert "Aduceți un pix." in romanian.body
    assert by_person[world.expert.email].subject == "Holnap kezdünk"

    link = re.search(r"https?://[^/\s]+(/unsubscribe/\S+/)", romanian.body)[1]
    visitor = new_page(locale="ro-RO")
    visitor.goto(link)
    axe_check(visitor)
    assert wants(world.member, "announcements")
    visitor.locator("main form button[type=submit]").click()
    visitor.wait_for_load_state()
    assert visitor.locator("main [role=status]").is_visible()
    assert not wants(world.member, "announcements")
    assert wants(world.expert, "announcements")
