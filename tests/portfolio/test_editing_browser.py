"""In the browser: a lead organisation's member edits their project card and moves it to the
next maturity; a coordinator adds a measure to the strategy and links a project to it."""

from __future__ import annotations

import pytest

from cultiva.portfolio.models import MaturityChange, Project
from cultiva.strategy.models import Measure, Strategy
from tests.factories import PASSWORD, make_project, make_strategy, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def test_a_lead_member_edits_the_card_and_moves_the_maturity(new_page, axe_check):
    world = make_world()
    project = make_project(
        world.process, lead_organisation=world.organisation, title={"hu": "Táncház"}
    )
    page = new_page()
    log_in(page, world.member.email)
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("link", name="A projekt szerkesztése").click()
    page.wait_for_url(f"**/p/{world.process.slug}/projects/{project.pk}/edit/")
    axe_check(page)
    page.fill("input[name=title_ro]", "Casa dansului")
    page.fill("textarea[name=objectives_hu]", "Heti táncház a fiataloknak.")
    page.fill("input[name=budget_total]", "25000")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/projects/{project.pk}/")
    assert "Heti táncház a fiataloknak." in page.locator("main").inner_text()
    axe_check(page)

    # The next maturity: the form offers the steps the table allows the lead.
    page.select_option("select[name=target]", Project.Maturity.CONCEPT)
    page.fill("textarea[name=note]", "Kész a koncepció.")
    page.get_by_role("button", name="Az érettség módosítása").click()
    page.wait_for_url(f"**/projects/{project.pk}/")
    history = page.locator("table.maturity-history").inner_text()
    assert "Kész a koncepció." in history and world.member.public_name in history
    axe_check(page)
    project.refresh_from_db()
    assert project.maturity == Project.Maturity.CONCEPT
    assert project.title == {"hu": "Táncház", "ro": "Casa dansului"}
    assert MaturityChange.objects.get().actor == world.member


def test_a_coordinator_adds_a_measure_and_links_a_project(new_page, axe_check):
    world = make_world()
    strategy, measure = make_strategy(world.process)
    project = make_project(world.process, title={"hu": "Könyvtárbusz"})
    page = new_page()
    log_in(page, world.coordinator.email)
    page.goto(f"/strategies/{strategy.pk}/")
    page.locator(f"[data-node='axis-{measure.axis_id}'] a[data-action=add]").click()
    page.wait_for_url("**/measures/new/")
    axe_check(page)
    page.fill("input[name=code]", "C1.1.2")
    page.fill("input[name=title_hu]", "Mozgókönyvtár")
    page.fill("input[name=title_ro]", "Bibliotecă mobilă")
    page.locator("button[data-action=save-node]").click()
    page.wait_for_url(f"**/strategies/{strategy.pk}/*")
    new_measure = Measure.objects.get(code="C1.1.2")
    assert "Mozgókönyvtár" in page.locator(f"#measure-{new_measure.pk}").inner_text()
    axe_check(page)

    page.locator(f"[data-node='measure-{new_measure.pk}'] a[data-action=edit]").click()
    page.wait_for_url(f"**/measures/{new_measure.pk}/edit/")
    page.fill("input.select-search", "könyvtár")
    page.select_option("select[name=project]", str(project.pk))
    page.locator("button[data-action=link-project]").click()
    page.wait_for_url(f"**/measures/{new_measure.pk}/edit/")
    assert "Könyvtárbusz" in page.locator("ul.linked-projects").inner_text()
    axe_check(page)
    page.goto(f"/strategies/{strategy.pk}/")
    assert "Könyvtárbusz" in page.locator(f"#measure-{new_measure.pk}").inner_text()
    assert list(new_measure.projects.all()) == [project]
    assert Strategy.objects.get().status == Strategy.Status.DRAFT
