"""A facilitator decides a pair in the duplicate queue on a phone, then undoes the merge."""

import pytest

from cultiva.ideas.models import Contribution
from cultiva.synthesis.models import ContributionMerge
from tests.browser.conftest import axe_check, browser, new_page  # noqa: F401 - fixtures
from tests.factories import PASSWORD, make_world
from tests.synthesis.dup_helpers import make_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_merge_and_undo_in_the_browser(new_page, axe_check):  # noqa: F811
    world = make_world()
    candidate, first, second = make_pair(world)
    other, *_rest = make_pair(world, similarity=0.9)
    slug = world.process.slug

    page = new_page(viewport=PHONE)
    page.goto("/accounts/login/")
    page.fill("input[name=login]", world.facilitator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")

    page.goto(f"/p/{slug}/duplicates/")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    pair = page.locator(f"#pair-{candidate.pk}")
    pair.locator(f"input[name=keep][value='{second.pk}']").check()
    pair.locator("form").first.locator("button[type=submit]").click()
    page.wait_for_load_state()
    first.refresh_from_db()
    assert first.status == Contribution.Status.MERGED and first.merged_into_id == second.pk
    assert page.locator(f"#pair-{candidate.pk}").count() == 0
    merge = ContributionMerge.objects.get()
    assert page.locator(f"tr[data-merge='{merge.pk}']").count() == 1

    # "Not duplicates" for the other pair.
    page.locator(f"#pair-{other.pk} form").nth(1).locator("button").click()
    page.wait_for_load_state()
    assert page.locator(f"#pair-{other.pk}").count() == 0
    axe_check(page)

    # The kept contribution names the other proposer; undo from there.
    page.goto(f"/contributions/{second.pk}/")
    axe_check(page)
    entry = page.locator(f"#also-proposed li[data-merged='{first.pk}']")
    assert str(world.member) in entry.inner_text()
    entry.locator("button[type=submit]").click()
    page.wait_for_url(f"**/contributions/{second.pk}/")
    assert page.locator("#also-proposed").count() == 0
    first.refresh_from_db()
    assert first.status == Contribution.Status.SUBMITTED
