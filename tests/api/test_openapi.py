"""The OpenAPI schema describes every endpoint."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/territory/settlements",
    "/api/v1/territory/settlements/{siruta}",
    "/api/v1/taxonomy/{vocabulary}",
    "/api/v1/organisations",
    "/api/v1/organisations/{id}",
    "/api/v1/processes",
    "/api/v1/processes/{slug}",
    "/api/v1/processes/{slug}/meetings",
    "/api/v1/processes/{slug}/meetings/{id}",
    "/api/v1/processes/{slug}/contributions",
    "/api/v1/processes/{slug}/contributions/{id}",
    "/api/v1/processes/{slug}/projects",
    "/api/v1/processes/{slug}/projects/{id}",
    "/api/v1/processes/{slug}/review-rounds",
    "/api/v1/processes/{slug}/review-rounds/{id}",
    "/api/v1/processes/{slug}/gaps",
    "/api/v1/processes/{slug}/project-cards",
    "/api/v1/processes/{slug}/project-cards/{id}",
    "/api/v1/processes/{slug}/proposals",
    "/api/v1/processes/{slug}/proposals/{id}",
    "/api/v1/processes/{slug}/proposals/{id}/submit",
    "/api/v1/processes/{slug}/meetings/{id}/agenda",
    "/api/v1/processes/{slug}/meetings/{id}/registrations",
    "/api/v1/processes/{slug}/meetings/{id}/registrations/{registration_id}/attendance",
    "/api/v1/me/registrations",
    "/api/v1/me/registrations/{id}",
    "/api/v1/contributions/{id}/support",
    "/api/v1/contributions/{id}/comments",
    "/api/v1/processes/{slug}/funders",
    "/api/v1/processes/{slug}/funders/{id}",
    "/api/v1/processes/{slug}/programmes",
    "/api/v1/processes/{slug}/funding-calls",
    "/api/v1/processes/{slug}/funding-calls/{id}",
    "/api/v1/processes/{slug}/funding-calls/{id}/matches",
    "/api/v1/funding-applications",
    "/api/v1/funding-applications/{id}",
}
# Addresses that end in a word but answer with one object, not a page.
NOT_PAGED = {"/api/v1/contributions/{id}/support", "/api/v1/processes/{slug}/gaps"}


def test_schema_is_valid_json_with_every_path():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Cultiva API"
    assert set(schema["paths"]) == PATHS

    components = schema["components"]
    assert components["securitySchemes"]["BearerAuth"] == {"type": "http", "scheme": "bearer"}
    writes = {
        ("post", "/api/v1/processes/{slug}/meetings/{id}/registrations"),
        (
            "put",
            "/api/v1/processes/{slug}/meetings/{id}/registrations/{registration_id}/attendance",
        ),
        ("delete", "/api/v1/me/registrations/{id}"),
        ("post", "/api/v1/processes/{slug}/contributions"),
        ("post", "/api/v1/contributions/{id}/support"),
        ("delete", "/api/v1/contributions/{id}/support"),
        ("post", "/api/v1/contributions/{id}/comments"),
        ("post", "/api/v1/processes/{slug}/proposals"),
        ("patch", "/api/v1/processes/{slug}/proposals/{id}"),
        ("post", "/api/v1/processes/{slug}/proposals/{id}/submit"),
    }
    # Actions on an existing object answer with the object (200), not a new one (201).
    actions = {"/api/v1/processes/{slug}/proposals/{id}/submit"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert method == "get" or (method, path) in writes, (method, path)
            assert operation["operationId"]
            success = "201" if method == "post" and path not in actions else "200"
            assert success in operation["responses"], path
            assert {"BearerAuth": []} in operation["security"] and {} in operation["security"]
            names = {p["name"] for p in operation.get("parameters", [])}
            assert "lang" in names
            for placeholder in (part[1:-1] for part in path.split("/") if part.startswith("{")):
                assert placeholder in names, (path, placeholder)
            is_list = not path.endswith("}") or path.endswith("{vocabulary}")
            if method == "get" and is_list and path not in NOT_PAGED:
                content = operation["responses"]["200"]["content"]["application/json"]
                ref = content["schema"]["$ref"]
                paged = components["schemas"][ref.rsplit("/", 1)[1]]
                assert {"count", "next", "previous", "items"} <= set(paged["properties"])
                assert {"page", "page_size"} <= names
            if method != "get":
                assert "422" in operation["responses"] and "403" in operation["responses"]

    refs = {ref for ref in _refs(schema)}
    for ref in refs:
        assert ref.rsplit("/", 1)[1] in components["schemas"], ref


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_docs_page_loads():
    assert Client().get("/api/v1/docs").status_code == 200
