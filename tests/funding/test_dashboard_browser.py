"""The funding dashboard in a browser, on a phone: a decision-maker finds it from the process
page and reads the totals; the coordinator publishes it and a member then reads it too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.browser.fixtures import log_in
from tests.factories import make_application, make_call, make_project, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EN = "en-GB"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _in_english(settings):
    settings.LANGUAGE_CODE = "en"


def test_a_decision_maker_reads_the_dashboard_and_the_coordinator_publishes_it(new_page, axe_check):
    world = make_world()
    slug = world.process.slug
    project = make_project(
        world.process, lead_organisation=world.organisation, budget_total=Decimal("100000")
    )
    make_application(
        project,
        make_call(world.process),
        status="awarded",
        requested_amount=Decimal("50000"),
        awarded_amount=Decimal("40000"),
        submitted_on=dt.date(2026, 3, 1),
        notes="Belső jegyzet",
    )

    reader = new_page(viewport=PHONE, locale=EN)
    log_in(reader, world.decision_maker.email)
    reader.goto(f"/p/{slug}/")
    reader.get_by_role("link", name="Funding dashboard").click()
    reader.wait_for_url(f"**/p/{slug}/funding/dashboard/")
    overview = reader.locator("table.funding-overview")
    assert "100,000" in overview.inner_text() and "40,000" in overview.inner_text()
    assert "Belső jegyzet" not in reader.content()
    axe_check(reader)

    member = new_page(viewport=PHONE, locale=EN)
    log_in(member, world.member.email)
    assert member.goto(f"/p/{slug}/funding/dashboard/").status == 403

    coordinator = new_page(locale=EN)
    log_in(coordinator, world.coordinator.email)
    coordinator.goto(f"/p/{slug}/funding/dashboard/")
    coordinator.get_by_role("button", name="Publish the aggregates").click()
    coordinator.wait_for_url(f"**/p/{slug}/funding/dashboard/")
    assert coordinator.get_by_role("button", name="Show to the staff and decision-makers only")

    assert member.goto(f"/p/{slug}/funding/dashboard/").status == 200
    assert "40,000" in member.locator("table.funding-overview").inner_text()
