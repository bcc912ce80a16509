"""Every form of the product takes bad input without a server error.

Walks the small demo (with its themes) as the coordinator, facilitator, expert and member, like
tests/test_links_open.py, and posts each distinct form found (one per URL shape) four times:
every field empty, every field 20,000 characters long, and every field garbage (a choice that
does not exist, a number that is not one, markup), and every field with a NUL character in
it (PostgreSQL refuses NUL in text; cultiva.core.nul_bytes strips it). A refusal, a message
or a redirect are all fine; a 5xx is a bug. Found so far: a bare word as "next" or "back"
(core.redirects).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from cultiva.accounts.models import User
from cultiva.demo.generator import DEMO_ACCOUNTS, demo_generate
from cultiva.synthesis.models import ClusteringRun
from cultiva.synthesis.services import themes as theme_services
from tests.synthesis.theme_helpers import fallback_embedder  # noqa: F401
from tests.test_links_open import crawl, shape_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_embedder")]

LONG = "ő" * 20_000
GARBAGE = "'; <script>alert(1)</script> -1e309 NaN 99999999999"


class PostForms(HTMLParser):
    """The POST forms of a page: action and fields (name, type, value; selects as choices)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._form = None
            if (attributes.get("method") or "get").lower() == "post":
                self._form = {"action": attributes.get("action") or "", "fields": []}
                self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select"):
            name = attributes.get("name")
            kind = attributes.get("type", "text") if tag == "input" else tag
            if name and name != "csrfmiddlewaretoken" and kind != "file":
                self._form["fields"].append((name, kind, attributes.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def bad_values(fields, variant: str) -> dict:
    data = {}
    for name, kind, value in fields:
        if variant == "empty":
            data[name] = value if kind in ("hidden", "checkbox", "radio") else ""
        elif variant == "long":
            data[name] = LONG
        elif variant == "nul":
            data[name] = f"{value or 'a'}\x00b"
        else:
            data[name] = GARBAGE
    return data


@pytest.mark.parametrize(
    ("role", "least_forms"),
    [("coordinator", 40), ("facilitator", 40), ("expert", 8), ("member", 8)],
)
def test_every_form_survives_empty_overlong_and_garbage_values(role, least_forms):
    result = demo_generate(scale="small", seed=1)
    run = ClusteringRun.objects.create(process=result.process)
    assert theme_services.clustering_run_execute(run.pk).status == ClusteringRun.Status.DONE
    client = Client(raise_request_exception=False)
    email = dict(DEMO_ACCOUNTS)[role]
    client.force_login(User.objects.get(email=email))
    opened, _problems = crawl(client, ["/", "/me/", f"/p/{result.process.slug}/"])
    forms: dict[str, tuple[str, list]] = {}
    for url in sorted(opened):
        response = client.get(url)
        if "html" not in response.get("Content-Type", ""):
            continue
        parser = PostForms()
        parser.feed(response.content.decode("utf-8", "replace"))
        for form in parser.forms:
            action = form["action"].replace("&amp;", "&") or url
            if "logout" not in action:
                forms.setdefault(shape_of(action), (action, form["fields"]))
    assert len(forms) >= least_forms, sorted(forms)
    failures = []
    for action, fields in forms.values():
        for variant in ("empty", "long", "garbage", "nul"):
            response = client.post(action, bad_values(fields, variant))
            if response.status_code >= 500:
                failures.append((action, variant, response.status_code))
    assert not failures
