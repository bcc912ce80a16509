"""Asking to join, accepting and refusing, leaving; every change in the activity log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cultiva.accounts.models import Membership, MembershipRequest
from cultiva.core.models import ActivityLog
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def administered(world):
    """The world's organisation, with the member as its administrator."""
    Membership.objects.filter(user=world.member, organisation=world.organisation).update(
        is_administrator=True
    )
    return world.organisation


def ask(client, person, organisation, message="Szeretnék csatlakozni."):
    client.force_login(person)
    return client.post(
        reverse("accounts:organisation_join", args=[organisation.pk]), {"message": message}
    )


def decide(client, admin, join_request, decision):
    client.force_login(admin)
    return client.post(
        reverse(
            "accounts:organisation_request_decide",
            args=[join_request.organisation_id, join_request.pk],
        ),
        {"decision": decision},
    )


def test_a_person_asks_to_join_and_an_administrator_accepts(client, world, administered):
    newcomer = make_user("uj@example.org", full_name="Új Ember")
    ask(client, newcomer, administered)
    join_request = MembershipRequest.objects.get(user=newcomer)
    assert join_request.state == "pending"
    assert not Membership.objects.filter(user=newcomer).exists()

    client.force_login(world.member)
    page = client.get(reverse("accounts:organisation_detail", args=[administered.pk]))
    assert "Új Ember" in page.content.decode() and "Szeretnék csatlakozni." in page.content.decode()

    decide(client, world.member, join_request, "accept")
    join_request.refresh_from_db()
    assert join_request.state == "accepted" and join_request.decided_by == world.member
    assert Membership.objects.filter(user=newcomer, organisation=administered).exists()
    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {"organisation.join_requested", "organisation.join_accepted"} <= verbs


def test_an_administrator_refuses_a_request(client, world, administered):
    newcomer = make_user()
    ask(client, newcomer, administered)
    join_request = MembershipRequest.objects.get(user=newcomer)
    decide(client, world.member, join_request, "refuse")
    join_request.refresh_from_db()
    assert join_request.state == "refused"
    assert not Membership.objects.filter(user=newcomer, organisation=administered).exists()
    assert ActivityLog.objects.filter(verb="organisation.join_refused").exists()


def test_asking_twice_is_refused_with_a_reason(client, world, administered):
    newcomer = make_user()
    ask(client, newcomer, administered)
    response = ask(client, newcomer, administered)
    follow = client.get(response["Location"]).content.decode()
    assert MembershipRequest.objects.filter(user=newcomer).count() == 1
    assert "Már kérte a csatlakozást" in follow  # "you have already asked to join"


def test_only_administrators_answer_requests(client, world, administered):
    newcomer = make_user()
    ask(client, newcomer, administered)
    join_request = MembershipRequest.objects.get(user=newcomer)
    for person in (world.outsider, world.coordinator, newcomer):
        assert decide(client, person, join_request, "accept").status_code == 403
    join_request.refresh_from_db()
    assert join_request.state == "pending"


def test_a_member_leaves(client, world, administered):
    colleague = make_user()
    Membership.objects.create(user=colleague, organisation=administered)
    client.force_login(colleague)
    client.post(reverse("accounts:organisation_leave", args=[administered.pk]))
    assert not Membership.objects.filter(user=colleague, organisation=administered).exists()
    assert ActivityLog.objects.filter(verb="organisation.member_left", actor=colleague).exists()


def test_the_last_administrator_cannot_leave_members_without_one(client, world, administered):
    colleague = make_user()
    Membership.objects.create(user=colleague, organisation=administered)
    client.force_login(world.member)
    response = client.post(reverse("accounts:organisation_leave", args=[administered.pk]))
    assert Membership.objects.filter(user=world.member, organisation=administered).exists()
    assert "legalább egy adminisztrátor" in client.get(response["Location"]).content.decode()
    # Once a colleague is an administrator, the first one may go.
    membership = Membership.objects.get(user=colleague, organisation=administered)
    client.post(
        reverse("accounts:organisation_member_update", args=[administered.pk, membership.pk]),
        {"action": "make_administrator"},
    )
    client.post(reverse("accounts:organisation_leave", args=[administered.pk]))
    assert not Membership.objects.filter(user=world.member, organisation=administered).exists()


def test_an_administrator_removes_a_member(client, world, administered):
    colleague = make_user()
    membership = Membership.objects.create(user=colleague, organisation=administered)
    client.force_login(world.member)
    client.post(
        reverse("accounts:organisation_member_update", args=[administered.pk, membership.pk]),
        {"action": "remove"},
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert ActivityLog.objects.filter(verb="organisation.member_removed").exists()
