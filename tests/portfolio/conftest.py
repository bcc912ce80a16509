import pytest

from cultiva.processes.models import ProcessRole
from tests.factories import make_process, make_project, make_user


@pytest.fixture
def project(world):
    """A project of the world's process led by the world's member's organisation."""
    return make_project(
        world.process, lead_organisation=world.organisation, summary={"hu": "Régi összefoglaló"}
    )


@pytest.fixture
def people(world):
    """Every kind of person the project pages meet, by the name the tests use."""
    plain_member = make_user("plain@example.org")  # a member of the process, no organisation
    ProcessRole.objects.create(process=world.process, user=plain_member, role="member")
    other_process = make_process()
    elsewhere = make_user("elsewhere@example.org")  # coordinates another process only
    ProcessRole.objects.create(process=other_process, user=elsewhere, role="coordinator")
    return {
        "lead_member": world.member,
        "other_org_member": world.outsider,
        "facilitator": world.facilitator,
        "coordinator": world.coordinator,
        "member": plain_member,
        "other_process_coordinator": elsewhere,
        "anonymous": None,
    }
