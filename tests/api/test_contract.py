"""The API answers what its OpenAPI schema says: refused input and documented errors."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

from cultiva.ideas.models import Comment, Contribution
from cultiva.meetings.models import Registration

pytestmark = pytest.mark.django_db

API = "/api/v1"


def schema() -> dict:
    return json.loads(Client().get(f"{API}/openapi.json").content)


@pytest.mark.parametrize("lang", ["", " ", "HU", "hu-hu", "de", "x" * 300])
def test_a_language_outside_the_enum_is_422(scenario, lang):
    response = scenario.client("member").get(f"{API}/processes", {"lang": lang})
    assert response.status_code == 422
    assert "hu, ro, en" in response.json()["detail"]


def test_the_language_enum_is_the_sites_languages(scenario):
    operation = schema()["paths"][f"{API}/processes"]["get"]
    lang = next(p for p in operation["parameters"] if p["name"] == "lang")
    assert lang["schema"]["enum"] == [code for code, _name in settings.LANGUAGES]
    response = scenario.client("anonymous").get(f"{API}/processes/{scenario.process.slug}?lang=ro")
    assert response.status_code == 200 and response["Content-Language"] == "ro"


NOT_OBJECTS = ["null", "[]", '"x"', "42", "true"]


@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_a_body_that_is_not_an_object_is_422(scenario, body):
    """Registration's fields all have defaults: `null` used to register the member (201)."""
    meeting = scenario.meetings["published"]
    client = scenario.client("member")
    url = f"{API}/processes/{scenario.process.slug}/meetings/{meeting.pk}/registrations"
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 422, response.content
    problem = response.json()["detail"][0]
    assert problem["loc"] == ["body", "payload"]
    assert "Küldjön JSON-objektumot." in problem["msg"]  # the site's default language
    assert not Registration.objects.exists()

    contribution = scenario.contributions["public"]
    comment = client.post(
        f"{API}/contributions/{contribution.pk}/comments", body, content_type="application/json"
    )
    assert comment.status_code == 422 and not Comment.objects.exists()
    before = Contribution.objects.count()
    created = client.post(
        f"{API}/processes/{scenario.process.slug}/contributions",
        body,
        content_type="application/json",
    )
    assert created.status_code == 422 and Contribution.objects.count() == before


def test_a_body_that_is_not_json_is_400_in_the_requests_language(scenario):
    contribution = scenario.contributions["public"]
    response = scenario.client("member").post(
        f"{API}/contributions/{contribution.pk}/comments?lang=hu",
        "{not json",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "A kérés törzse nem érvényes JSON."}


def test_registering_for_an_unknown_organisation_is_422(scenario):
    meeting = scenario.meetings["published"]
    response = scenario.client("member").post(
        f"{API}/processes/{scenario.process.slug}/meetings/{meeting.pk}/registrations",
        {"organisation": 987654},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Registration.objects.exists()


def test_every_operation_documents_the_errors_it_can_give(db):
    """401 (a bad token) and 422 (parameters, `lang`) everywhere; 400 with a body; 404 with
    an object in the path; 403 where a token or a role is needed; 409 for registering."""
    document = schema()
    error_ref = "#/components/schemas/Error"
    assert "Error" in document["components"]["schemas"]
    forbidden = {
        ("get", f"{API}/me/registrations"),
        ("get", f"{API}/processes/{{slug}}/meetings/{{id}}/registrations"),
        ("get", f"{API}/funding-applications"),
        ("get", f"{API}/funding-applications/{{id}}"),
    }
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"401", "422"}
            if "requestBody" in operation:
                expected.add("400")
            if "{" in path and not path.endswith("{vocabulary}"):
                expected.add("404")
            if method != "get" or (method, path) in forbidden:
                expected.add("403")
            errors = {status for status in responses if status[0] in "45"}
            assert errors == expected | ({"409"} & errors), (method, path, errors)
            for status in errors:
                content = responses[status]["content"]["application/json"]["schema"]
                assert content == {"$ref": error_ref}, (method, path, status)
    registration = document["paths"][f"{API}/processes/{{slug}}/meetings/{{id}}/registrations"]
    assert "409" in registration["post"]["responses"]


def test_a_bad_token_is_the_documented_401(scenario):
    response = Client(HTTP_AUTHORIZATION="Bearer cv_nonsense").get(f"{API}/processes")
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}
