"""No page and no API response shows anyone's e-mail address to other people.

Crawls the small demo, after taking every person's display name away (the case that leaked:
a member who signed up without a name had their address shown as the proposer of their
contribution), as an anonymous visitor and as a member, and walks the API's read operations
with the ids the API itself lists. Every e-mail address of every person in the database
(and of speakers and invitations) is searched for in every response body; only the visitor's
own address may appear.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from cultiva.accounts.models import ApiToken, User
from cultiva.api.services import api_token_create
from cultiva.demo.generator import DEMO_ACCOUNTS, demo_generate
from cultiva.meetings.models import Invitation, Speaker
from cultiva.synthesis.models import ClusteringRun
from cultiva.synthesis.services import themes as theme_services
from tests.synthesis.theme_helpers import fallback_embedder  # noqa: F401
from tests.test_links_open import crawl

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_embedder")]

ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def addresses_in(body: bytes) -> set[str]:
    return {a.lower() for a in ADDRESS.findall(body.decode("utf-8", "replace"))}


def api_urls(client: Client, slug: str) -> list[str]:
    """Every read operation of the API, with the ids the API itself lists."""
    urls = [
        "/api/v1/processes",
        f"/api/v1/processes/{slug}",
        "/api/v1/organisations",
        "/api/v1/me/registrations",
        "/api/v1/territory/settlements",
        "/api/v1/taxonomy/domain",
    ]

    def ids(url: str) -> list[int]:
        response = client.get(url, {"page_size": 5})
        if response.status_code != 200:
            return []
        data = response.json()
        items = data.get("items", data) if isinstance(data, dict) else data
        return [item["id"] for item in items if isinstance(item, dict) and "id" in item][:5]

    for oid in ids("/api/v1/organisations"):
        urls.append(f"/api/v1/organisations/{oid}")
    for what in ("meetings", "contributions", "projects"):
        listing = f"/api/v1/processes/{slug}/{what}"
        urls.append(listing)
        for oid in ids(listing):
            urls.append(f"{listing}/{oid}")
            if what == "meetings":
                urls += [f"{listing}/{oid}/agenda", f"{listing}/{oid}/registrations"]
            if what == "contributions":
                urls += [f"/api/v1/contributions/{oid}/{x}" for x in ("comments", "support")]
    return urls


def test_no_one_sees_another_persons_email_address():
    result = demo_generate(scale="small", seed=1)
    run = ClusteringRun.objects.create(process=result.process)
    assert theme_services.clustering_run_execute(run.pk).status == ClusteringRun.Status.DONE
    # Nobody chose a display name: every name falls back, and must not fall back to the address.
    User.objects.update(full_name="")
    secret = {e.lower() for e in User.objects.values_list("email", flat=True)}
    secret |= {e.lower() for e in Speaker.objects.exclude(email="").values_list("email", flat=True)}
    secret |= {e.lower() for e in Invitation.objects.values_list("email", flat=True)}
    member = User.objects.get(email=dict(DEMO_ACCOUNTS)["member"])
    process = f"/p/{result.process.slug}/"
    contribution = result.process.contributions.filter(author=member).first()
    assert contribution is not None

    for who in ("anonymous", "member"):
        client = Client(raise_request_exception=False)
        api = Client(raise_request_exception=False)
        own: set[str] = set()
        if who == "member":
            client.force_login(member)
            _token, raw = api_token_create(user=member, name="crawl")
            api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")
            own = {member.email}
        leaks: dict[str, set[str]] = {}

        def look(url, response, own=own, leaks=leaks):
            found = (addresses_in(response.content) & secret) - own
            if found:
                leaks[url] = found

        starts = ["/", "/me/", process, f"/contributions/{contribution.pk}/"]
        opened, _problems = crawl(client, starts, on_response=look)
        assert len(opened) >= 40, (who, len(opened))  # it really went through the site
        api_paths = api_urls(api, result.process.slug)
        for url in api_paths:
            response = api.get(url)
            assert response.status_code < 500, url
            look(url, response)
        assert not leaks, (who, dict(list(leaks.items())[:10]))
        ApiToken.objects.filter(user=member).delete()


def test_the_proposer_without_a_name_is_a_participant_to_visitors(client, settings):
    """The reported case: "Javaslattevő: <address>" on a nameless member's contribution."""
    from tests.factories import make_contribution, make_process, make_user

    settings.LANGUAGE_CODE = "en"
    author = make_user("nameless@example.org", full_name="")
    process = make_process(is_published=True)
    contribution = make_contribution(process, author, status="submitted")
    page = client.get(f"/contributions/{contribution.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert b"nameless@example.org" not in page.content
    assert "participant" in page.content.decode()
    api = client.get(f"/api/v1/processes/{process.slug}/contributions/{contribution.pk}")
    assert api.status_code == 200
    assert json.loads(api.content)["author"] == "participant"
