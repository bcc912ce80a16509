"""A coordinator invites a facilitator by e-mail; the invitee opens the link from the e-mail,
creates the account and lands in the process with the role. Every page passes axe."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from cultiva.accounts.models import User
from cultiva.processes.models import ProcessRole
from tests.factories import PASSWORD, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_invites_a_facilitator_who_creates_an_account(
    new_page, axe_check, live_server, settings
):
    settings.SITE_URL = live_server.url  # CULTIVA_SITE_URL
    world = make_world()
    slug = world.process.slug

    page = new_page(locale="hu-HU")
    page.goto("/accounts/login/")
    page.fill("input[name=login]", world.coordinator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")
    page.goto(f"/p/{slug}/")
    page.locator(f"main a[href='/p/{slug}/people/']").click()
    page.wait_for_url(f"**/p/{slug}/people/")
    axe_check(page)
    page.locator(f"main a[href='/p/{slug}/invitations/']").first.click()
    page.wait_for_url(f"**/p/{slug}/invitations/")
    axe_check(page)
    page.fill("input[name=email]", "Uj.Moderator@example.org")
    page.select_option("main select[name=role]", "facilitator")
    page.select_option("main select[name=language]", "ro")
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_url(f"**/p/{slug}/invitations/")
    assert "uj.moderator@example.org" in page.locator("main table").inner_text()
    axe_check(page)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["uj.moderator@example.org"]
    assert "Invitație" in message.subject  # the invitee's language, not the coordinator's
    link = re.search(r"\S+/invitation/\S+/", message.body)[0]
    assert link.startswith(live_server.url)

    invitee = new_page(locale="ro-RO")
    invitee.goto(link)
    axe_check(invitee)
    assert "uj.moderator@example.org" in invitee.locator("main").inner_text()
    invitee.fill("input[name=full_name]", "Moldovan Ioana")
    invitee.fill("input[name=password1]", "o-parolă-lungă-2026")
    invitee.fill("input[name=password2]", "o-parolă-lungă-2026")
    invitee.select_option("main select[name=preferred_language]", "ro")
    invitee.locator("main form button[type=submit]").click()
    invitee.wait_for_url(f"**/p/{slug}/")
    axe_check(invitee)
    person = User.objects.get(email="uj.moderator@example.org")
    assert person.full_name == "Moldovan Ioana"
    assert ProcessRole.objects.filter(
        process=world.process, user=person, role="facilitator"
    ).exists()
    assert "Moldovan Ioana" in invitee.locator("header").inner_text()
