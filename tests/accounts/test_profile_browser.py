"""A member sets their languages and turns an e-mail off on their profile page."""

from __future__ import annotations

import pytest

from cultiva.accounts.notifications import wants
from tests.browser.fixtures import log_in
from tests.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_sets_languages_and_e_mails(new_page, axe_check):
    world = make_world()
    page = new_page()
    log_in(page, world.member.email)

    page.goto("/me/profile/")
    axe_check(page)
    page.select_option("select[name=preferred_language]", "ro")
    page.check("input[name=reads_languages][value=hu]")
    page.locator("form[action='/me/profile/'] button[type=submit]").click()
    page.wait_for_url("**/me/profile/")
    world.member.refresh_from_db()
    assert world.member.preferred_language == "ro"
    assert world.member.reads_languages == ["hu"]

    page.uncheck("input[name=announcements]")
    page.locator("form[action='/me/notifications/'] button[type=submit]").click()
    page.wait_for_url("**/me/profile/#notifications")
    assert not wants(world.member, "announcements")
    assert wants(world.member, "meetings")
    assert not page.locator("input[name=announcements]").is_checked()
    axe_check(page)
