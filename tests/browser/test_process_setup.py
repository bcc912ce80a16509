"""From nothing: the platform administrator creates a process and names its coordinator; the
coordinator adds two phases, sees them on the timeline and publishes the process. No /admin/."""

import pytest
from django.core.management import call_command

from cultiva.core.models import ActivityLog
from cultiva.processes.models import Process
from tests.factories import PASSWORD, make_county, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "hargita-kezdo-jelszo-2027"


def _log_in(page, email, password):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def test_admin_creates_a_process_and_its_coordinator_sets_phases(new_page, axe_check):
    county = make_county()
    call_command(
        "create_platform_admin", "admin@example.org", name="Operátor", password=ADMIN_PASSWORD
    )
    coordinator = make_user("koordinator@example.org", full_name="Kelemen Kata")
    visited = []

    admin_page = new_page()
    admin_page.on("request", lambda request: visited.append(request.url))
    _log_in(admin_page, "admin@example.org", ADMIN_PASSWORD)
    admin_page.get_by_role("link", name="Beállítás").click()
    admin_page.get_by_role("link", name="Folyamat létrehozása").click()
    admin_page.wait_for_url("**/processes/new/")
    axe_check(admin_page)
    admin_page.get_by_label("Személyek keresése név vagy e-mail-cím szerint").fill("Kelemen")
    admin_page.get_by_role("button", name="Keresés").click()
    admin_page.wait_for_url("**/processes/new/?q=Kelemen")
    assert "koordinator@example.org" in admin_page.locator(".people-found").inner_text()
    admin_page.fill("textarea[name=coordinators]", "koordinator@example.org")
    admin_page.fill("input[name=title_hu]", "Udvarhelyszéki kulturális stratégia")
    admin_page.fill("input[name=title_ro]", "Strategia culturală Odorhei")
    admin_page.fill("input[name=slug]", "udvarhely-2027")
    admin_page.select_option("select[name=county]", str(county.pk))
    admin_page.check("input[name=languages][value=hu]")
    admin_page.check("input[name=languages][value=ro]")
    admin_page.fill("input[name=starts_on]", "2027-01-01")
    admin_page.fill("input[name=ends_on]", "2027-12-31")
    admin_page.get_by_role("button", name="A folyamat létrehozása").click()
    admin_page.wait_for_url("**/p/udvarhely-2027/setup/")
    axe_check(admin_page)
    process = Process.objects.get(slug="udvarhely-2027")
    assert not process.is_published
    assert process.roles.filter(user=coordinator, role="coordinator").exists()

    page = new_page()
    page.on("request", lambda request: visited.append(request.url))
    _log_in(page, coordinator.email, PASSWORD)
    page.get_by_role("link", name="Beállítás").click()
    page.get_by_role("link", name="Udvarhelyszéki kulturális stratégia").click()
    page.wait_for_url("**/p/udvarhely-2027/setup/")
    for kind, title, start, end in (
        ("workshops", "Műhelyek", "2027-02-01", "2027-04-30"),
        ("submission", "Ötletgyűjtés", "2027-03-01", "2027-05-31"),
    ):
        page.get_by_role("link", name="Szakasz hozzáadása").click()
        page.wait_for_url("**/setup/phases/new/")
        axe_check(page)
        page.select_option("select[name=kind]", kind)
        page.fill("input[name=title_hu]", title)
        page.fill("input[name=starts_on]", start)
        page.fill("input[name=ends_on]", end)
        if kind == "submission":
            page.check("input[name=accepts_contributions]")
        page.get_by_role("button", name="Mentés").click()
        page.wait_for_url("**/p/udvarhely-2027/setup/")
    axe_check(page)
    timeline = page.locator("svg.timeline")
    assert timeline.locator("rect.timeline-bar").count() == 2
    assert "Ötletgyűjtés" in timeline.inner_html()
    page.get_by_role("button", name="Közzététel").click()
    page.wait_for_url("**/p/udvarhely-2027/setup/")
    process.refresh_from_db()
    assert process.is_published
    assert list(process.phases.values_list("kind", flat=True)) == ["workshops", "submission"]
    verbs = set(ActivityLog.objects.filter(process=process).values_list("verb", flat=True))
    assert {"process.created", "phase.created", "process.published"} <= verbs
    assert not [url for url in visited if "/admin/" in url]
