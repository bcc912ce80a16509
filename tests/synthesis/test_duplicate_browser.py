"""A facilitator decides pairs in the duplicate queue on a phone, then undoes the merge."""

import pytest

from cultiva.ideas.models import Contribution
from cultiva.synthesis.models import DuplicateCandidate
from tests.factories import make_world
from tests.meetings.test_library_browser import PHONE, fits_the_phone, in_own_browser, log_in
from tests.synthesis.dup_helpers import make_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_merge_dismiss_and_undo_in_the_browser(live_server, axe_check):  # noqa: F811
    world = make_world()
    candidate, first, second = make_pair(world)
    other, *_rest = make_pair(world, similarity=0.9)
    slug = world.process.slug
    member = str(world.member)

    def drive(new_page):
        page = new_page(viewport=PHONE)
        log_in(page, world.facilitator.email)
        page.goto(f"/p/{slug}/duplicates/")
        axe_check(page)
        assert fits_the_phone(page)
        pair = page.locator(f"#pair-{candidate.pk}")
        pair.locator(f"input[name=keep][value='{second.pk}']").check()
        pair.locator("button[data-action=merge]").click()
        page.wait_for_load_state()
        assert page.locator(f"#pair-{candidate.pk}").count() == 0
        assert page.locator("tr[data-merge]").count() == 1

        # "Not duplicates" for the other pair: next to "Merge", so it is easy to find.
        actions = page.locator(f"#pair-{other.pk} .actions")
        actions.locator("button[data-action=dismiss]").click()
        page.wait_for_load_state()
        assert page.locator(f"#pair-{other.pk}").count() == 0
        axe_check(page)

        # The merged one points to the kept one.
        page.goto(f"/contributions/{first.pk}/")
        assert page.locator(f"[data-merged-into='{second.pk}']").count() == 1
        # The kept contribution names the other proposer; undo from there.
        page.goto(f"/contributions/{second.pk}/")
        axe_check(page)
        entry = page.locator(f"#also-proposed li[data-merged='{first.pk}']")
        assert member in entry.inner_text()
        entry.locator("button[type=submit]").click()
        page.wait_for_url(f"**/contributions/{second.pk}/")
        assert page.locator("#also-proposed").count() == 0

    in_own_browser(live_server, drive)
    first.refresh_from_db()
    assert first.status == Contribution.Status.SUBMITTED and first.merged_into_id is None
    other.refresh_from_db()
    assert other.status == DuplicateCandidate.Status.DISMISSED
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.PENDING
