"""A NUL character in any input never gives a server error (PostgreSQL refuses it in text).

Generated: every URL pattern of the site (but the admin and the API) is opened as the
coordinator and as an anonymous visitor of the small demo — at an address the crawl of
tests/test_links_open.py found, else with its parameters filled from the demo — and asked
again with a NUL in every query parameter it reads (the names in its GET forms and links,
and a broad fixed set); none may fail. Every GET operation of the API likewise with each of its
declared query parameters, and every text of the API's write bodies (the API refuses NUL
itself, with a 422); NUL in the path. NUL in every posted form field:
tests/test_forms_bad_input.py. Found before: `/organisations/?q=%00`,
`?sector=%00`, the library search, the activity filter, the check-in search and the
contributions export filters gave HTTP 500 on PostgreSQL.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from asgiref.sync import async_to_sync
from django.http import HttpResponse
from django.test import AsyncRequestFactory, Client, RequestFactory
from django.urls import Resolver404, URLResolver, get_resolver, resolve

from cultiva.accounts.models import ApiToken, Organisation, User
from cultiva.api.api import api
from cultiva.api.services import api_token_create
from cultiva.core.models import Settlement
from cultiva.core.nul_bytes import StripNulBytesMiddleware
from cultiva.demo.generator import DEMO_ACCOUNTS, demo_generate
from cultiva.ideas.models import (
    Comment,
    Contribution,
    ExtraField,
    Report,
    Wall,
)
from cultiva.meetings.models import (
    AgendaItem,
    Certificate,
    FeedbackQuestion,
    Material,
    Meeting,
    MinutesRevision,
    Registration,
    RegistrationQuestion,
    Speaker,
)
from cultiva.portfolio.models import Project
from cultiva.strategy.models import Strategy
from cultiva.synthesis.models import (
    ContributionMerge,
    Conversation,
    DuplicateCandidate,
    Statement,
    Theme,
)
from tests.factories import make_contribution, make_meeting, make_term
from tests.synthesis.theme_helpers import fallback_embedder  # noqa: F401
from tests.test_links_open import crawl

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_embedder")]

NUL = "\x00"
# Parameter names read by the product's filters and searches, and a few more.
BROAD = (
    "q", "sector", "kind", "domain", "settlement", "micro_region", "status", "process",
    "meeting", "organisation", "theme", "verb", "actor", "language", "lang", "page",
    "page_size", "sort", "order", "type", "format", "date", "year", "since", "until",
    "category", "target_group", "source", "next", "back", "tab", "view", "role", "search",
)  # fmt: skip
GET_FORM = re.compile(r"<form(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.S | re.I)
FIELD_NAME = re.compile(r"<(?:input|select|textarea)[^>]*\bname=\"([^\"]+)\"", re.I)
LINK = re.compile(r'href="(/[^"#]*)"')


def route_of(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).route
    except Resolver404:
        return None


def parameters_read(page: str) -> set[str]:
    """The query parameter names a page's GET forms and links use."""
    names = set()
    for form in GET_FORM.findall(page):
        names.update(FIELD_NAME.findall(form))
    for link in LINK.findall(page):
        names.update(key for key, _value in parse_qsl(urlsplit(link.replace("&amp;", "&")).query))
    return names - {"csrfmiddlewaretoken"}


def with_nul_parameters(url: str, names) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update({name: f"a{NUL}b" for name in names})
    return f"{parts.path}?{urlencode(query)}"


@pytest.fixture
def demo():
    return demo_generate(scale="small", seed=1)


def all_routes(patterns=None, prefix: str = ""):
    """Every URL pattern of the site (the API and the admin are tried elsewhere)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("admin/", "api/v1/")):
            continue
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, route)
        else:
            yield route


def segment_objects() -> dict[str, tuple]:
    """The URL segment before an id or code → (model, field giving the value)."""
    return {
        "meetings": (Meeting, "pk"),
        "contributions": (Contribution, "pk"),
        "comments": (Comment, "pk"),
        "themes": (Theme, "pk"),
        "polls": (Conversation, "pk"),
        "statements": (Statement, "pk"),
        "walls": (Wall, "pk"),
        "w": (Wall, "code"),
        "strategies": (Strategy, "pk"),
        "projects": (Project, "pk"),
        "materials": (Material, "pk"),
        "registrations": (Registration, "pk"),
        "checkin": (Registration, "pk"),
        "reports": (Report, "pk"),
        "merges": (ContributionMerge, "pk"),
        "duplicates": (DuplicateCandidate, "pk"),
        "questions": (FeedbackQuestion, "pk"),
        "agenda": (AgendaItem, "pk"),
        "contribution-form": (ExtraField, "pk"),
        "tokens": (ApiToken, "pk"),
        "history": (MinutesRevision, "number"),
        "verify": (Certificate, "verification_code"),
        "speakers": (Speaker, "pk"),
        "organisations": (Organisation, "pk"),
    }


def url_for_route(route: str, slug: str, objects: dict) -> str:
    """The route with its parameters filled from the demo: the first object of the model the
    segment before each one names (a missing one gives 404, which is fine here)."""
    segments = route.split("/")
    for index, segment in enumerate(segments):
        match = re.fullmatch(r"<(?:(\w+):)?(\w+)>(.*)", segment)
        if not match:
            continue
        converter, name, rest = match.groups()
        if converter == "slug" and name == "slug":
            value = slug
        else:
            model, field = objects.get(segments[index - 1] if index else "", (None, None))
            found = (
                model.objects.order_by("pk").values_list(field, flat=True).first()
                if model
                else None
            )
            value = found if found is not None else ("1" if converter != "slug" else "x")
        segments[index] = f"{value}{rest}"
    return "/" + "/".join(segments)


@pytest.mark.parametrize("role", ["coordinator", "anonymous"])
def test_no_page_fails_with_a_nul_in_any_query_parameter(demo, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(User.objects.get(email=dict(DEMO_ACCOUNTS)[role]))
    opened, _problems = crawl(client, ["/", "/me/", f"/p/{demo.process.slug}/", "/organisations/"])
    by_route: dict[str, str] = {}
    for url in sorted(opened):
        route = route_of(url)
        if route is not None:
            by_route.setdefault(route, url)
    crawled = len(by_route)
    objects = segment_objects()
    routes = set(all_routes())
    for route in routes - set(by_route):
        by_route[route] = url_for_route(route, demo.process.slug, objects)
    assert set(by_route) >= routes and len(routes) >= 140, len(routes)
    assert crawled >= (60 if role == "coordinator" else 20), crawled
    failures = []
    for url in by_route.values():
        page = client.get(url)
        names = set(BROAD)
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            names |= parameters_read(page.content.decode("utf-8", "replace"))
        response = client.get(with_nul_parameters(url, names))
        if response.status_code >= 500:
            failures.append((url, response.status_code))
    assert not failures


def test_no_api_operation_fails_with_a_nul_in_any_query_parameter(demo):
    schema = api.get_openapi_schema()
    path_values = {
        "slug": demo.process.slug,
        "vocabulary": "domain",
        "siruta": Settlement.objects.values_list("siruta", flat=True).first(),
        "id": Contribution.objects.filter(process=demo.process).values_list("pk", flat=True)[0],
        "registration_id": 1,
    }
    coordinator = User.objects.get(email=dict(DEMO_ACCOUNTS)["coordinator"])
    _token, raw = api_token_create(user=coordinator, name="nul")
    tried, failures = 0, []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if not operation:
            continue
        url = re.sub(r"{(\w+)}", lambda match: str(path_values[match.group(1)]), path)
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        for client in (Client(), Client(HTTP_AUTHORIZATION=f"Bearer {raw}")):
            tried += 1
            response = client.get(with_nul_parameters(url, names))
            if response.status_code >= 500:
                failures.append((url, response.status_code))
    assert tried >= 30
    assert not failures


def test_a_nul_in_the_path_is_not_found(demo):
    client = Client(raise_request_exception=False)
    for url in ("/organisations/%00/", f"/p/{demo.process.slug}%00/"):
        assert client.get(url).status_code == 404, url
    response = client.get("/api/v1/processes/a%00b")  # the API refuses it itself, in JSON
    assert 400 <= response.status_code < 500 and response.json()["detail"]


def test_a_nul_in_an_api_json_body_is_refused_not_a_server_error(world):
    """The API refuses NUL itself (422 naming the field), in every text of a write body."""
    meeting = make_meeting(world.process, capacity=10)
    question = RegistrationQuestion.objects.create(
        meeting=meeting, label={"hu": "Étrend"}, kind=RegistrationQuestion.Kind.TEXT
    )
    domain = make_term("domain", "heritage")
    contribution = make_contribution(world.process, world.member, domains=[domain])
    _token, raw = api_token_create(user=world.member, name="nul")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)
    slug = world.process.slug
    contribution_body = {
        "kind": "need",
        "title": "Próbaterem",
        "body": "Nincs hol próbálni.",
        "language": "hu",
        "domains": [domain.slug],
    }
    writes = [
        (f"/api/v1/processes/{slug}/contributions", contribution_body),
        (f"/api/v1/contributions/{contribution.pk}/comments", {"body": "Egyetértek"}),
        (f"/api/v1/processes/{slug}/meetings/{meeting.pk}/registrations", {"answers": {}}),
    ]
    tried = 0
    for url, body in writes:
        variants = [{**body, key: with_nul(value)} for key, value in body.items()]
        if "answers" in body:
            variants = [{"answers": {str(question.pk): f"vega{NUL}n"}}]
        for payload in variants:
            tried += 1
            response = client.post(url, data=json.dumps(payload), content_type="application/json")
            assert response.status_code < 500, (url, payload, response.content)
    assert tried == 7
    registration = Registration.objects.filter(meeting=meeting, person=world.member).first()
    assert registration is None or NUL not in json.dumps(registration.answers)
    response = client.post(
        f"/api/v1/processes/{slug}/contributions",
        data=json.dumps({**contribution_body, "title": f"a{NUL}b"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "title" in json.dumps(response.json())


def with_nul(value):
    if isinstance(value, str):
        return f"{value}{NUL}"
    if isinstance(value, list):
        return [with_nul(item) for item in value]
    return value


def seen_by_the_view(middleware_call, request):
    seen = {}

    def view(request):
        seen.update(get=request.GET.dict(), post=request.POST.dict())
        if request.content_type == "application/json":
            seen["body"] = request.body
        return HttpResponse("ok")

    async def async_view(request):
        return view(request)

    middleware = StripNulBytesMiddleware(async_view if middleware_call == "async" else view)
    if middleware_call == "async":
        async_to_sync(middleware)(request)
    else:
        middleware(request)
    return seen


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_middleware_strips_query_form_and_json_in_both_modes(mode):
    factory = AsyncRequestFactory() if mode == "async" else RequestFactory()
    request = factory.get("/organisations/", {"q": f"a{NUL}b", f"sec{NUL}tor": NUL})
    assert seen_by_the_view(mode, request)["get"] == {"q": "ab", "sector": ""}
    request = factory.post("/x/", {"title": f"Cím{NUL}", "body": "ok"})
    assert seen_by_the_view(mode, request)["post"] == {"title": "Cím", "body": "ok"}
    body = json.dumps({"title": f"a{NUL}b", "items": [{"k": NUL}], "text": "\\u0000 as text"})
    request = factory.post("/w/abc/post/", data=body, content_type="application/json")
    assert json.loads(seen_by_the_view(mode, request)["body"]) == {
        "title": "ab",
        "items": [{"k": ""}],
        "text": "\\u0000 as text",  # an escaped backslash stays: it is not a NUL
    }
