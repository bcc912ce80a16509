"""Issue 14's quality bar, end to end, through Cultiva's own pages as each role.

A member proposes a project that takes up a need, with a partner wanted; another
organisation's member offers theirs and the lead accepts it; the need is a gap in the gap
matrix while the project is only a proposal; a facilitator accepts the proposal into the
portfolio and the cell changes; the coordinator sets up a review round with three criteria,
enters the projects and assigns reviewers automatically, an expert of the lead organisation
being kept out; two experts declare no conflict and score; the coordinator closes the round,
sets the funding line and reads the ranking with its stability labels.

Only what no role does in this scenario is made with factories: the process, the people and
their roles, the organisations and memberships, the territory, the domains and the need.
"""

from __future__ import annotations

import pytest

from cultiva.accounts.models import Membership
from cultiva.ideas.models import Contribution
from cultiva.portfolio.models import PartnerInterest, Project, Review, ReviewAssignment, ReviewRound
from cultiva.processes.models import ProcessRole
from tests.browser.fixtures import log_in
from tests.factories import make_contribution, make_settlement, make_term, make_user, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EN = "en-GB"
CRITERIA = (("Relevancia", "2", True), ("Megvalósíthatóság", "1", False), ("Hatás", "1", False))
TITLE = "Kórusterem a régi iskolában"
NEED = "Nincs hol próbáljon a falu kórusa"


@pytest.fixture(autouse=True)
def _in_english(settings):
    """The pages' words as written (the catalogues are the merger's to regenerate)."""
    settings.LANGUAGE_CODE = "en"


def heritage_cell(page):
    row = page.locator("table.gap-matrix tr", has_text="Csík")
    return row.locator("td[data-domain=heritage]")


def test_a_need_becomes_a_reviewed_and_ranked_portfolio_project(new_page, axe_check):
    world = make_world()
    slug = world.process.slug
    heritage = make_term("domain", "heritage", hu="Épített örökség", ro="Patrimoniu", en="Heritage")
    make_term("domain", "music", hu="Zene", ro="Muzică", en="Music")
    village = make_settlement("Csíkszentdomokos", "Sândominic", region="Csík", siruta=85760)
    need = make_contribution(
        world.process,
        world.outsider,
        organisation=world.other_organisation,
        kind=Contribution.Kind.NEED,
        title=NEED,
        domains=[heritage],
        settlements=[village],
    )
    second = make_user("second.expert@example.org", full_name="Második Szakértő")
    insider = make_user("insider.expert@example.org", full_name="Belső Szakértő")
    for person in (second, insider):
        ProcessRole.objects.create(process=world.process, user=person, role="expert")
    Membership.objects.create(user=insider, organisation=world.organisation)

    # 1. The member proposes a project for their organisation, taking up the need.
    lead = new_page(locale=EN)
    log_in(lead, world.member.email)
    lead.goto(f"/p/{slug}/proposals/new/")
    lead.fill("input[name=title_hu]", TITLE)
    lead.fill("textarea[name=summary_hu]", "A falu kórusa próbaterme a felújított iskolában.")
    lead.select_option("select[name=lead_organisation]", str(world.organisation.pk))
    lead.check(f"input[name=domains][value='{heritage.pk}']")
    lead.select_option("select[name=settlements]", [str(village.pk)])
    lead.select_option("select[name=origins]", [str(need.pk)])
    lead.locator("main form button[type=submit]").click()
    lead.wait_for_url(f"**/p/{slug}/proposals/*/")
    project = Project.objects.get()
    assert NEED in lead.locator("main").inner_text()
    assert lead.locator("[data-proposal-status]").get_attribute("data-proposal-status") == "draft"

    # ... wants a partner for the building work ...
    lead.locator(f"main a[href='/p/{slug}/projects/{project.pk}/partners/']").click()
    lead.wait_for_url(f"**/projects/{project.pk}/partners/")
    lead.fill("input[name=role_hu]", "kivitelezés és önkéntesek")
    lead.check(f"input[name=domains][value='{heritage.pk}']")
    lead.locator("main form:has(input[value=save]) button[type=submit]").click()
    lead.wait_for_url(f"**/projects/{project.pk}/partners/")

    # ... and submits it for a decision.
    lead.goto(f"/p/{slug}/proposals/{project.pk}/")
    lead.select_option("select[name=target]", "submitted")
    lead.locator("main form[action$='/step/'] button[type=submit]").click()
    lead.wait_for_url(f"**/p/{slug}/proposals/{project.pk}/")
    assert lead.locator("[data-proposal-status]").get_attribute("data-proposal-status") == (
        "submitted"
    )
    axe_check(lead)

    # 2. Another organisation's member finds it among the projects looking for partners.
    other = new_page(locale=EN)
    log_in(other, world.outsider.email)
    other.goto(f"/p/{slug}/partners/")
    other.locator(f"main a[href='/p/{slug}/partners/{project.pk}/']").click()
    other.wait_for_url(f"**/partners/{project.pk}/")
    assert "kivitelezés és önkéntesek" in other.locator("main").inner_text()
    other.select_option("select[name=organisation]", str(world.other_organisation.pk))
    other.fill("textarea[name=message]", "Ácsaink és önkénteseink vannak.")
    other.locator("main form button[type=submit]").click()
    other.wait_for_url(f"**/partners/{project.pk}/")
    assert PartnerInterest.objects.get().status == PartnerInterest.Status.PENDING

    # The lead reads the offer and accepts it.
    lead.goto(f"/p/{slug}/projects/{project.pk}/partners/")
    assert "Ácsaink és önkénteseink vannak." in lead.locator("main").inner_text()
    lead.locator("main button[name=decision][value=accepted]").click()
    lead.wait_for_url(f"**/projects/{project.pk}/partners/")
    assert "Gyergyói Színjátszó Kör" in lead.locator("main").inner_text()

    # 3. While it is only a proposal, the need is a gap in the gap matrix.
    staff = new_page(locale=EN)
    log_in(staff, world.facilitator.email)
    staff.goto(f"/p/{slug}/projects/")
    staff.locator(f"main .page-head a[href='/p/{slug}/portfolio/gaps/']").click()
    staff.wait_for_url(f"**/p/{slug}/portfolio/gaps/")
    cell = heritage_cell(staff)
    assert "is-gap" in cell.get_attribute("class")
    assert "Gap" in cell.text_content()
    assert NEED in staff.locator("table.unanswered-needs").inner_text()

    # A facilitator accepts the proposal into the portfolio: it gets its code ...
    staff.goto(f"/p/{slug}/proposals/")
    staff.locator(f"main a[href='/p/{slug}/proposals/{project.pk}/']").click()
    staff.wait_for_url(f"**/proposals/{project.pk}/")
    staff.select_option("select[name=target]", "accepted")
    staff.locator("main form[action$='/step/'] button[type=submit]").click()
    staff.wait_for_url(f"**/projects/{project.pk}/")
    project.refresh_from_db()
    assert project.code
    main = staff.locator("main").inner_text()
    assert project.code in main and "Gyergyói Színjátszó Kör" in main
    axe_check(staff)

    # ... and the cell is no longer a gap: the project takes the need up.
    staff.goto(f"/p/{slug}/portfolio/gaps/")
    cell = heritage_cell(staff)
    assert "is-gap" not in cell.get_attribute("class")
    text = cell.text_content()
    assert "Gap" not in text and "1 project" in text
    assert staff.locator("table.unanswered-needs").count() == 0
    axe_check(staff)

    # 4. The coordinator sets up a review round with three criteria.
    coordinator = new_page(locale=EN)
    log_in(coordinator, world.coordinator.email)
    coordinator.goto(f"/p/{slug}/projects/")
    assert TITLE in coordinator.locator("main").inner_text()
    coordinator.locator(f"a[href='/p/{slug}/review/']").click()
    coordinator.locator(f"a[href='/p/{slug}/review/new/']").click()
    coordinator.fill("input[name=title_hu]", "Őszi bírálat")
    coordinator.fill("input[name=title_ro]", "Evaluarea de toamnă")
    coordinator.fill("input[name=reviewers_per_project]", "2")
    coordinator.fill("input[name=deadline]", "2099-11-01T12:00")
    coordinator.locator("main form button[type=submit]").click()
    coordinator.wait_for_url(f"**/p/{slug}/review/*/")
    review_round = ReviewRound.objects.get()
    coordinator.locator(f"a[href$='/review/{review_round.pk}/criteria/new/']").click()
    for index, (name, weight, required) in enumerate(CRITERIA):
        coordinator.wait_for_url("**/criteria/new/")
        coordinator.fill("input[name=name_hu]", name)
        coordinator.fill("input[name=weight]", weight)
        if required:
            coordinator.check("input[name=reason_required]")
        last = index == len(CRITERIA) - 1
        coordinator.locator(
            "main form button[type=submit]" + (":not([name])" if last else "[name=another]")
        ).click()
    coordinator.wait_for_url(f"**/p/{slug}/review/{review_round.pk}/")
    criteria_text = coordinator.locator("main").inner_text()
    assert all(name in criteria_text for name, _, _ in CRITERIA)

    # ... enters the portfolio's projects and assigns reviewers automatically ...
    coordinator.locator(f"a[href$='/review/{review_round.pk}/projects/']").click()
    coordinator.check("input[name=mode][value=all]")
    coordinator.locator("main form button[type=submit]").click()
    coordinator.wait_for_url(f"**/p/{slug}/review/{review_round.pk}/")
    coordinator.locator(f"form[action$='/review/{review_round.pk}/assign/'] button").click()
    coordinator.wait_for_url(f"**/p/{slug}/review/{review_round.pk}/")

    # ... and sees the expert of the lead organisation kept out, the other two assigned.
    entry = coordinator.locator("main table.responsive-table tbody tr", has_text=TITLE)
    reviewers = entry.locator("td[data-label=Reviewers]").inner_text()
    kept_out = entry.locator("td[data-label='Kept out (conflict of interest)']").inner_text()
    assert "Belső Szakértő" in kept_out and "Belső Szakértő" not in reviewers
    assert world.expert.public_name in reviewers and "Második Szakértő" in reviewers
    assert ReviewAssignment.objects.get(reviewer=insider).status == "conflict"
    axe_check(coordinator)
    coordinator.locator("button[name=target][value=open]").click()
    coordinator.wait_for_url(f"**/p/{slug}/review/{review_round.pk}/")
    assert "Close the round" in coordinator.locator("main").inner_text()

    # 5. Two experts declare no conflict and score: recommendation and reasons.
    criteria = list(review_round.criteria.all())
    for expert, values in ((world.expert, ("5", "4", "4")), (second, ("4", "4", "3"))):
        page = new_page(locale=EN)
        log_in(page, expert.email)
        page.goto(f"/p/{slug}/review/mine/")
        page.locator("ul.review-list a").first.click()
        page.wait_for_url("**/assignments/*/")
        assert project.code not in page.locator("main h1").inner_text()  # not before declaring
        page.check("input[name=kind][value=none]")
        page.locator("form.declaration button[type=submit]").click()
        page.wait_for_url("**/assignments/*/")
        assert project.code in page.locator("main h1").inner_text()
        for criterion, value in zip(criteria, values, strict=True):
            page.locator(f"input[name=score_{criterion.pk}][value='{value}']").check()
        page.fill(f"textarea[name=reason_{criteria[0].pk}]", "A falu kórusa régóta vár rá.")
        page.check("input[name=recommendation][value=fund]")
        page.locator("button[name=submit]").click()
        page.wait_for_url(f"**/p/{slug}/review/mine/")
        assert Review.objects.get(assignment__reviewer=expert).status == "submitted"
    assert not Review.objects.filter(assignment__reviewer=insider).exists()

    # 6. The coordinator closes the round, sets the funding line and reads the ranking.
    coordinator.goto(f"/p/{slug}/review/{review_round.pk}/")
    coordinator.locator("button[name=target][value=closed]").click()
    coordinator.wait_for_url(f"**/p/{slug}/review/{review_round.pk}/")
    coordinator.goto(f"/p/{slug}/projects/")
    coordinator.locator(f"main a[href='/p/{slug}/review/{review_round.pk}/ranking/']").click()
    coordinator.wait_for_url(f"**/review/{review_round.pk}/ranking/")
    coordinator.fill("input[name=funding_line]", "1")
    coordinator.locator("main form.ranking-options button[type=submit]").click()
    coordinator.wait_for_url(f"**/review/{review_round.pk}/ranking/")
    row = coordinator.locator(f"table.ranking-table tr[data-project='{project.code}']")
    assert TITLE in row.inner_text()
    assert "robustly in the top 1" in row.inner_text()
    axe_check(coordinator)
