"""A coordinator's catalogue in Chromium: the calls list on a phone, a call edited with a
bad term refused and then saved; the pages pass axe."""

import pytest

from cultiva.funding.catalogue_load import catalogue_load
from cultiva.funding.models import Call
from tests.factories import PASSWORD, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def test_coordinator_keeps_the_catalogue(new_page, axe_check):
    world = make_world()
    catalogue_load(process=world.process)
    slug = world.process.slug
    phone = new_page(viewport={"width": 390, "height": 844}, locale="en-GB")
    phone.goto(f"/p/{slug}/funding/")
    assert phone.locator("main tbody tr").count() >= 10
    axe_check(phone)
    page = new_page(locale="en-GB")
    log_in(page, world.coordinator.email)
    call = Call.objects.get(process=world.process, code__startswith="AFCN", code__endswith="-I")
    page.goto(f"/p/{slug}/funding/calls/{call.pk}/edit/")
    axe_check(page)
    page.fill("input[name=min_amount]", "300000")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "above the maximum amount" in page.locator("main").inner_text()
    page.fill("input[name=min_amount]", "1000")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/funding/catalogue/")
    call.refresh_from_db()
    assert call.min_amount == 1000
    assert call.documents.count() >= 4 and call.deadlines.count() == 1
