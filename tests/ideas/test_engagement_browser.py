"""In a browser, on a phone: the engagement panel, the moderation queue and the
notifications page fit 390px and pass axe (no serious or critical violations)."""

from __future__ import annotations

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from cultiva.ideas.engagement import services
from tests.factories import make_contribution, make_user, make_world
from tests.meetings.test_library_browser import PHONE, fits_the_phone, in_own_browser, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_WITH_PANEL = Template(
    '{% extends "base.html" %}{% load ideas_engagement %}'
    "{% block content %}<h1>{{ contribution.title }}</h1>"
    "{% engagement_panel contribution %}{% endblock %}"
)


def panel_page(contribution, user) -> str:
    request = RequestFactory().get(reverse("ideas:detail", args=[contribution.pk]))
    request.user = user
    request.session = {}
    return PAGE_WITH_PANEL.render(RequestContext(request, {"contribution": contribution}))


def test_engagement_pages_on_a_phone(live_server, axe_check):  # noqa: F811
    world = make_world()
    author = make_user("author@example.org")
    contribution = make_contribution(world.process, author, title="Tájház felújítása")
    first = services.comment_create(contribution=contribution, author=world.member, body="Jó!")
    reply = services.comment_create(
        contribution=contribution, author=author, body="Köszönöm " * 30, parent=first
    )
    services.comment_create(
        contribution=contribution, author=world.outsider, body="Igen", parent=reply
    )
    hidden = services.comment_create(contribution=contribution, author=world.outsider, body="Spam")
    services.report_create(reporter=world.member, reason="Reklám", comment=hidden)
    services.report_create(reporter=world.member, reason="Kétes", contribution=contribution)
    services.comment_hide(comment=hidden, actor=world.facilitator, reason="Reklám")
    services.report_create(reporter=world.outsider, reason="Sértő", comment=first)
    panels = {
        "member": panel_page(contribution, world.member),
        "facilitator": panel_page(contribution, world.facilitator),
    }

    def drive(new_page):
        page = new_page(viewport=PHONE)
        log_in(page, world.facilitator.email)
        page.goto(f"/p/{world.process.slug}/moderation/")
        axe_check(page)
        assert fits_the_phone(page)
        assert page.locator("main li.card").count() == 2
        page.goto("/")
        for html in panels.values():
            page.set_content(html)
            axe_check(page)
            assert fits_the_phone(page)
        member = new_page(viewport=PHONE)
        log_in(member, author.email)
        member.goto(reverse("ideas:notifications"))
        axe_check(member)
        assert fits_the_phone(member)
        assert member.locator("main li.card").count() == 3  # three comments by others

    in_own_browser(live_server, drive)
