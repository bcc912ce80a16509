"""No page a coordinator, facilitator, expert or member needs links to the Django admin.

Running a process happens on Cultiva's own pages; the admin is for the platform's operators
(`processes.rules.is_platform_staff`). Signs in as each role of a small world with a meeting,
a live wall, contributions, a project and a strategy, crawls what that person can reach
from the home page, their own page, the process page and the pages of their work (GET only,
same site, bounded: see `tests.test_links_open.crawl`), and looks for a link or a form to
/admin/ on every page.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from cultiva.ideas.wall import services as wall_services
from tests.factories import (
    make_contribution,
    make_meeting,
    make_project,
    make_strategy,
    make_user,
    make_world,
)
from tests.test_links_open import crawl

pytestmark = pytest.mark.django_db

ADMIN_LINK = re.compile(r'(?:href|action|formaction)="(?:https?://[^/"]+)?/admin(?:/|")')
ROLES = ("coordinator", "facilitator", "expert", "member")


def demo_like_world():
    world = make_world()
    meeting = make_meeting(world.process)
    wall = wall_services.wall_open(
        actor=world.facilitator, meeting=meeting, title="Mi hiányzik?", columns=["Ötletek"]
    )
    idea = make_contribution(world.process, world.member, organisation=world.organisation)
    project = make_project(world.process, origins=[idea], lead_organisation=world.organisation)
    make_strategy(world.process)
    return world, meeting, wall, project


def admin_links_while_crawling(client: Client, starts: list[str]) -> tuple[set[str], dict]:
    found: dict[str, list[str]] = {}

    def look(url, response):
        if "html" in response.get("Content-Type", ""):
            links = ADMIN_LINK.findall(response.content.decode("utf-8", "replace"))
            if links:
                found[url] = links

    opened, _problems = crawl(client, starts, on_response=look)
    return opened, found


def test_no_page_a_role_needs_links_to_the_admin():
    world, meeting, wall, project = demo_like_world()
    process = reverse("processes:detail", args=[world.process.slug])
    work = {
        "coordinator": [reverse("core:activity")],
        "facilitator": [
            reverse("ideas:wall_open", args=[world.process.slug, meeting.pk]),
            reverse("ideas:wall_projector", args=[wall.pk]),
        ],
        "expert": [],
        "member": [reverse("ideas:wall_join", args=[wall.code])],
    }
    for role in ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(world.user(role))
        starts = ["/", reverse("core:dashboard"), process, *work[role]]
        opened, found = admin_links_while_crawling(client, starts)
        assert not found, (role, found)
        assert process in opened and len(opened) >= 15, (role, len(opened))


def test_platform_staff_keep_their_way_to_the_admin(client):
    operator = make_user("operator@example.org", is_staff=True)
    client.force_login(operator)
    assert ADMIN_LINK.search(client.get("/").text)
