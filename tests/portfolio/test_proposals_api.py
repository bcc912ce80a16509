"""The API's proposal endpoints: create, change and submit a proposal with a token."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cultiva.api.services import api_token_create
from cultiva.portfolio.models import Project
from tests.factories import make_contribution, make_project, make_term

S = Project.ProposalStatus


def call(person, method, url, payload=None):
    headers = {}
    if person is not None:
        headers["HTTP_AUTHORIZATION"] = "Bearer " + api_token_create(user=person, name="t")[1]
    client = Client(**headers)
    if method == "get":
        return client.get(url)
    return getattr(client, method)(
        url,
        data=json.dumps(payload if payload is not None else {}),
        content_type="application/json",
    )


def base(world):
    return f"/api/v1/processes/{world.process.slug}/proposals"


@pytest.fixture
def payload(world):
    make_term("domain", "music")
    idea = make_contribution(world.process, world.outsider, title="Népzene")
    return {
        "title": {"hu": "Csíki népzenei tábor", "ro": "Tabăra de muzică populară"},
        "summary": {"hu": "Nyári tábor."},
        "lead_organisation": world.organisation.pk,
        "domains": ["music"],
        "origins": [idea.pk],
    }


def test_a_member_creates_changes_and_submits_a_proposal(world, payload):
    created = call(world.member, "post", base(world), payload)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["code"] == ""
    assert body["domains"] == ["music"] and body["origins"] == payload["origins"]
    url = f"{base(world)}/{body['id']}"

    changed = call(world.member, "patch", url, {"objectives": {"hu": "Fiatalok tanítása"}})
    assert changed.status_code == 200, changed.content
    assert changed.json()["objectives"] == {"hu": "Fiatalok tanítása"}
    assert changed.json()["title"] == payload["title"]  # untouched

    submitted = call(world.member, "post", f"{url}/submit")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert [s["status"] for s in submitted.json()["steps"]] == ["submitted", "draft"]
    # Waiting for a decision: no more changes, no second submission (409).
    assert call(world.member, "patch", url, {"title": {"hu": "Más"}}).status_code == 409
    assert call(world.member, "post", f"{url}/submit").status_code == 409
    # Not in the portfolio's list yet.
    listed = call(None, "get", f"/api/v1/processes/{world.process.slug}/projects")
    assert body["id"] not in [p["id"] for p in listed.json()["items"]]


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("outsider", 404), ("facilitator", 200), ("coordinator", 200)],
)
def test_who_reads_a_draft(world, payload, who, status):
    created = call(world.member, "post", base(world), payload).json()
    person = None if who == "anonymous" else getattr(world, who)
    assert call(person, "get", f"{base(world)}/{created['id']}").status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 403), ("outsider", 404), ("facilitator", 403)],
)
def test_who_may_not_submit(world, payload, who, status):
    created = call(world.member, "post", base(world), payload).json()
    person = None if who == "anonymous" else getattr(world, who)
    response = call(person, "post", f"{base(world)}/{created['id']}/submit")
    assert response.status_code == status
    assert Project.objects.get(pk=created["id"]).proposal_status == S.DRAFT


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": {}}, "title"),
        ({"title": {"hu": "   "}}, "title"),
        ({"title": {"de": "Titel"}}, "title"),
        ({"lead_organisation": 0}, "lead_organisation"),
        ({"lead_organisation": 99999999}, "lead_organisation"),
        ({"lead_organisation": "OTHER"}, "lead_organisation"),
        ({"domains": ["no-such-domain"]}, "domains"),
        ({"settlements": [1]}, "settlements"),
        ({"origins": [99999999]}, "origins"),
        ({"summary": {"hu": "x\x00y"}}, "summary"),
        ({"summary": {"hu": "ő" * 5000}}, "summary"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(world, payload, change, field):
    if change.get("lead_organisation") == "OTHER":
        change = {"lead_organisation": world.other_organisation.pk}
    response = call(world.member, "post", base(world), {**payload, **change})
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json()["detail"])
    assert not Project.objects.exists()


def test_a_draft_contribution_is_no_origin(world, payload):
    draft = make_contribution(world.process, world.member, status="draft")
    response = call(world.member, "post", base(world), {**payload, "origins": [draft.pk]})
    assert response.status_code == 422


def test_people_without_organisation_or_token_cannot_propose(world, payload):
    assert call(None, "post", base(world), payload).status_code == 403
    assert call(world.facilitator, "post", base(world), payload).status_code == 403


def test_an_accepted_project_is_not_a_proposal_to_change(world):
    project = make_project(world.process, lead_organisation=world.organisation)
    url = f"{base(world)}/{project.pk}"
    assert call(world.member, "patch", url, {"title": {"hu": "x"}}).status_code == 409
    assert call(world.coordinator, "patch", url, {"title": {"hu": "x"}}).status_code == 403
    project.refresh_from_db()
    assert project.title != {"hu": "x"}
