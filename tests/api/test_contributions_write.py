"""The contributions API: new filters, creating with a token, supports and comments."""

from __future__ import annotations

import json

import pytest

from cultiva.core.models import ActivityLog
from cultiva.ideas.indexing import contributions_reindex
from cultiva.ideas.models import Comment, Contribution, Support
from tests.api.conftest import ROLES

pytestmark = pytest.mark.django_db


def post(scenario, role, url, payload, method="post"):
    client = scenario.client(role)
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")


def list_url(scenario) -> str:
    return f"/api/v1/processes/{scenario.process.slug}/contributions"


def valid_payload(scenario, **overrides) -> dict:
    payload = {
        "kind": "need",
        "title": "Próbatermek a zenekaroknak",
        "body": "Sok fiatal zenekar nem talál próbahelyet.\nSzükség van egy teremre.",
        "language": "hu",
        "domains": ["heritage"],
        "settlements": [scenario.settlement.siruta],
        "time_horizon": "short",
    }
    payload.update(overrides)
    return payload


# --- list filters ------------------------------------------------------------------------


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_list_filters(scenario):
    contributions_reindex()
    public = scenario.contributions["public"].pk
    need = scenario.contributions["in_portfolio"].pk
    url = list_url(scenario)
    get = scenario.get
    assert ids(get("anonymous", url, data={"settlement": scenario.settlement.siruta})) == {public}
    region = scenario.settlement.micro_region_id
    assert ids(get("anonymous", url, data={"micro_region": region})) == {public}
    assert ids(get("anonymous", url, data={"sector": "ngo"})) == {public}
    meeting = scenario.meetings["published"].pk
    assert ids(get("anonymous", url, data={"meeting": meeting})) == {public}
    assert ids(get("anonymous", url, data={"status": "in_portfolio"})) == {need}
    assert ids(get("anonymous", url, data={"status": "hidden"})) == set()
    hidden = scenario.contributions["hidden"].pk
    assert ids(get("coordinator", url, data={"status": "hidden"})) == {hidden}
    assert ids(get("anonymous", url, data={"language": "hu"})) == {public, need}
    assert ids(get("anonymous", url, data={"q": "tajhaz"})) == {public}


@pytest.mark.parametrize(
    "params",
    [
        {"settlement": "abc"},
        {"settlement": "0"},
        {"micro_region": str(2**70)},
        {"status": "nonsense"},
        {"language": "de"},
        {"sector": "no spaces"},
        {"q": "a\x00b"},
        {"meeting": "-5"},
    ],
)
def test_bad_filters_are_422(scenario, params):
    assert scenario.get("anonymous", list_url(scenario), data=params).status_code == 422


# --- create --------------------------------------------------------------------------------


def test_member_creates_a_contribution(scenario):
    response = post(scenario, "member", list_url(scenario), valid_payload(scenario))
    assert response.status_code == 201, response.content
    data = response.json()
    created = Contribution.objects.get(pk=data["id"])
    assert created.author == scenario.world.member
    assert created.status == Contribution.Status.SUBMITTED
    assert data["domains"] == ["heritage"] and data["settlements"] == [scenario.settlement.siruta]
    assert " probatermek " in created.search_document
    assert ActivityLog.objects.filter(verb="contribution.submitted", target_id=str(created.pk))
    # It is found by search straight away.
    assert created.pk in ids(
        scenario.get("anonymous", list_url(scenario), data={"q": "próbaterem"})
    )


def test_draft_and_meeting(scenario):
    meeting = scenario.meetings["published"].pk
    payload = valid_payload(scenario, submit=False, meeting=meeting)
    response = post(scenario, "member", list_url(scenario), payload)
    assert response.status_code == 201
    created = Contribution.objects.get(pk=response.json()["id"])
    assert created.status == Contribution.Status.DRAFT
    assert created.meeting_id == meeting and created.source == Contribution.Source.MEETING


def test_anonymous_cannot_create(scenario):
    response = post(scenario, "anonymous", list_url(scenario), valid_payload(scenario))
    assert response.status_code == 403
    assert not Contribution.objects.filter(title="Próbatermek a zenekaroknak").exists()


def test_cannot_speak_for_someone_elses_organisation(scenario):
    other = scenario.world.other_organisation.pk
    response = post(
        scenario, "member", list_url(scenario), valid_payload(scenario, organisation=other)
    )
    assert response.status_code == 403


def test_hidden_process_is_404(scenario):
    url = f"/api/v1/processes/{scenario.hidden_process.slug}/contributions"
    assert post(scenario, "outsider", url, valid_payload(scenario)).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"domains": ["no-such-domain"]}, "domains"),
        ({"domains": []}, "domains"),
        ({"settlements": [12345678]}, "settlements"),
        ({"settlements": [0]}, "settlements"),
        ({"target_groups": ["nope"]}, "target_groups"),
        ({"organisation": 999999}, "organisation"),
        ({"meeting": 999999}, "meeting"),
        ({"kind": "rant"}, "kind"),
        ({"language": "de"}, "language"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "a\x00b"}, "title"),
        ({"body": "a\x00b"}, "body"),
        ({"time_horizon": "forever"}, "time_horizon"),
        ({"organisation": 2**70}, "organisation"),
    ],
)
def test_validation_errors_name_the_field(scenario, overrides, field):
    before = Contribution.objects.count()
    payload = valid_payload(scenario, **overrides)
    response = post(scenario, "member", list_url(scenario), payload)
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert any(field in error["loc"] for error in detail), detail
    assert Contribution.objects.count() == before


def test_unpublished_meeting_is_unknown_to_members(scenario):
    meeting = scenario.meetings["unpublished"].pk
    payload = valid_payload(scenario, meeting=meeting)
    assert post(scenario, "member", list_url(scenario), payload).status_code == 422


@pytest.mark.parametrize("body", ["not json", "[]", "null", '{"title": 5}'])
def test_malformed_bodies(scenario, body):
    client = scenario.client("member")
    response = client.post(list_url(scenario), data=body, content_type="application/json")
    assert 400 <= response.status_code < 500


# --- supports ------------------------------------------------------------------------------


def support_url(contribution) -> str:
    return f"/api/v1/contributions/{contribution.pk}/support"


@pytest.mark.parametrize("role", ROLES)
def test_support_count_for_everyone_who_may_read(scenario, role):
    public = scenario.contributions["public"]
    Support.objects.create(contribution=public, person=scenario.world.coordinator)
    response = scenario.get(role, support_url(public))
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert data["supported"] == (role == "coordinator")
    assert data["can_support"] == (role != "anonymous")


def test_support_toggle(scenario):
    public = scenario.contributions["public"]
    url = support_url(public)
    response = post(scenario, "outsider", url, {})
    assert response.status_code == 201
    assert response.json() == {
        "contribution": public.pk,
        "count": 1,
        "supported": True,
        "can_support": True,
    }
    assert post(scenario, "outsider", url, {}).json()["count"] == 1  # twice: still one
    response = post(scenario, "outsider", url, {}, method="delete")
    assert response.status_code == 200 and response.json()["count"] == 0
    assert post(scenario, "outsider", url, {}, method="delete").json()["count"] == 0
    verbs = ActivityLog.objects.filter(target_id=str(public.pk)).values_list("verb", flat=True)
    assert {"contribution.supported", "contribution.support_withdrawn"} <= set(verbs)


def test_support_refused(scenario):
    public = scenario.contributions["public"]
    assert post(scenario, "anonymous", support_url(public), {}).status_code == 403
    draft = scenario.contributions["draft"]
    assert scenario.get("outsider", support_url(draft)).status_code == 404
    assert post(scenario, "outsider", support_url(draft), {}).status_code == 404
    assert post(scenario, "member", support_url(draft), {}).status_code == 403
    assert scenario.get("anonymous", "/api/v1/contributions/999999/support").status_code == 404
    assert scenario.get("anonymous", "/api/v1/contributions/abc/support").status_code == 422
    assert not Support.objects.exists()


# --- comments ------------------------------------------------------------------------------


def comments_url(contribution) -> str:
    return f"/api/v1/contributions/{contribution.pk}/comments"


def test_comment_and_reply(scenario):
    public = scenario.contributions["public"]
    url = comments_url(public)
    response = post(scenario, "outsider", url, {"body": "Jó ötlet!\nTámogatom."})
    assert response.status_code == 201, response.content
    first = response.json()
    assert first["body"] == "Jó ötlet!\nTámogatom." and first["parent"] is None
    reply = post(scenario, "member", url, {"body": "Köszönöm", "parent": first["id"]})
    assert reply.status_code == 201 and reply.json()["parent"] == first["id"]
    listed = scenario.get("anonymous", url).json()
    assert listed["count"] == 2
    assert [c["body"] for c in listed["items"]] == ["Jó ötlet!\nTámogatom.", "Köszönöm"]
    assert ActivityLog.objects.filter(verb="comment.created").count() == 2


def test_hidden_comments_are_placeholders(scenario):
    public = scenario.contributions["public"]
    Comment.objects.create(
        contribution=public,
        author=scenario.world.outsider,
        body="Sértő szöveg",
        is_hidden=True,
        hidden_reason="sértő",
    )
    for role in ("anonymous", "outsider", "member"):
        item = scenario.get(role, comments_url(public)).json()["items"][0]
        assert item["is_hidden"] and item["body"] == "" and item["author"] is None
        assert item["hidden_reason"] == ""
    for role in ("facilitator", "coordinator"):
        item = scenario.get(role, comments_url(public)).json()["items"][0]
        assert item["body"] == "Sértő szöveg" and item["hidden_reason"] == "sértő"


@pytest.mark.parametrize(
    ("role", "payload", "status"),
    [
        ("anonymous", {"body": "hello"}, 403),
        ("member", {"body": ""}, 422),
        ("member", {"body": "   "}, 422),
        ("member", {"body": "x" * 2001}, 422),
        ("member", {"body": "a\x00b"}, 422),
        ("member", {"body": "hi", "parent": 999999}, 422),
        ("member", {"body": "hi", "parent": "x"}, 422),
        ("member", {}, 422),
    ],
)
def test_comment_refused(scenario, role, payload, status):
    response = post(scenario, role, comments_url(scenario.contributions["public"]), payload)
    assert response.status_code == status, response.content
    assert not Comment.objects.exists()


def test_comments_of_invisible_contribution_are_404(scenario):
    draft = scenario.contributions["draft"]
    assert scenario.get("outsider", comments_url(draft)).status_code == 404
    assert post(scenario, "outsider", comments_url(draft), {"body": "x"}).status_code == 404


def test_comment_list_query_count_is_constant(scenario):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    public = scenario.contributions["public"]
    client = scenario.client("facilitator")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(comments_url(public)).status_code == 200
        return len(captured)

    Comment.objects.create(contribution=public, author=scenario.world.member, body="egy")
    count()
    few = count()
    Comment.objects.bulk_create(
        Comment(contribution=public, author=scenario.world.outsider, body=f"{n}") for n in range(40)
    )
    assert count() == few


def test_reply_to_a_hidden_comment_is_refused_with_the_reason(scenario):
    public = scenario.contributions["public"]
    hidden = Comment.objects.create(
        contribution=public,
        author=scenario.world.outsider,
        body="Sértő szöveg",
        is_hidden=True,
        hidden_reason="sértő",
    )
    response = post(
        scenario, "member", comments_url(public), {"body": "Ez is", "parent": hidden.pk}
    )
    assert response.status_code == 422, response.content
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == "parent"
    assert "elrejtette" in error["msg"]  # Hungarian: a moderator has hidden it
    assert Comment.objects.count() == 1
