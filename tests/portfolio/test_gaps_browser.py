"""In the browser: the gap matrix shows a need with no project as a gap; a facilitator turns
the need into a project (the project takes it up through its origin link) and the cell
changes from a gap to a cell with a project."""

from __future__ import annotations

import pytest

from cultiva.ideas.models import Contribution
from cultiva.portfolio.models import ProjectOrigin
from tests.browser.fixtures import log_in
from tests.factories import make_contribution, make_settlement, make_term, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_need_without_a_project_is_a_gap_until_a_project_takes_it_up(new_page, axe_check):
    world = make_world()
    heritage = make_term("domain", "heritage", hu="Épített örökség", ro="Patrimoniu", en="Heritage")
    make_term("domain", "music", hu="Zene", ro="Muzică", en="Music")
    village = make_settlement("Csíkszentdomokos", "Sândominic", region="Csík", siruta=85760)
    need = make_contribution(
        world.process,
        world.member,
        organisation=world.organisation,
        kind=Contribution.Kind.NEED,
        title="Nincs hol próbáljon a falu kórusa",
        domains=[heritage],
        settlements=[village],
    )
    page = new_page(locale="en-GB")
    log_in(page, world.facilitator.email)
    page.goto(f"/p/{world.process.slug}/projects/")
    page.locator(f"main .page-head a[href='/p/{world.process.slug}/portfolio/gaps/']").click()
    page.wait_for_url(f"**/p/{world.process.slug}/portfolio/gaps/")
    cell = page.locator("table.gap-matrix tr", has_text="Csík").locator("td[data-domain=heritage]")
    assert "is-gap" in cell.get_attribute("class")
    assert "Gap" in cell.text_content()  # said in words, not by colour alone
    unanswered = page.locator("table.unanswered-needs")
    assert "Nincs hol próbáljon a falu kórusa" in unanswered.inner_text()
    axe_check(page)

    # The facilitator opens the need and makes a project of it.
    unanswered.get_by_role("link", name="Nincs hol próbáljon a falu kórusa").click()
    page.wait_for_url(f"**/contributions/{need.pk}/")
    page.goto(f"/contributions/{need.pk}/promote/")
    page.fill("input[name=budget_total]", "80000")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/projects/*/")
    assert ProjectOrigin.objects.filter(contribution=need).exists()

    page.goto(f"/p/{world.process.slug}/portfolio/gaps/")
    cell = page.locator("table.gap-matrix tr", has_text="Csík").locator("td[data-domain=heritage]")
    assert "is-gap" not in cell.get_attribute("class")
    text = cell.text_content()
    assert "Gap" not in text and "1 project" in text and "80" in text
    assert page.locator("table.unanswered-needs").count() == 0

    # Settlements as rows: the same cell, now by the village's name.
    page.locator("nav.gap-toggle a[href$='rows=settlements']").click()
    page.wait_for_url("**/portfolio/gaps/?rows=settlements")
    row = page.locator("table.gap-matrix tr", has_text="Csíkszentdomokos")
    assert "1 project" in row.locator("td[data-domain=heritage]").inner_text()
    axe_check(page)
