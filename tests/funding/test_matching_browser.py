"""A member opens their project's card, follows "where could this be funded", sees the calls
with their reasons (on a phone too), and opens a call's page (Chromium)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from cultiva.funding.models import CallDeadline
from tests.factories import PASSWORD, make_call, make_project, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/me/")


def test_member_sees_where_the_project_could_be_funded(new_page, axe_check):
    world = make_world()
    today = timezone.localdate()
    project = make_project(
        world.process,
        title={"hu": "Csíki népzenei tábor", "ro": "Tabăra de muzică populară"},
        lead_organisation=world.organisation,
        budget_total=Decimal(300000),
        start_date=today + dt.timedelta(days=40),
        end_date=today + dt.timedelta(days=200),
    )
    call = make_call(
        world.process,
        title={"hu": "AFCN kulturális projektek", "ro": "AFCN proiecte culturale"},
        max_amount=Decimal(250000),
        own_contribution_min_pct=Decimal(10),
        funding_rate_max_pct=Decimal(90),
        duration_max_months=12,
    )
    CallDeadline.objects.create(call=call, due_at=timezone.now() + dt.timedelta(days=25))

    page = new_page(locale="hu-HU")
    log_in(page, world.member.email)
    page.goto(f"/projects/{project.pk}/")
    with translation.override("hu"):
        link_text = gettext("Where could this be funded")
        label = gettext("eligible if changed")
    page.get_by_role("link", name=link_text).click()
    page.wait_for_url(f"**/funding/projects/{project.pk}/")
    main = page.locator("main").inner_text()
    assert "AFCN kulturális projektek" in main
    assert label.capitalize() in main or label in main
    assert "300\xa0000 RON" in main and "250\xa0000 RON" in main
    axe_check(page)

    phone = new_page(locale="ro-RO", viewport={"width": 390, "height": 844})
    log_in(phone, world.member.email)
    phone.goto(f"/p/{world.process.slug}/funding/projects/{project.pk}/")
    assert "250.000 RON" in phone.locator("main").inner_text()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    phone.locator("main .match-list a").first.click()
    phone.wait_for_url(f"**/funding/calls/{call.pk}/")
    assert "AFCN proiecte culturale" in phone.locator("main").inner_text()
    axe_check(phone)
