"""In the browser: a member proposes a project for their organisation and looks for a
partner; another organisation's member offers theirs and the lead accepts it; a facilitator
accepts the proposal into the portfolio."""

from __future__ import annotations

import pytest

from cultiva.portfolio.models import PartnerInterest, Project, ProjectPartner
from tests.browser.fixtures import log_in
from tests.factories import make_contribution, make_term, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_propose_find_a_partner_and_enter_the_portfolio(new_page, axe_check):
    world = make_world()
    slug = world.process.slug
    music = make_term("domain", "music", hu="Zene", ro="Muzică", en="Music")
    idea = make_contribution(
        world.process, world.outsider, title="Kevés a zenei tábor a fiataloknak", domains=[music]
    )

    # The member proposes a project for their organisation, building on a contribution.
    lead = new_page()
    log_in(lead, world.member.email)
    lead.goto(f"/p/{slug}/proposals/new/")
    axe_check(lead)
    lead.fill("input[name=title_hu]", "Csíki népzenei tábor")
    lead.fill("textarea[name=summary_hu]", "Egyhetes nyári tábor fiataloknak.")
    lead.select_option("select[name=lead_organisation]", str(world.organisation.pk))
    lead.check(f"input[name=domains][value='{music.pk}']")
    lead.select_option("select[name=origins]", [str(idea.pk)])
    lead.locator("main form button[type=submit]").click()
    lead.wait_for_url(f"**/p/{slug}/proposals/*/")
    project = Project.objects.get()
    assert project.proposal_status == Project.ProposalStatus.DRAFT
    assert "Kevés a zenei tábor a fiataloknak" in lead.locator("main").inner_text()
    axe_check(lead)

    # ... marks it as looking for partners, with the partner wanted ...
    lead.locator(f"main a[href='/p/{slug}/projects/{project.pk}/partners/']").click()
    lead.wait_for_url(f"**/projects/{project.pk}/partners/")
    lead.fill("input[name=role_hu]", "helyszín és szállás")
    lead.check(f"input[name=domains][value='{music.pk}']")
    lead.locator("main form:has(input[value=save]) button[type=submit]").click()
    lead.wait_for_url(f"**/projects/{project.pk}/partners/")
    axe_check(lead)

    # ... and submits it for a decision.
    lead.goto(f"/p/{slug}/proposals/{project.pk}/")
    lead.select_option("select[name=target]", "submitted")
    lead.locator("main form[action$='/step/'] button[type=submit]").click()
    lead.wait_for_url(f"**/p/{slug}/proposals/{project.pk}/")
    assert lead.locator("[data-proposal-status]").get_attribute("data-proposal-status") == (
        "submitted"
    )

    # Another organisation's member finds it among the projects looking for partners.
    other = new_page()
    log_in(other, world.outsider.email)
    other.goto(f"/p/{slug}/partners/")
    axe_check(other)
    other.locator(f"main a[href='/p/{slug}/partners/{project.pk}/']").click()
    other.wait_for_url(f"**/partners/{project.pk}/")
    assert "helyszín és szállás" in other.locator("main").inner_text()
    other.select_option("select[name=organisation]", str(world.other_organisation.pk))
    other.fill("textarea[name=message]", "Van színpadunk és vendégházunk.")
    other.locator("main form button[type=submit]").click()
    other.wait_for_url(f"**/partners/{project.pk}/")
    axe_check(other)
    assert PartnerInterest.objects.get().status == PartnerInterest.Status.PENDING

    # The lead accepts the offer: the organisation becomes a partner in the role wanted.
    lead.goto(f"/p/{slug}/projects/{project.pk}/partners/")
    assert "Van színpadunk és vendégházunk." in lead.locator("main").inner_text()
    lead.locator("main button[name=decision][value=accepted]").click()
    lead.wait_for_url(f"**/projects/{project.pk}/partners/")
    partner = ProjectPartner.objects.get(project=project)
    assert partner.organisation == world.other_organisation
    assert partner.role == {"hu": "helyszín és szállás"}

    # A facilitator accepts the proposal into the portfolio: it gets its code.
    staff = new_page()
    log_in(staff, world.facilitator.email)
    staff.goto(f"/p/{slug}/proposals/")
    axe_check(staff)
    staff.locator(f"main a[href='/p/{slug}/proposals/{project.pk}/']").click()
    staff.wait_for_url(f"**/proposals/{project.pk}/")
    staff.select_option("select[name=target]", "accepted")
    staff.locator("main form[action$='/step/'] button[type=submit]").click()
    staff.wait_for_url(f"**/projects/{project.pk}/")
    project.refresh_from_db()
    assert project.proposal_status == Project.ProposalStatus.ACCEPTED and project.code
    main = staff.locator("main").inner_text()
    assert project.code in main and "Gyergyói Színjátszó Kör" in main
    staff.goto(f"/p/{slug}/projects/")
    assert "Csíki népzenei tábor" in staff.locator("main").inner_text()
