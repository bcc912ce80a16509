"""An organisation's page: who sees its people and addresses; what it did in the processes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cultiva.accounts.models import Organisation
from cultiva.meetings.models import Registration
from tests.factories import make_contribution, make_meeting, make_project, make_settlement

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_of(client, world):
    world.organisation.email = "iroda@hagyomany.example.org"
    world.organisation.save()

    def get(role: str) -> str:
        client.logout()
        if role != "anonymous":
            client.force_login(world.user(role))
        url = reverse("accounts:organisation_detail", args=[world.organisation.pk])
        return client.get(url).content.decode()

    return get


def test_anonymous_sees_no_names_and_no_addresses(page_of, world):
    page = page_of("anonymous")
    assert world.member.full_name not in page
    assert "iroda@hagyomany.example.org" not in page
    assert "member@example.org" not in page


def test_signed_in_people_see_the_organisation_contact_address(page_of):
    assert "iroda@hagyomany.example.org" in page_of("outsider")


def test_an_outsider_sees_no_member_names(page_of, world):
    assert world.member.full_name not in page_of("outsider")


def test_members_see_names_and_their_own_address_only(page_of, world):
    from cultiva.accounts.models import Membership
    from tests.factories import make_user

    colleague = make_user("kolléga@example.org", full_name="Kolléga Kata")
    Membership.objects.create(user=colleague, organisation=world.organisation)
    page = page_of("member")
    assert "Kolléga Kata" in page and world.member.full_name in page
    assert "member@example.org" in page  # their own
    assert "kolléga@example.org" not in page  # a colleague's is not theirs to read


def test_the_coordinator_sees_the_addresses_of_people_in_their_process(page_of, world):
    from cultiva.accounts.models import Membership
    from tests.factories import make_user

    colleague = make_user("kívül@example.org", full_name="Kívül Károly")  # in no process
    Membership.objects.create(user=colleague, organisation=world.organisation)
    page = page_of("coordinator")
    assert "member@example.org" in page
    assert "Kívül Károly" in page and "kívül@example.org" not in page


def test_the_page_lists_contributions_projects_and_attendance(page_of, world):
    world.process.is_published = True
    world.process.save()
    contribution = make_contribution(
        world.process, world.member, organisation=world.organisation, title="Tájház felújítása"
    )
    project = make_project(world.process, lead_organisation=world.organisation)
    meeting = make_meeting(world.process, is_published=True)
    Registration.objects.create(
        meeting=meeting,
        person=world.member,
        organisation=world.organisation,
        status="confirmed",
        attendance="present",
    )
    page = page_of("anonymous")
    assert reverse("ideas:detail", args=[contribution.pk]) in page
    assert reverse("portfolio:detail", args=[project.pk]) in page
    assert reverse("meetings:detail", args=[world.process.slug, meeting.pk]) in page
    assert "1 személy vett részt" in page  # "1 person attended" (singular noun after a number)


def test_the_organisation_list_issues_a_fixed_number_of_queries(client, world):
    settlement = make_settlement("Falu", "Sat")

    def add(n):
        Organisation.objects.bulk_create(
            Organisation(
                name={"hu": f"Szervezet {i}"},
                legal_form="association",
                sector=world.organisation.sector,
                settlement=settlement,
            )
            for i in range(n)
        )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("accounts:organisation_list")).status_code == 200
        return len(queries)

    client.force_login(world.coordinator)
    add(5)
    few = count()
    add(40)
    assert count() == few
