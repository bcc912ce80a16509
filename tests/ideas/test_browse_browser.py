"""In a browser: the contribution list, search and the map work on a phone and pass axe."""

from __future__ import annotations

import pytest

from cultiva.ideas.indexing import contributions_reindex
from tests.factories import make_contribution, make_settlement, make_world
from tests.meetings.test_library_browser import PHONE, fits_the_phone, in_own_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_list_search_and_map_on_a_phone(live_server, axe_check):  # noqa: F811
    world = make_world()
    slug = world.process.slug
    place = make_settlement("Gyergyószentmiklós", "Gheorgheni", region="Gyergyó", siruta=83437)
    make_contribution(world.process, world.member, title="Múzeumok éjszakája", settlements=[place])
    make_contribution(world.process, world.member, title="<script>alert(1)</script>")
    for n in range(30):
        make_contribution(world.process, world.outsider, title=f"Tábor {n}")
    contributions_reindex()

    def drive(new_page):
        page = new_page(viewport=PHONE)
        page.goto(f"/p/{slug}/contributions/?q=muzeumok")
        axe_check(page)
        assert fits_the_phone(page)
        assert page.locator("main table a").first.inner_text() == "Múzeumok éjszakája"
        page.goto(f"/p/{slug}/contributions/?q=tabor")
        page.locator("nav.pagination a").first.click()
        page.wait_for_url("**q=tabor**page=2")
        page.goto(f"/p/{slug}/contributions/?q=alert")
        assert page.locator("main table", has_text="<script>alert(1)</script>").count() == 1
        page.goto(f"/p/{slug}/contributions/map/")
        axe_check(page)
        assert fits_the_phone(page)
        assert page.locator("svg.map path").count() == 67
        page.locator("main details summary", has_text="").last.click()
        axe_check(page)

    in_own_browser(live_server, drive)
