from django.urls import reverse

from cultiva.ideas import services
from cultiva.ideas.models import Contribution
from tests.factories import make_contribution


def test_coordinator_reads_who_changed_what(client, world):
    contribution = make_contribution(world.process, world.member, title="Tájház felújítása")
    services.contribution_change_status(
        contribution=contribution,
        actor=world.facilitator,
        target=Contribution.Status.HIDDEN,
        reason="Sértő tartalom",
    )
    client.force_login(world.coordinator)
    page = client.get(reverse("core:activity")).content.decode()
    assert "Tájház felújítása" in page
    assert "contribution.hidden" in page
    assert "submitted → hidden" in page
    assert "Sértő tartalom" in page
    assert world.facilitator.full_name in page


def test_refused_change_leaves_no_trace(world):
    import pytest
    from django.core.exceptions import PermissionDenied

    contribution = make_contribution(world.process, world.member)
    with pytest.raises(PermissionDenied):
        services.contribution_change_status(
            contribution=contribution, actor=world.outsider, target=Contribution.Status.HIDDEN
        )
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.SUBMITTED
    from cultiva.core.models import ActivityLog

    assert not ActivityLog.objects.exists()


def _two_processes_logged(world):
    """A hidden contribution in the world's process and in an unpublished second one."""
    from cultiva.processes.models import ProcessRole
    from tests.factories import make_process, make_user

    other = make_process(slug="titkos-folyamat", is_published=False)
    other_coordinator = make_user("other-coordinator@example.org")
    ProcessRole.objects.create(process=other, user=other_coordinator, role="coordinator")
    for process, title, actor in (
        (world.process, "Tájház felújítása", world.facilitator),
        (other, "Titkos terv", other_coordinator),
    ):
        services.contribution_change_status(
            contribution=make_contribution(process, world.member, title=title),
            actor=actor,
            target=Contribution.Status.HIDDEN,
        )
    return other, other_coordinator


def test_coordinator_reads_only_the_log_of_their_own_processes(client, world):
    other, other_coordinator = _two_processes_logged(world)
    client.force_login(other_coordinator)
    url = reverse("core:activity")
    page = client.get(url).content.decode()
    assert "Titkos terv" in page
    assert "Tájház felújítása" not in page
    # Asking for the other process by name shows nothing of it, and it is not offered.
    asked = client.get(url, {"process": world.process.slug}).content.decode()
    assert "Tájház felújítása" not in asked
    assert f'value="{world.process.slug}"' not in asked
    assert f'value="{other.slug}"' in asked
    # And the world's coordinator does not read the unpublished process's log.
    client.force_login(world.coordinator)
    page = client.get(url, {"process": other.slug}).content.decode()
    assert "Titkos terv" not in page
    assert "Tájház felújítása" not in client.get(url, {"process": other.slug}).content.decode()
    assert "Tájház felújítása" in client.get(url).content.decode()


def test_superuser_reads_every_process_log(client, world):
    from tests.factories import make_user

    _two_processes_logged(world)
    client.force_login(make_user("root@example.org", is_superuser=True, is_staff=True))
    page = client.get(reverse("core:activity")).content.decode()
    assert "Titkos terv" in page
    assert "Tájház felújítása" in page
