"""Malformed input gets a 4xx with a JSON body, never a server error."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import translation

from cultiva.api.api import api

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
BAD_URLS = [
    "/territory/settlements/abc",
    "/territory/settlements/-1",
    "/territory/settlements/0",
    "/territory/settlements/1.5",
    f"/territory/settlements/{HUGE}",
    "/territory/settlements/4294967296",
    "/territory/settlements?page=0",
    "/territory/settlements?page=abc",
    f"/territory/settlements?page={HUGE}",
    "/territory/settlements?page=1000001",
    "/territory/settlements?page_size=201",
    "/territory/settlements?page_size=-5",
    "/territory/settlements?page_size=",
    "/territory/settlements?micro_region=%00",
    "/territory/settlements?q=%00",
    "/territory/settlements?q=" + "x" * 101,
    "/taxonomy/nonsense",
    "/taxonomy/DOMAIN",
    "/taxonomy/domain?page=two",
    "/organisations/abc",
    "/organisations/0",
    f"/organisations/{HUGE}",
    "/organisations?settlement=abc",
    f"/organisations?settlement={HUGE}",
    "/organisations?sector=%00",
    "/organisations?domain=not%20a%20slug",
    "/organisations?q=%00",
    "/organisations?page_size=100000",
    "/processes/%00",
    "/processes/no-such-process",
    "/processes/%C3%A9l%C5%91",
    "/processes/{slug}/meetings/abc",
    f"/processes/{{slug}}/meetings/{HUGE}",
    "/processes/{slug}/meetings/999999",
    "/processes/{slug}/meetings?page=-3",
    "/processes/%00/meetings",
    "/processes/{slug}/contributions?kind=poem",
    "/processes/{slug}/contributions?kind=",
    "/processes/{slug}/contributions?domain=%00",
    "/processes/{slug}/contributions?q=%00",
    "/processes/{slug}/contributions?page_size=1000",
    "/processes/{slug}/contributions/abc",
    "/processes/{slug}/contributions/-7",
    f"/processes/{{slug}}/contributions/{HUGE}",
    "/processes/{slug}/contributions/999999",
    "/processes/{slug}/projects?maturity=bogus",
    "/processes/{slug}/projects/abc",
    f"/processes/{{slug}}/projects/{HUGE}",
    "/processes/{slug}/projects/999999",
    "/processes?lang=xx",
    "/no-such-endpoint",
    "/processes/",
    "/processes/{slug}/contributions/1/extra",
    "/processes?lang=%00",
]


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_bad_urls_are_client_errors_with_json(scenario, role):
    client = scenario.client(role)
    failures = []
    for url in BAD_URLS:
        full = "/api/v1" + url.format(slug=scenario.process.slug)
        response = client.get(full)
        if not 400 <= response.status_code < 500:
            failures.append((full, response.status_code))
            continue
        if not response["Content-Type"].startswith("application/json"):
            failures.append((full, response["Content-Type"]))
            continue
        if "detail" not in response.json():
            failures.append((full, response.json()))
    assert failures == []


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_not_allowed(scenario, method):
    response = getattr(scenario.client("coordinator"), method)("/api/v1/processes")
    assert response.status_code == 405


def test_api_index_points_to_the_schema(db):
    data = Client().get("/api/v1/").json()
    assert data["openapi"].endswith("/api/v1/openapi.json")
    assert data["docs"].endswith("/api/v1/docs")


@pytest.mark.parametrize(
    ("exc", "status", "detail"),
    [
        ("permission", 403, "Nope."),
        ("validation", 422, ["First.", "Second."]),
        ("http404", 404, "Not found."),
        ("does_not_exist", 404, "Not found."),
    ],
)
def test_django_exceptions_become_json(exc, status, detail):
    raised = {
        "permission": PermissionDenied("Nope."),
        "validation": ValidationError(["First.", "Second."]),
        "http404": Http404(),
        "does_not_exist": ObjectDoesNotExist(),
    }[exc]
    with translation.override("en"):
        response = api.on_exception(RequestFactory().get("/api/v1/x"), raised)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {"detail": detail}
