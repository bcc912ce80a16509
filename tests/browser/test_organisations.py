"""A member registers an organisation; a coordinator verifies it; the badge shows (Chromium)."""

import pytest

from cultiva.accounts.models import Membership, Organisation
from tests.factories import PASSWORD, make_term, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def test_member_registers_an_organisation_and_a_coordinator_verifies_it(new_page, axe_check):
    world = make_world()
    make_term("domain", "music", hu="Zene", ro="Muzică", en="Music")

    member_page = new_page(locale="hu-HU")
    log_in(member_page, world.member.email)
    member_page.goto("/organisations/")
    member_page.locator("main a[href='/organisations/new/']").click()
    member_page.wait_for_url("**/organisations/new/")
    axe_check(member_page)
    # A bad tax code first: refused with a reason, and nothing typed is lost.
    member_page.fill("input[name=name_hu]", "Csíkszeredai Népdalkör")
    member_page.fill("input[name=name_ro]", "Corul Popular din Miercurea Ciuc")
    member_page.select_option("select[name=legal_form]", "association")
    member_page.select_option("select[name=sector]", index=1)
    member_page.select_option("select[name=settlement]", label="Csíkszereda / Miercurea Ciuc")
    member_page.fill("input[name=registry_code]", "RO14399841")
    member_page.locator("main form button[type=submit]").click()
    member_page.wait_for_load_state()
    assert "nem érvényes romániai adószám" in member_page.locator("main").inner_text()
    assert member_page.input_value("input[name=name_hu]") == "Csíkszeredai Népdalkör"

    member_page.fill("input[name=registry_code]", "RO14399840")
    member_page.locator("main form button[type=submit]").click()
    member_page.wait_for_url("**/organisations/*/")
    organisation = Organisation.objects.get(registry_code="14399840")
    assert Membership.objects.get(organisation=organisation, user=world.member).is_administrator
    assert member_page.locator("main [data-verified]").count() == 0
    axe_check(member_page)

    coordinator_page = new_page(locale="hu-HU")
    log_in(coordinator_page, world.coordinator.email)
    coordinator_page.goto(f"/organisations/{organisation.pk}/")
    coordinator_page.locator(
        f"main form[action='/organisations/{organisation.pk}/verify/'] button"
    ).click()
    coordinator_page.wait_for_load_state()
    assert coordinator_page.locator("h1 [data-verified]").count() == 1

    # Everyone sees the badge, in the list and on the page.
    member_page.goto("/organisations/")
    row = member_page.locator("main tr", has_text="Csíkszeredai Népdalkör")
    assert row.locator("[data-verified]").count() == 1
    axe_check(member_page)
