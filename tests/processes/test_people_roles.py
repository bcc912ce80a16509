"""Coordinators give and take roles in their process; a process keeps one coordinator."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cultiva.core.models import ActivityLog
from cultiva.processes import people
from cultiva.processes.models import ProcessRole
from tests.factories import make_process, make_user

pytestmark = pytest.mark.django_db
ROLES = [choice for choice, _label in ProcessRole.Role.choices]


def roles_of(person, process) -> set[str]:
    return set(
        ProcessRole.objects.filter(user=person, process=process).values_list("role", flat=True)
    )


@pytest.mark.parametrize("role", ROLES)
def test_coordinator_gives_and_takes_each_role_logged(client, world, role):
    person = make_user("uj@example.org", full_name="Új Ember")
    ProcessRole.objects.create(process=world.process, user=person, role="member")
    client.force_login(world.coordinator)
    url = reverse("processes:person_roles", args=[world.process.slug, person.pk])
    if role != "member":
        response = client.post(url, {"action": "add", "role": role}, follow=True)
        assert role in roles_of(person, world.process)
        assert "Új Ember" in response.content.decode()
    response = client.post(url, {"action": "remove", "role": role}, follow=True)
    assert role not in roles_of(person, world.process)
    verbs = list(
        ActivityLog.objects.filter(process=world.process, target_id=str(person.pk)).values_list(
            "verb", flat=True
        )
    )
    assert "process.role_revoked" in verbs
    assert ("process.role_granted" in verbs) == (role != "member")


@pytest.mark.parametrize("role", ["facilitator", "expert", "member", "decision_maker"])
def test_other_roles_cannot_change_roles(client, world, role):
    client.force_login(world.user(role))
    person = world.member
    response = client.post(
        reverse("processes:person_roles", args=[world.process.slug, person.pk]),
        {"action": "add", "role": "coordinator"},
    )
    assert response.status_code == 403
    assert client.get(reverse("processes:people", args=[world.process.slug])).status_code == 403
    assert "coordinator" not in roles_of(person, world.process)


def test_the_last_coordinator_keeps_the_role(client, world):
    client.force_login(world.coordinator)
    url = reverse("processes:person_roles", args=[world.process.slug, world.coordinator.pk])
    response = client.post(url, {"action": "remove", "role": "coordinator"}, follow=True)
    assert "coordinator" in roles_of(world.coordinator, world.process)
    assert "legalább egy koordinátora" in response.content.decode()
    # With a second coordinator, the first may step down.
    people.role_grant(
        actor=world.coordinator, process=world.process, person=world.facilitator, role="coordinator"
    )
    client.post(url, {"action": "remove", "role": "coordinator"})
    assert "coordinator" not in roles_of(world.coordinator, world.process)
    with pytest.raises(ValidationError):
        people.role_revoke(
            actor=world.facilitator,
            process=world.process,
            person=world.facilitator,
            role="coordinator",
        )


def test_refusal_message_is_translated(client, world):
    client.force_login(world.coordinator)
    url = reverse("processes:person_roles", args=[world.process.slug, world.coordinator.pk])
    client.cookies["django_language"] = "ro"
    response = client.post(url, {"action": "remove", "role": "coordinator"}, follow=True)
    assert "cel puțin un coordonator" in response.content.decode()


def test_a_role_in_another_process_gives_no_right_here(world):
    other = make_process(slug="masik")
    ProcessRole.objects.create(process=other, user=world.member, role="coordinator")
    with pytest.raises(PermissionDenied):
        people.role_grant(
            actor=world.member, process=world.process, person=world.member, role="expert"
        )


def test_people_of_other_processes_are_found_and_others_are_not(client, world):
    other = make_process(slug="masik")
    ProcessRole.objects.create(process=other, user=world.coordinator, role="coordinator")
    colleague = make_user("kolléga@example.org", full_name="Kolléga Kata")
    ProcessRole.objects.create(process=other, user=colleague, role="member")
    stranger = make_user("idegen@example.org", full_name="Kolléga Idegen")
    client.force_login(world.coordinator)
    page = client.get(reverse("processes:people", args=[world.process.slug]), {"q": "Kolléga"})
    body = page.content.decode()
    assert "Kolléga Kata" in body and "Kolléga Idegen" not in body
    client.post(
        reverse("processes:person_roles", args=[world.process.slug, colleague.pk]),
        {"action": "add", "role": "expert"},
    )
    assert roles_of(colleague, world.process) == {"expert"}
    response = client.post(
        reverse("processes:person_roles", args=[world.process.slug, stranger.pk]),
        {"action": "add", "role": "expert"},
    )
    assert response.status_code == 404
    assert not roles_of(stranger, world.process)


def test_search_by_name_and_email(client, world):
    client.force_login(world.coordinator)
    url = reverse("processes:people", args=[world.process.slug])
    body = client.get(url, {"q": "facilitator@"}).content.decode()
    assert "facilitator@example.org" in body and "expert@example.org" not in body


def test_people_list_queries_do_not_grow(client, world):
    client.force_login(world.coordinator)
    url = reverse("processes:people", args=[world.process.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for i in range(30):
        person = make_user(f"tag{i}@example.org")
        ProcessRole.objects.create(process=world.process, user=person, role="member")
        ProcessRole.objects.create(process=world.process, user=person, role="expert")
    assert count() == few
