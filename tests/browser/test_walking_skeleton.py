"""A member, a facilitator and a coordinator walk from an idea to the strategy PDF."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from cultiva.accounts.models import Membership
from cultiva.core.models import TaxonomyTerm
from tests.factories import PASSWORD, make_strategy, make_term, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IDEA_TITLE = "Gyimesi csángó hagyományőrző tábor fiatal zenészeknek – őszi műhely"
PROJECT_TITLE_RO = "Tabără de tradiții ceangăiești din Ghimeș pentru tineri muzicieni"


def log_in(page, email, axe_check):
    page.goto("/accounts/login/")
    axe_check(page)
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def log_out(page):
    page.locator("header form[action$='/logout/'] button").click()
    page.wait_for_load_state()


def test_idea_to_strategy_pdf(new_page, axe_check):
    world = make_world()
    make_term("domain", "folk", hu="Népi hagyományok", ro="Tradiții populare", en="Folk traditions")
    strategy, measure = make_strategy(world.process)
    slug = world.process.slug
    assert Membership.objects.filter(user=world.member).exists()

    page = new_page()
    page.goto("/")
    axe_check(page)
    log_in(page, world.member.email, axe_check)
    axe_check(page)

    # The member submits an idea in Hungarian.
    page.goto(f"/p/{slug}/")
    axe_check(page)
    page.locator("main a[href$='/contributions/new/']").first.click()
    page.wait_for_url(f"**/p/{slug}/contributions/new/")
    axe_check(page)
    page.check("input[name=kind][value=idea]")
    page.fill("input[name=title]", IDEA_TITLE)
    page.fill(
        "textarea[name=body]", "Nyári és őszi tábor, ahol idős zenészek tanítják a fiatalokat."
    )
    page.select_option("select[name=language]", "hu")
    folk = TaxonomyTerm.objects.get(slug="folk")
    page.check(f"input[name=domains][value='{folk.pk}']")
    page.select_option("select[name=organisation]", str(world.organisation.pk))
    page.locator("button[name=submit]").click()
    page.wait_for_url("**/contributions/*/")
    assert IDEA_TITLE in page.locator("h1").inner_text()
    axe_check(page)
    contribution_url = page.url
    log_out(page)

    # The facilitator promotes it into a portfolio project.
    log_in(page, world.facilitator.email, axe_check)
    page.goto(contribution_url)
    page.locator("a[href$='/promote/']").click()
    page.wait_for_url("**/promote/")
    axe_check(page)
    assert page.input_value("input[name=title_hu]") == IDEA_TITLE
    page.fill("input[name=title_ro]", PROJECT_TITLE_RO)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/projects/*/")
    axe_check(page)
    assert IDEA_TITLE in page.locator("h1").inner_text()
    assert IDEA_TITLE in page.locator("table").inner_text()  # the origin is listed
    project_url = page.url
    log_out(page)

    # The coordinator links it to a measure and exports the strategy.
    log_in(page, world.coordinator.email, axe_check)
    page.goto(project_url)
    page.select_option("select[name=measure]", str(measure.pk))
    page.locator("form[action$='/measures/'] button[type=submit]").click()
    page.wait_for_url(project_url)
    assert measure.code in page.locator("main").inner_text()
    page.goto(f"/strategies/{strategy.pk}/")
    axe_check(page)
    for language, title in (("hu", IDEA_TITLE), ("ro", PROJECT_TITLE_RO)):
        with page.expect_download() as download_info:
            page.locator(f"a[href$='pdf/?lang={language}']").click()
        pdf = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
        text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
        assert title in text

    # The language switcher turns the interface Romanian.
    page.select_option("#language-select", "ro")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ro"
    axe_check(page)
    assert len(axe_check.pages) >= 10


def test_member_submits_from_a_phone(new_page, axe_check):
    world = make_world()
    make_term("domain", "music", hu="Zene", ro="Muzică", en="Music")
    page = new_page(viewport={"width": 390, "height": 844})
    log_in(page, world.member.email, axe_check)
    page.goto(f"/p/{world.process.slug}/contributions/new/")
    axe_check(page)
    # The form fits the screen: nothing forces sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.check("input[name=kind][value=need]")
    page.fill("input[name=title]", "Hiányzik egy próbaterem Csíkszeredában")
    page.fill(
        "textarea[name=body]", "A kórusoknak nincs fűthető próbatermük télen, ezért szünetelnek."
    )
    page.check("input[name=domains]")
    page.locator("button[name=submit]").click()
    page.wait_for_url("**/contributions/*/")
    assert "próbaterem" in page.locator("h1").inner_text()
