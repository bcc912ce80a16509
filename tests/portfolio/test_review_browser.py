"""In the browser: the coordinator sets up a review round with three criteria; an expert of the
lead organisation is kept out automatically; two experts declare no conflict and score the
project on a phone."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cultiva.accounts.models import Membership
from cultiva.portfolio.models import Review, ReviewAssignment, ReviewRound
from cultiva.processes.models import ProcessRole
from tests.browser.fixtures import log_in
from tests.factories import make_project, make_user, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
CRITERIA = (("Relevancia", "2", True), ("Megvalósíthatóság", "1", False), ("Hatás", "1", False))


def test_coordinator_sets_up_and_two_experts_score_on_a_phone(new_page, axe_check):
    world = make_world()
    project = make_project(
        world.process,
        code="TAN-1",
        title={"hu": "Gyimesi táncház"},
        lead_organisation=world.organisation,
        budget_total=Decimal("40000"),
        summary={"hu": "Heti táncház a gyimesi fiataloknak."},
    )
    second = make_user("second.expert@example.org", full_name="Második Szakértő")
    insider = make_user("insider.expert@example.org", full_name="Belső Szakértő")
    for person in (second, insider):
        ProcessRole.objects.create(process=world.process, user=person, role="expert")
    Membership.objects.create(user=insider, organisation=world.organisation)
    slug = world.process.slug

    # The coordinator sets up the round.
    page = new_page()
    log_in(page, world.coordinator.email)
    page.goto(f"/p/{slug}/projects/")
    page.locator(f"a[href='/p/{slug}/review/']").click()
    page.locator(f"a[href='/p/{slug}/review/new/']").click()
    axe_check(page)
    page.fill("input[name=title_hu]", "Tavaszi bírálat")
    page.fill("input[name=title_ro]", "Evaluarea de primăvară")
    page.fill("input[name=reviewers_per_project]", "2")
    page.fill("input[name=deadline]", "2099-05-01T12:00")
    page.check("input[name=eligibility_checks][value=budget_present]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/p/{slug}/review/*/")
    round = ReviewRound.objects.get()
    page.locator(f"a[href$='/review/{round.pk}/criteria/new/']").click()
    for index, (name, weight, required) in enumerate(CRITERIA):
        page.wait_for_url("**/criteria/new/")
        page.fill("input[name=name_hu]", name)
        page.fill("input[name=weight]", weight)
        if required:
            page.check("input[name=reason_required]")
        if index == 0:
            axe_check(page)
        last = index == len(CRITERIA) - 1
        page.locator(
            "main form button[type=submit]" + (":not([name])" if last else "[name=another]")
        ).click()
    page.wait_for_url(f"**/p/{slug}/review/{round.pk}/")
    assert [c.name["hu"] for c in round.criteria.all()] == [c[0] for c in CRITERIA]
    page.locator(f"a[href$='/review/{round.pk}/projects/']").click()
    page.check("input[name=mode][value=all]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/p/{slug}/review/{round.pk}/")
    page.locator(f"form[action$='/review/{round.pk}/assign/'] button").click()
    page.wait_for_url(f"**/p/{slug}/review/{round.pk}/")
    table = page.locator("main table").inner_text()
    # The expert from the lead organisation is kept out; the other two review.
    assert "Belső Szakértő" in table
    kept_out = ReviewAssignment.objects.get(reviewer=insider)
    assert kept_out.status == "conflict" and kept_out.declaration.detected
    axe_check(page)
    page.locator("button[name=target][value=open]").click()
    page.wait_for_url(f"**/p/{slug}/review/{round.pk}/")
    round.refresh_from_db()
    assert round.status == "open"

    # Two experts, each on a phone: declare no conflict, then score.
    for expert, values in ((world.expert, ("5", "4", "4")), (second, ("3", "3", "2"))):
        phone = new_page(viewport=PHONE)
        log_in(phone, expert.email)
        phone.goto(f"/p/{slug}/review/mine/")
        phone.locator("ul.review-list a").first.click()
        phone.wait_for_url("**/assignments/*/")
        assert "TAN-1" not in phone.locator("main h1").inner_text()  # not before declaring
        phone.check("input[name=kind][value=none]")
        phone.locator("form.declaration button[type=submit]").click()
        phone.wait_for_url("**/assignments/*/")
        assert "TAN-1" in phone.locator("main h1").inner_text()
        axe_check(phone)
        # Nothing wider than the phone's screen.
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        criteria = list(round.criteria.all())
        # Submitting without the required reason is refused with a message.
        for criterion, value in zip(criteria, values, strict=True):
            phone.locator(f"input[name=score_{criterion.pk}][value='{value}']").check()
        phone.check("input[name=recommendation][value=fund]")
        phone.locator("button[name=submit]").click()
        phone.wait_for_selector(".form-errors")
        assert Review.objects.filter(assignment__reviewer=expert, status="submitted").count() == 0
        phone.fill(f"textarea[name=reason_{criteria[0].pk}]", "A helyi fiatalok igényére épül.")
        phone.locator("button[name=submit]").click()
        phone.wait_for_url(f"**/p/{slug}/review/mine/")
        review = Review.objects.get(assignment__reviewer=expert)
        assert review.status == "submitted"
        assert sorted(review.scores.values_list("value", flat=True)) == sorted(
            int(v) for v in values
        )
        axe_check(phone)
    assert Review.objects.filter(assignment__project=project, status="submitted").count() == 2
