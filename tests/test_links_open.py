"""Every page the product links to opens for the people it is shown to.

Crawls the small demo (with themes found) as each demo account and as an anonymous visitor,
from the home page, the person's page and the process page, following the links of every page
that opens: at most PER_SHAPE pages of one URL shape (`/contributions/N/`), MAX_PAGES in all.
No page may fail (5xx); none shown to a signed-in person may refuse them (403) or be missing
(404). Anonymous visitors may be sent to the login page, and material links may lead off the
site. Found so far: the strategy button shown to members while the strategy was a draft, and
"register people" shown after registration had closed.
"""

from __future__ import annotations

import re
from collections import Counter, deque

import pytest
from django.test import Client

from cultiva.accounts.models import User
from cultiva.demo.generator import DEMO_ACCOUNTS, demo_generate
from cultiva.synthesis.models import ClusteringRun, Theme
from cultiva.synthesis.services import themes as theme_services
from tests.synthesis.theme_helpers import fallback_embedder  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_embedder")]

PER_SHAPE = 3
MAX_PAGES = 600
LINK = re.compile(r'href="(/[^"#]*)"')
NOT_PAGES = ("/static/", "/media/", "/accounts/logout", "/admin/", "/i18n/")


def shape_of(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?", 1)[0])


def crawl(
    client: Client, starts: list[str], on_response=None
) -> tuple[set[str], list[tuple[str, int, str]]]:
    """(the pages opened, the problems found); `on_response(url, response)` sees every answer."""
    seen: set[str] = set()
    shapes: Counter = Counter()
    opened: set[str] = set()
    problems = []
    queue = deque(starts)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        shape = shape_of(url)
        if url in seen or shapes[shape] >= PER_SHAPE:
            continue
        shapes[shape] += 1
        seen.add(url)
        response = client.get(url)
        if on_response is not None:
            on_response(url, response)
        if response.status_code == 200:
            opened.add(url)
        if response.status_code >= 400:
            problems.append((url, response.status_code, response.get("Location", "")))
        elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
            page = response.content.decode("utf-8", "replace")
            for link in LINK.findall(page):
                link = link.replace("&amp;", "&")
                if not link.startswith(NOT_PAGES) and link not in seen:
                    queue.append(link)
        elif response.status_code in (301, 302):
            location = response["Location"]
            off_site = location.startswith("http")
            to_login = "/accounts/login/" in location
            if not (off_site or to_login or location.startswith("/")):
                problems.append((url, response.status_code, location))
    return opened, problems


def test_every_linked_page_opens_for_whom_it_is_shown():
    result = demo_generate(scale="small", seed=1)
    run = ClusteringRun.objects.create(process=result.process)
    assert theme_services.clustering_run_execute(run.pk).status == ClusteringRun.Status.DONE
    assert Theme.objects.filter(process=result.process, memberships__isnull=False).exists()
    process = f"/p/{result.process.slug}/"
    visitors = [("anonymous", None), *DEMO_ACCOUNTS]
    for role, email in visitors:
        client = Client(raise_request_exception=False)
        if email:
            client.force_login(User.objects.get(email=email))
        opened, problems = crawl(client, ["/", "/me/", process])
        assert not problems, (role, problems)
        assert len(opened) >= 40, (role, len(opened))  # it really went through the site
        if role == "facilitator":
            shapes = {shape_of(url) for url in opened}
            for page in ("themes/board/", "themes/N/", "duplicates/", "polls/N/map/"):
                assert shape_of(process) + page in shapes, page
