"""In a phone-sized browser: the lead organisation's member adds a budget line and a
milestone to the card, sees the totals on the project page, and the change in its history."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cultiva.portfolio.models import BudgetLine, Milestone, ProjectVersion
from tests.factories import make_project, make_world
from tests.portfolio.test_editing_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_card_is_edited_on_a_phone_and_its_history_shows_the_change(new_page, axe_check):
    world = make_world()
    project = make_project(
        world.process,
        lead_organisation=world.organisation,
        title={"hu": "Táncház-sorozat"},
        activities={"hu": "Heti táncház élő zenével."},
    )
    BudgetLine.objects.create(project=project, year=2027, source="own", planned=5000, secured=5000)
    page = new_page(viewport=PHONE)
    log_in(page, world.member.email)
    page.goto(f"/p/{world.process.slug}/projects/{project.pk}/edit/")
    axe_check(page)
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.fill("textarea[name=activities_hu]", "Heti táncház élő zenével és gyerekfoglalkozással.")
    page.fill("input[name=start_date]", "2027-01-01")
    page.fill("input[name=end_date]", "2028-12-31")
    # A new budget line through "add a row" (the form has one empty row already: use both).
    page.fill("input[name=budget-1-year]", "2027")
    page.select_option("select[name=budget-1-source]", "county")
    page.fill("input[name=budget-1-planned]", "20000")
    page.fill("input[name=budget-1-secured]", "8000")
    page.locator("button[data-add-row=budget]").click()
    page.fill("input[name=budget-2-year]", "2028")
    page.select_option("select[name=budget-2-source]", "eu")
    page.fill("input[name=budget-2-planned]", "30000")
    page.fill("input[name=milestones-0-date]", "2027-06-15")
    page.fill("input[name=milestones-0-name_hu]", "Első táncház")
    page.locator("button[data-action=save-card]").click()
    page.wait_for_url(f"**/projects/{project.pk}/")

    budget = page.locator("#card-budget").inner_text()
    assert "55" in budget and "000" in budget  # the total of 5,000 + 20,000 + 30,000
    assert "Első táncház" in page.locator("#card-timeline").inner_text()
    axe_check(page)
    assert [
        (line.year, line.source, line.planned, line.secured)
        for line in BudgetLine.objects.filter(project=project).order_by("year", "source")
    ] == [
        (2027, "county", Decimal("20000.00"), Decimal("8000.00")),
        (2027, "own", Decimal("5000.00"), Decimal("5000.00")),
        (2028, "eu", Decimal("30000.00"), Decimal("0.00")),
    ]
    assert Milestone.objects.get(project=project).name == {"hu": "Első táncház"}

    page.goto(f"/p/{world.process.slug}/projects/{project.pk}/history/")
    diff = page.locator(".card-diff")
    assert "gyerekfoglalkozással." in diff.locator("ins").all_inner_texts()[0]
    assert "2028 eu: 30000.00" in diff.inner_text()
    axe_check(page)
    assert ProjectVersion.objects.filter(project=project).count() == 2
