"""In a browser: materials, library, minutes and feedback pages work on a phone and pass axe.

A facilitator uploads slides and writes the minutes; a member finds the slides in the
library with a Hungarian word form and gives feedback; the facilitator reads the results.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import timezone

from cultiva.meetings.models import FeedbackQuestion, Material, Registration
from tests.browser.fixtures import chromium_path, page_opener
from tests.factories import PASSWORD, make_meeting, make_world
from tests.meetings.test_materials import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def in_own_browser(live_server, drive):
    """Run `drive(new_page)` with a Chromium of its own, in a thread of its own.

    The browser tests under tests/browser keep a session-wide Playwright running on the
    main thread, and Playwright's sync API allows one per thread.
    """
    playwright_api = pytest.importorskip("playwright.sync_api")

    def run():
        with playwright_api.sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(),
                    headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
                )
            except Exception as error:  # no browser on this machine
                return error
            try:
                with page_opener(browser, live_server.url) as new_page:
                    drive(new_page)
            finally:
                browser.close()
        return None

    with ThreadPoolExecutor(max_workers=1) as executor:
        error = executor.submit(run).result()
    if error is not None:
        if os.environ.get("CI") == "true":
            raise error
        pytest.skip(f"No Chromium available: {error}")


def test_materials_minutes_and_feedback_on_a_phone(live_server, axe_check, tmp_path):  # noqa: F811
    world = make_world()
    slug = world.process.slug
    meeting = make_meeting(
        world.process,
        title={"hu": "Múzeumi műhely", "ro": "Atelier muzeal"},
        starts_at=timezone.now() - dt.timedelta(hours=1),
    )
    Registration.objects.create(
        meeting=meeting, person=world.member, status=Registration.Status.CONFIRMED
    )
    FeedbackQuestion.objects.create(
        process=world.process,
        label={"hu": "Mennyire volt hasznos?", "ro": "Cât de util a fost?"},
        is_required=True,
    )
    FeedbackQuestion.objects.create(
        process=world.process, label={"hu": "Mit javasolna?"}, kind=FeedbackQuestion.Kind.TEXT
    )
    slides = tmp_path / "diak.pdf"
    slides.write_bytes(make_pdf("Muzeumpedagogia"))

    def drive(new_page):
        # The facilitator adds slides and writes the minutes.
        page = new_page(viewport=PHONE)
        log_in(page, world.facilitator.email)
        page.goto(f"/p/{slug}/meetings/{meeting.pk}/materials/new/")
        axe_check(page)
        page.fill("input[name=title]", "Múzeumi pedagógia a gyakorlatban")
        page.set_input_files("input[name=file]", str(slides))
        page.select_option("select[name=licence]", Material.Licence.CC_BY)
        page.check("input[name=visibility][value=participants]")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(f"**/meetings/{meeting.pk}/")
        axe_check(page)

        page.goto(f"/p/{slug}/meetings/{meeting.pk}/minutes/edit/")
        axe_check(page)
        page.fill("textarea[name=body]", "# Döntések\n\n- Tavasszal **új** műhely.")
        page.locator("main form button[name=save]").click()
        page.wait_for_url(f"**/meetings/{meeting.pk}/minutes/")
        page.locator("main form button[type=submit]").click()  # publish
        page.wait_for_load_state()
        axe_check(page)
        page.goto(f"/p/{slug}/meetings/{meeting.pk}/minutes/history/")
        axe_check(page)

        # The member finds the slides by another word form and gives feedback.
        member = new_page(viewport=PHONE)
        log_in(member, world.member.email)
        member.goto(f"/p/{slug}/library/?q=múzeumok")
        axe_check(member)
        assert fits_the_phone(member)
        assert member.locator("main .material h2").first.inner_text() == (
            "Múzeumi pedagógia a gyakorlatban"
        )
        member.goto(f"/p/{slug}/meetings/{meeting.pk}/")
        assert "új" in member.locator(".minutes-body").inner_text()
        member.goto(f"/p/{slug}/meetings/{meeting.pk}/feedback/")
        axe_check(member)
        member.locator("main form button[type=submit]").click()  # required answer missing
        axe_check(member)
        member.check("input[type=radio][value='4']")
        member.fill("main textarea", "Több gyakorlat")
        member.locator("main form button[type=submit]").click()
        member.wait_for_url(f"**/meetings/{meeting.pk}/")

        # The facilitator reads the results: a chart and its table.
        page.goto(f"/p/{slug}/meetings/{meeting.pk}/feedback/results/")
        axe_check(page)
        assert page.locator("main svg[role=img]").count() == 1
        assert page.locator("main table").count() == 1
        assert fits_the_phone(page)

        coordinator = new_page()
        log_in(coordinator, world.coordinator.email)
        coordinator.goto(f"/p/{slug}/feedback/questions/")
        axe_check(coordinator)

    in_own_browser(live_server, drive)
    assert Material.objects.filter(visibility="participants").count() == 1
    assert FeedbackQuestion.objects.count() == 2
