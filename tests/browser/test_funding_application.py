"""A member opens their organisation's application, ticks the documents, marks it in
preparation, then submitted, and sees the status change (and the project's maturity follow)."""

from __future__ import annotations

import pytest

from cultiva.funding.models import Application, ApplicationDocument
from cultiva.portfolio.models import Project
from tests.browser.fixtures import log_in
from tests.factories import make_application, make_world
from tests.funding.app_fixtures import project_and_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EN = "en-GB"
CULPRITS = """[...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .map(e => e.tagName + '.' + e.className).slice(0, 8)"""


@pytest.fixture(autouse=True)
def _in_english(settings):
    settings.LANGUAGE_CODE = "en"


def test_a_member_prepares_and_submits_their_application(new_page, axe_check):
    world = make_world()
    project, call = project_and_call(world)
    application = make_application(project, call)
    for index, document in enumerate(call.documents.all()):
        ApplicationDocument.objects.create(
            application=application,
            call_document=document,
            name=document.name,
            required=document.required,
            position=index,
        )
    page = new_page(locale=EN)
    log_in(page, world.member.email)
    page.goto(f"/p/{world.process.slug}/funding/applications/")
    page.locator(f"tr[data-application='{application.pk}'] a").first.click()
    page.wait_for_url(f"**/funding/applications/{application.pk}/")
    axe_check(page)
    for document in application.documents.all():
        row = page.locator(f"[data-document='{document.pk}']")
        row.locator("input[name=ready]").check()
        row.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(f"[data-document='{document.pk}'] input[name=ready]").is_checked()
    assert all(d.ready for d in application.documents.all())
    page.locator("form[data-step=preparation] button[type=submit]").click()
    page.wait_for_load_state()
    status = page.locator("[data-application-status]")
    assert status.get_attribute("data-application-status") == "preparation"
    page.locator("form[data-step=submitted] button[type=submit]").click()
    page.wait_for_load_state()
    assert status.get_attribute("data-application-status") == "submitted"
    assert "Submitted" in status.inner_text() or "submitted" in status.inner_text()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_on is not None
    assert Project.objects.get(pk=project.pk).maturity == "applied"
    axe_check(page)

    # On a phone: nothing wider than the screen, on the list and on the application.
    phone = new_page(viewport={"width": 375, "height": 740}, locale=EN)
    log_in(phone, world.member.email)
    for address in (
        f"/p/{world.process.slug}/funding/applications/",
        f"/p/{world.process.slug}/funding/applications/{application.pk}/",
    ):
        phone.goto(address)
        wide = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        culprits = phone.evaluate(CULPRITS)
        assert wide <= 1, f"{address} is {wide}px wider than a phone: {culprits}"
