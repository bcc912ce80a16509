"""A facilitator runs the clustering, renames and locks a theme, promotes it to a project,
and the project page lists its origins."""

from __future__ import annotations

import pytest

from cultiva.synthesis.models import ClusteringRun, Theme
from tests.factories import PASSWORD
from tests.synthesis.theme_helpers import fallback_embedder, make_themed_contributions  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fallback_embedder"),
]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def test_facilitator_turns_a_theme_into_a_project(new_page, axe_check):  # noqa: F811
    from tests.factories import make_world

    world = make_world()
    make_themed_contributions(world.process, world.member)
    slug = world.process.slug

    page = new_page()
    log_in(page, world.facilitator.email)
    page.goto(f"/p/{slug}/")
    page.locator("main a[data-link=theme-board]").click()
    page.wait_for_url(f"**/p/{slug}/themes/board/")
    axe_check(page)

    # Run the clustering with three themes.
    page.fill("input[name=n_themes]", "3")
    page.locator("button[data-action=run]").click()
    page.wait_for_selector("article[data-theme-id]")
    assert ClusteringRun.objects.get().status == ClusteringRun.Status.DONE
    assert page.locator("article[data-theme-id]").count() == 3
    axe_check(page)

    # Rename the first theme, then lock it.
    first = page.locator("article[data-theme-id]").first
    theme_id = int(first.get_attribute("data-theme-id"))
    first.locator("input[name=label]").fill("Népzene és tánc")
    first.locator("button[data-action=rename]").click()
    page.wait_for_load_state()
    article = page.locator(f"article[data-theme-id='{theme_id}']")
    assert article.locator("[data-theme-label]").inner_text() == "Népzene és tánc"
    article.locator("button[data-action=lock]").click()
    page.wait_for_load_state()
    article = page.locator(f"article[data-theme-id='{theme_id}']")
    assert article.get_attribute("data-locked") == "1"
    theme = Theme.objects.get(pk=theme_id)
    assert theme.is_locked and theme.label["hu"] == "Népzene és tánc" and theme.label_is_custom

    # Promote it: the confirm form offers the theme's name as the project title.
    article.locator("a[data-action=promote]").click()
    page.wait_for_url(f"**/themes/{theme_id}/promote/")
    axe_check(page)
    assert page.input_value("input[name=title_hu]") == "Népzene és tánc"
    page.fill("input[name=title_ro]", "Muzică populară și dans")
    # The lead organisation is the facilitator's choice, found by typing in the filter box.
    page.fill("input.select-search", world.organisation.name["hu"][:5])
    page.select_option("select[name=lead_organisation]", str(world.organisation.pk))
    page.locator("button[data-action=create-project]").click()
    page.wait_for_url("**/projects/*/")
    axe_check(page)
    assert "Népzene és tánc" in page.locator("h1").inner_text()
    origins = page.locator("main table").inner_text()
    titles = list(theme.memberships.values_list("contribution__title", flat=True))
    assert titles
    for title in titles:
        assert title in origins
    theme.refresh_from_db()
    assert theme.project is not None


def test_facilitator_describes_a_theme_before_the_first_run(new_page, axe_check):  # noqa: F811
    from tests.factories import make_world

    world = make_world()
    themed = make_themed_contributions(world.process, world.member)
    slug = world.process.slug

    page = new_page()
    log_in(page, world.facilitator.email)
    page.goto(f"/p/{slug}/themes/board/")
    form = page.locator("form[data-form=theme-create]")
    # Without a description the form comes back with an error, the name still filled in (in
    # both languages).
    form.locator("input[name=label_hu]").fill("Könyvtárak")
    form.locator("input[name=label_ro]").fill("Biblioteci")
    form.locator("button[data-action=create-theme]").click()
    page.wait_for_load_state()
    form = page.locator("form[data-form=theme-create]")
    assert form.locator("input[name=label_ro]").input_value() == "Biblioteci"
    assert form.locator(".has-error textarea[name=description_hu]").count() == 1
    axe_check(page)
    form.locator("textarea[name=description_hu]").fill(
        "Községi könyvtárak, könyvek és olvasás. Biblioteci comunale, cărți și lectură."
    )
    form.locator("button[data-action=create-theme]").click()
    page.wait_for_selector("article[data-theme-id] [data-theme-description]")
    theme = Theme.objects.get(process=world.process)

    page.fill("input[name=n_themes]", "3")
    page.locator("button[data-action=run]").click()
    page.wait_for_selector("article[data-theme-id] [data-action=promote]")
    assert page.locator("article[data-theme-id]").count() == 3
    article = page.locator(f"article[data-theme-id='{theme.pk}']")
    assert article.locator("[data-theme-label]").inner_text() == "Könyvtárak"
    assert theme.label == {"hu": "Könyvtárak", "ro": "Biblioteci"}
    library_titles = {contribution.title for contribution in themed["library"]}
    shown = article.locator(".representatives li a").all_inner_texts()
    assert shown and set(shown) <= library_titles
    members = set(theme.memberships.values_list("contribution__title", flat=True))
    assert len(members & library_titles) >= 5
    axe_check(page)
