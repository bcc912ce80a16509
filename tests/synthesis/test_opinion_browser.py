"""On a phone, a member votes on three statements; the facilitator then sees the opinion map."""

from __future__ import annotations

import pytest

from cultiva.synthesis.models import OpinionVote
from tests.factories import PASSWORD, make_world
from tests.synthesis.opinion_page_helpers import make_conversation, plant_votes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def test_member_votes_on_a_phone_and_the_facilitator_sees_the_groups(new_page, axe_check):  # noqa: F811
    world = make_world()
    conversation = make_conversation(
        world.process, statements=0, title="Mi kell a falvaknak?", creator=world.facilitator
    )
    _truth, statements = plant_votes(conversation, groups=2, per_group=12, missing=0.1, noise=0.02)
    slug = world.process.slug

    page = new_page(viewport=PHONE)
    log_in(page, world.member)
    page.goto(f"/p/{slug}/polls/")
    axe_check(page)
    page.locator(f"tr[data-poll='{conversation.pk}'] a").first.click()
    page.wait_for_url(f"**/polls/{conversation.pk}/")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.evaluate("window.samePage = true")
    for number, choice in enumerate(["agree", "disagree", "pass"], start=1):
        shown = page.locator(".poll-card[data-statement]").get_attribute("data-statement")
        page.locator(f"button[data-vote={choice}]").click()
        # The next statement comes without a page reload (or with one, without JavaScript).
        page.wait_for_selector(f"#poll[data-voted='{number}']")
        assert page.locator(".poll-card[data-statement]").get_attribute("data-statement") != shown
    assert page.locator("#poll").get_attribute("data-total") == "40"
    assert page.evaluate("window.samePage === true")  # opinion.js voted without reloading
    values = dict(
        OpinionVote.objects.filter(voter=world.member).values_list("statement_id", "value")
    )
    assert values == {statements[0].pk: 1, statements[1].pk: -1, statements[2].pk: 0}
    axe_check(page)

    manager = new_page(viewport=PHONE)
    log_in(manager, world.facilitator)
    manager.goto(f"/p/{slug}/polls/{conversation.pk}/map/")
    axe_check(manager)
    legend = manager.locator(".map-legend li")
    assert legend.count() == 2
    assert manager.locator(".map-legend li[data-group='A']").is_visible()
    assert manager.locator(".map-legend li[data-group='B']").is_visible()
    assert manager.locator("#opinion-map-svg path[data-group]").count() >= 24
    sizes = manager.locator("#group-sizes tbody tr td:first-of-type").all_inner_texts()
    assert sum(int(size) for size in sizes) >= 24
