"""A member names themselves, downloads their data and deletes their account, in Chromium."""

import json
from pathlib import Path

import pytest

from cultiva.accounts.models import User
from cultiva.ideas.models import Contribution
from tests.factories import PASSWORD, make_contribution, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_exports_and_deletes_their_account(new_page, axe_check):
    world = make_world()
    member = world.member
    member.full_name = ""
    member.save()
    contribution = make_contribution(world.process, member, title="Tájház a faluban")

    page = new_page(locale="en-GB")
    page.goto("/accounts/login/")
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")
    assert member.email not in page.locator("header").inner_text()

    page.locator("main a[href='/me/profile/']").first.click()
    page.wait_for_url("**/me/profile/")
    axe_check(page)
    page.fill("input[name=full_name]", "Kovács Éva")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/me/profile/")
    assert User.objects.get(pk=member.pk).full_name == "Kovács Éva"

    with page.expect_download() as download_info:
        page.locator("main a[href='/me/data.json']").first.click()
    document = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    sections = {s["key"]: s["rows"] for s in document["sections"]}
    assert sections["account"][0]["email"] == member.email
    assert sections["ideas.contributions"][0]["title"] == "Tájház a faluban"

    page.locator("main a[href='/me/data/']").click()
    page.wait_for_url("**/me/data/")
    axe_check(page)
    assert "Tájház a faluban" in page.locator("main").inner_text()

    page.goto("/me/delete/")
    axe_check(page)
    page.fill("input[name=password]", "not my password")
    page.check("input[name=confirm]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() >= 1
    assert User.objects.get(pk=member.pk).erased_at is None

    page.fill("input[name=password]", PASSWORD)
    page.check("input[name=confirm]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: not url.endswith("/me/delete/"))
    erased = User.objects.get(pk=member.pk)
    assert erased.erased_at is not None and not erased.is_active

    # The contribution stays, signed "former participant"; the person can no longer log in.
    page.goto(f"/contributions/{contribution.pk}/")
    main = page.locator("main").inner_text()
    assert "Kovács Éva" not in main and member.email not in main
    assert Contribution.objects.filter(pk=contribution.pk, author=erased).exists()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/me/" not in page.url
