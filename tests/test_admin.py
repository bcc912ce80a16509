"""The administration opens for every model, and admin edits reach the activity log."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cultiva.core.models import ActivityLog
from tests.factories import make_user


@pytest.fixture
def superuser(db):
    return make_user("root@example.org", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label not in {"auth", "axes"}],
    ids=lambda m: m._meta.label,
)
def test_changelist_and_add_pages_open(client, superuser, world, model):
    client.force_login(superuser)
    opts = model._meta
    assert (
        client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code
        == 200
    )
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code in (200, 403)  # some models are added only by their own workflow


def test_admin_change_is_logged(client, superuser, world):
    client.force_login(superuser)
    url = reverse("admin:meetings_meeting_changelist")
    from tests.factories import make_meeting

    meeting = make_meeting(world.process)
    change = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    form = change.context["adminform"].form
    data = {key: form[key].value() for key in form.fields if form[key].value() is not None}
    data.update(
        {
            "title": '{"hu": "Új cím", "ro": "Titlu nou"}',
            "description": "{}",
            "starts_at_0": meeting.starts_at.strftime("%Y-%m-%d"),
            "starts_at_1": "10:00:00",
            "ends_at_0": meeting.starts_at.strftime("%Y-%m-%d"),
            "ends_at_1": "12:00:00",
            "domains": [],
        }
    )
    data.pop("starts_at"), data.pop("ends_at")
    response = client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert client.get(url).status_code == 200
    entry = ActivityLog.objects.get(verb="meeting.changed_in_admin")
    assert entry.actor == superuser and "title" in entry.changes["fields"]
