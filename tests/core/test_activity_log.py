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
