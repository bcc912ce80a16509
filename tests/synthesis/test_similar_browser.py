"""On a phone, a member types a Hungarian idea and sees its Romanian twin (markup as text)."""

import pytest

from tests.factories import make_contribution, make_world
from tests.meetings.test_library_browser import PHONE, fits_the_phone, in_own_browser, log_in
from tests.synthesis.dup_helpers import (
    HU_TWIN,
    RO_TWIN,
    make_others,
    real_embedder,  # noqa: F401 - a fixture
    store_embeddings,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = "<img src=x onerror=alert(1)>Olvasó<script>alert(2)</script>klub"


def test_similar_box_while_typing_on_a_phone(live_server, axe_check, real_embedder):  # noqa: F811
    from django.core.cache import cache

    cache.clear()
    world = make_world()
    ro = make_contribution(
        world.process, world.outsider, title=RO_TWIN[0], body=RO_TWIN[1], language="ro"
    )
    tricky = make_contribution(world.process, world.expert, title=PAYLOAD, body=HU_TWIN[1])
    others = make_others(world)
    store_embeddings([ro, tricky, *others])
    dialogs = []

    def drive(new_page):
        page = new_page(viewport=PHONE)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        log_in(page, world.member.email)
        page.goto(f"/p/{world.process.slug}/contributions/new/")
        page.fill("input[name=title]", HU_TWIN[0])
        page.locator("textarea[name=body]").press_sequentially(HU_TWIN[1][:30], delay=5)
        page.locator("textarea[name=body]").fill(HU_TWIN[1])

        box = page.locator("#similar-contributions")
        link = box.locator(f'a[href="/contributions/{ro.pk}/"]')
        link.wait_for(timeout=15000)
        assert link.inner_text() == RO_TWIN[0]
        assert link.get_attribute("lang") == "ro"
        # The live region sits right under the description.
        assert (
            page.evaluate(
                "document.querySelector('textarea[name=body]')"
                ".closest('.field').nextElementSibling.id"
            )
            == "similar-contributions"
        )
        # A title with markup is shown as text and runs nothing.
        tricky_link = box.locator(f'a[href="/contributions/{tricky.pk}/"]')
        assert tricky_link.inner_text() == PAYLOAD
        assert box.locator("img, script").count() == 0
        assert fits_the_phone(page)
        axe_check(page)

        # Too short again: the box empties, the form is untouched.
        page.fill("input[name=title]", "")
        page.fill("textarea[name=body]", "rövid")
        box.locator("a").first.wait_for(state="detached", timeout=15000)
        assert page.locator("textarea[name=body]").input_value() == "rövid"

    in_own_browser(live_server, drive)
    assert dialogs == []
