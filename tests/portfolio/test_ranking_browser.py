"""In the browser: the coordinator sets the funding line and sees the stability labels and the
explanation of a borderline project, publishes the results, and a visitor reads them."""

from __future__ import annotations

import pytest

from cultiva.portfolio.models import ReviewRound
from tests.factories import make_project, make_world
from tests.portfolio.test_editing_browser import log_in
from tests.portfolio.test_ranking_pages import add_review, make_expert, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _in_english(settings):
    """The pages' words as written (the Hungarian catalogue is the merger's to regenerate)."""
    settings.LANGUAGE_CODE = "en"


def test_the_coordinator_ranks_publishes_and_the_public_reads(new_page, axe_check):
    world = make_world()
    process = world.process
    review_round = make_round(process, weights=(1, 1))
    experts = [make_expert(process, name) for name in ("Kiss Anna", "Nagy Béla", "Szabó Csilla")]
    titles = ["Táncház", "Népdalkör", "Falumúzeum", "Olvasótábor"]
    projects = [
        make_project(process, code=f"K-{i}", title={"hu": title}) for i, title in enumerate(titles)
    ]
    for expert in experts:
        add_review(review_round, projects[0], expert, [5, 5], reasons={0: "Élő hagyomány."})
        add_review(review_round, projects[1], expert, [4, 4])
        add_review(review_round, projects[3], expert, [1, 2], recommendation="no")
    for expert, value in zip(experts, (5, 3, 4), strict=True):
        add_review(review_round, projects[2], expert, [value, value], recommendation="maybe")

    page = new_page(locale="en-GB")
    log_in(page, world.coordinator.email)
    page.goto(f"/p/{process.slug}/review/{review_round.pk}/ranking/")
    axe_check(page)
    page.fill("input[name=funding_line]", "2")
    page.check("input[name=normalise_severity]")
    page.locator("main form.ranking-options button[type=submit]").click()
    page.wait_for_url(f"**/review/{review_round.pk}/ranking/")
    table = page.locator("table.ranking-table")
    assert "robustly in the top 2" in table.locator("tr[data-project=K-0]").inner_text()
    assert "borderline" in table.locator("tr[data-project=K-2]").inner_text()
    assert "Its reviewers disagree" in page.locator("dl.borderline-explanations").inner_text()
    axe_check(page)

    page.locator("main form.ranking-publish button[type=submit]").click()
    page.wait_for_url(f"**/review/{review_round.pk}/results/")
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.PUBLISHED

    visitor = new_page(locale="en-GB")
    visitor.goto(f"/p/{process.slug}/review/{review_round.pk}/results/")
    text = visitor.locator("main").inner_text()
    assert "Élő hagyomány." in text and "Táncház" in text
    assert "Kiss Anna" not in text
    axe_check(visitor)
