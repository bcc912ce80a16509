"""A facilitator imports a spreadsheet on a phone: sees the problems per row, uploads the
corrected file and imports it. Every page passes axe."""

from __future__ import annotations

import pytest

from cultiva.ideas.models import Contribution
from tests.factories import PASSWORD, make_settlement, make_term, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
HEADER = "Típus;Cím;Leírás;Kulturális terület;Település"
GOOD = [
    HEADER,
    "ötlet;Tájház felújítása;A falu tájházát fel kell újítani.;Zene;Csíkszereda",
    "nevoie;Sală de repetiții;Nu avem unde repeta.;Muzică;Gheorgheni",
]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{page.url} is {width}px wide"


def upload(page, axe_check, slug, lines):
    page.goto(f"/p/{slug}/contributions/import/")
    axe_check(page)
    page.set_input_files(
        "input[name=file]",
        files=[
            {"name": "otletek.csv", "mimeType": "text/csv", "buffer": "\r\n".join(lines).encode()}
        ],
    )
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_url("**/columns/")
    axe_check(page)
    no_sideways_scroll(page)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/check/")
    axe_check(page)
    no_sideways_scroll(page)


def test_import_with_errors_then_corrected(new_page, axe_check):
    world = make_world()
    make_settlement("Gyergyószentmiklós", "Gheorgheni", siruta=83937)
    make_term("domain", "music", hu="Zene", ro="Muzică", en="Music")
    slug = world.process.slug
    page = new_page(viewport=PHONE)
    log_in(page, world.facilitator.email)

    upload(page, axe_check, slug, [*GOOD, "álom;;Leírás;Zenee;Csikszereda"])
    problems = page.locator("#row-4")
    assert problems.count() == 1
    assert "Zene" in problems.inner_text()  # the suggestion for the misspelt domain
    assert page.locator("form[action$='/commit/'] button").count() == 0
    assert Contribution.objects.count() == 0

    upload(page, axe_check, slug, GOOD)
    page.locator("form[action$='/commit/'] button").click()
    page.wait_for_url("**/check/")
    axe_check(page)
    assert Contribution.objects.filter(source=Contribution.Source.IMPORT).count() == 2
