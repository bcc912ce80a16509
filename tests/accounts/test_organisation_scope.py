"""A coordinator sees the members of the organisations in their own processes only."""

from django.urls import reverse

from cultiva.processes.models import ProcessRole
from tests.factories import make_process, make_user


def test_another_process_coordinator_does_not_see_an_organisation_members(client, world):
    other = make_process(slug="masik")
    coordinator = make_user("other-coordinator@example.org")
    ProcessRole.objects.create(process=other, user=coordinator, role="coordinator")
    url = reverse("accounts:organisation_detail", args=[world.organisation.pk])
    client.force_login(coordinator)
    assert world.member.full_name not in client.get(url).content.decode()
    client.force_login(world.coordinator)  # the member takes part in this one's process
    assert world.member.full_name in client.get(url).content.decode()
