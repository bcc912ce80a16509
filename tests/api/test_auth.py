"""Bearer tokens: a valid one acts as its owner; a bad one is 401, never anonymous."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from cultiva.accounts.models import ApiToken, hash_token
from cultiva.api.services import api_token_create, api_token_revoke
from cultiva.core.models import ActivityLog
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def draft_url(scenario) -> str:
    draft = scenario.contributions["draft"]
    return f"/api/v1/processes/{scenario.process.slug}/contributions/{draft.pk}"


def test_valid_token_acts_as_its_owner(scenario):
    assert scenario.get("member", draft_url(scenario)).status_code == 200


def test_no_token_is_anonymous(scenario):
    response = Client().get(draft_url(scenario))
    assert response.status_code == 404
    assert Client().get("/api/v1/processes").status_code == 200


def test_other_authorization_schemes_are_ignored(scenario):
    """A proxy's HTTP basic auth must not break public reading."""
    client = Client(HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert client.get("/api/v1/processes").status_code == 200
    assert client.get(draft_url(scenario)).status_code == 404


def test_session_login_does_not_replace_a_token(scenario):
    client = Client()
    client.force_login(scenario.world.member)
    assert client.get(draft_url(scenario)).status_code == 404


@pytest.mark.parametrize(
    "header",
    [
        "Bearer garbage",
        "Bearer cv_" + "x" * 43,
        "Bearer ",
        "Bearer",
        "bearer " + "y" * 5000,
        "Bearer a b c",
    ],
)
def test_bad_tokens_are_401(scenario, header):
    response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/processes")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_401(scenario):
    raw = scenario.token("member")
    token = ApiToken.objects.get(token_hash=hash_token(raw))
    api_token_revoke(token=token, actor=scenario.world.member)
    response = scenario.get("member", "/api/v1/processes")
    assert response.status_code == 401
    assert scenario.get("member", draft_url(scenario)).status_code == 401


def test_token_of_inactive_person_is_401(scenario):
    raw = scenario.token("member")
    scenario.world.member.is_active = False
    scenario.world.member.save(update_fields=["is_active"])
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/processes")
    assert response.status_code == 401


def test_scheme_is_case_insensitive(scenario):
    client = Client(HTTP_AUTHORIZATION=f"bearer {scenario.token('member')}")
    assert client.get(draft_url(scenario)).status_code == 200


def test_last_used_is_written_at_most_once_a_minute(scenario):
    raw = scenario.token("member")
    token = ApiToken.objects.get(token_hash=hash_token(raw))
    assert token.last_used_at is None

    scenario.get("member", "/api/v1/processes")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    scenario.get("member", "/api/v1/processes")
    token.refresh_from_db()
    assert token.last_used_at == first

    earlier = timezone.now() - dt.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    scenario.get("member", "/api/v1/processes")
    token.refresh_from_db()
    assert token.last_used_at > earlier + dt.timedelta(minutes=1)


def test_create_stores_only_the_hash_and_logs(world):
    token, raw = api_token_create(user=world.member, name="  Sync script  ")
    assert raw.startswith("cv_")
    assert token.token_hash == hash_token(raw)
    assert token.prefix == raw[:8]
    assert token.name == "Sync script"
    assert raw not in {token.token_hash, token.prefix, token.name}
    log = ActivityLog.objects.get(verb="api_token.created")
    assert log.actor == world.member
    assert log.target_id == str(token.pk)


def test_revoke_logs_once_and_is_idempotent(world):
    token, _raw = api_token_create(user=world.member, name="Sync")
    api_token_revoke(token=token, actor=world.member)
    api_token_revoke(token=token, actor=world.member)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ActivityLog.objects.filter(verb="api_token.revoked").count() == 1


def test_only_owner_or_superuser_may_revoke_or_create(world):
    token, _raw = api_token_create(user=world.member, name="Sync")
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, actor=world.outsider)
    with pytest.raises(PermissionDenied):
        api_token_create(user=world.member, name="Sneaky", actor=world.outsider)
    admin = make_user("admin@example.org", is_superuser=True, is_staff=True)
    api_token_revoke(token=token, actor=admin)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not ActivityLog.objects.filter(verb="api_token.revoked", actor=world.outsider).exists()


def test_no_token_for_inactive_account(world):
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        api_token_create(user=world.member, name="Sync")


def test_management_command_prints_the_token_once(world):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "MEMBER@example.org", name="Open data", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=world.member)
    assert token.token_hash == hash_token(raw)
    assert token.name == "Open data"
    assert token.prefix in err.getvalue()
    assert raw not in err.getvalue()
    log = ActivityLog.objects.get(verb="api_token.created")
    assert log.actor is None
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/processes")
    assert response.status_code == 200


def test_management_command_unknown_person(world):
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody@example.org", name="x", stdout=StringIO())
