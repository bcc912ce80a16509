"""Coordinators verify organisations and merge duplicates, keeping everything that points at
them (members, contributions, projects, registrations), found through the model's relations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cultiva.accounts.models import Membership, MembershipRequest, Organisation
from cultiva.accounts.organisations import _references
from cultiva.core.models import ActivityLog
from cultiva.meetings.models import Registration
from tests.factories import (
    make_contribution,
    make_meeting,
    make_organisation,
    make_project,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_a_coordinator_verifies_and_the_badge_shows(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("accounts:organisation_verify", args=[world.organisation.pk]))
    assert response.status_code == 302
    world.organisation.refresh_from_db()
    assert world.organisation.verified_by == world.coordinator
    assert ActivityLog.objects.filter(verb="organisation.verified").exists()
    client.logout()
    listing = client.get(reverse("accounts:organisation_list")).content.decode()
    page = client.get(reverse("accounts:organisation_detail", args=[world.organisation.pk]))
    assert listing.count("data-verified") == 1
    assert "data-verified" in page.content.decode()
    verified_only = client.get(reverse("accounts:organisation_list") + "?verified=1")
    assert "Gyergyói Színjátszó Kör" not in verified_only.content.decode()


def test_a_coordinator_of_any_process_verifies(client, world):
    from cultiva.processes.models import ProcessRole
    from tests.factories import make_process

    other = make_process(slug="masik")
    stranger = make_user()
    ProcessRole.objects.create(process=other, user=stranger, role="coordinator")
    client.force_login(stranger)
    client.post(reverse("accounts:organisation_verify", args=[world.organisation.pk]))
    world.organisation.refresh_from_db()
    assert world.organisation.verified_at is not None


@pytest.mark.parametrize("role", ["member", "facilitator", "expert", "outsider"])
def test_others_cannot_verify_or_merge(client, world, role):
    client.force_login(world.user(role))
    pk = world.organisation.pk
    assert client.post(reverse("accounts:organisation_verify", args=[pk])).status_code == 403
    assert client.get(reverse("accounts:organisation_merge", args=[pk])).status_code == 403
    world.organisation.refresh_from_db()
    assert world.organisation.verified_at is None


def test_every_foreign_key_to_organisation_is_found():
    found = {f"{model._meta.label}.{name}" for model, name in _references()}
    assert {
        "accounts.Membership.organisation",
        "accounts.MembershipRequest.organisation",
        "ideas.Contribution.organisation",
        "portfolio.Project.lead_organisation",
        "portfolio.ProjectPartner.organisation",
        "meetings.Registration.organisation",
    } <= found


def test_merging_keeps_members_contributions_projects_and_registrations(client, world):
    keep = world.organisation
    duplicate = make_organisation(
        keep.settlement, name="Csíki Hagyományőrzők", website="https://x.example.org"
    )
    both = make_user()  # a member of both: one membership stays, as administrator
    Membership.objects.create(user=both, organisation=keep)
    Membership.objects.create(user=both, organisation=duplicate, is_administrator=True)
    only_duplicate = make_user()
    Membership.objects.create(user=only_duplicate, organisation=duplicate)
    MembershipRequest.objects.create(user=make_user(), organisation=duplicate)
    contribution = make_contribution(world.process, world.member, organisation=duplicate)
    led = make_project(world.process, lead_organisation=duplicate)
    partnered = make_project(world.process)
    partnered.partners.add(duplicate, keep)
    meeting = make_meeting(world.process)
    registration = Registration.objects.create(
        meeting=meeting, person=only_duplicate, organisation=duplicate, status="confirmed"
    )

    client.force_login(world.coordinator)
    response = client.post(
        reverse("accounts:organisation_merge", args=[duplicate.pk]), {"keep": keep.pk}
    )
    assert response.status_code == 302

    duplicate.refresh_from_db()
    keep.refresh_from_db()
    assert duplicate.merged_into == keep
    assert set(keep.memberships.values_list("user_id", flat=True)) == {
        world.member.pk,
        both.pk,
        only_duplicate.pk,
    }
    assert keep.memberships.get(user=both).is_administrator
    assert not duplicate.memberships.exists()
    assert keep.membership_requests.count() == 1
    contribution.refresh_from_db()
    led.refresh_from_db()
    registration.refresh_from_db()
    assert contribution.organisation == keep
    assert led.lead_organisation == keep
    assert list(partnered.partners.all()) == [keep]
    assert registration.organisation == keep
    assert keep.website == "https://x.example.org"  # an empty field filled from the duplicate
    log = ActivityLog.objects.get(verb="organisation.merged")
    assert log.changes["duplicate"] == duplicate.pk
    assert log.changes["moved"]["ideas.Contribution.organisation"] == {"moved": 1, "dropped": 0}
    assert log.changes["moved"]["accounts.Membership.organisation"] == {"moved": 1, "dropped": 1}

    # The duplicate leaves the list; its old page leads to the organisation kept.
    listing = client.get(reverse("accounts:organisation_list")).content.decode()
    assert reverse("accounts:organisation_detail", args=[duplicate.pk]) not in listing
    old_page = client.get(reverse("accounts:organisation_detail", args=[duplicate.pk]))
    assert old_page["Location"] == reverse("accounts:organisation_detail", args=[keep.pk])


def test_a_duplicate_tax_code_moves_to_the_organisation_kept(client, world):
    keep = world.organisation
    duplicate = make_organisation(registry_code="14399840")
    client.force_login(world.coordinator)
    client.post(reverse("accounts:organisation_merge", args=[duplicate.pk]), {"keep": keep.pk})
    keep.refresh_from_db()
    assert keep.registry_code == "14399840"
    assert Organisation.objects.filter(registry_code="14399840").count() == 1


def test_an_organisation_is_not_merged_into_itself(client, world):
    client.force_login(world.coordinator)
    pk = world.organisation.pk
    response = client.post(reverse("accounts:organisation_merge", args=[pk]), {"keep": pk})
    assert response.status_code == 200
    assert Organisation.objects.get(pk=pk).merged_into is None
