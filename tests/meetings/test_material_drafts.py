"""A draft meeting's materials stay hidden until the meeting is published."""

import pytest
from django.urls import reverse

from cultiva.meetings.models import Material
from tests.factories import make_meeting


@pytest.mark.parametrize(
    "role,sees",
    [("anonymous", False), ("member", False), ("facilitator", True), ("coordinator", True)],
)
def test_draft_meeting_materials(client, world, role, sees):
    draft = make_meeting(world.process, is_published=False)
    Material.objects.create(
        process=world.process,
        meeting=draft,
        title="Előzetes diák",
        language="hu",
        url="https://example.org/diak.pdf",
        licence=Material.Licence.CC_BY,
        visibility="public",
    )
    if role != "anonymous":
        client.force_login(world.user(role))
    library = client.get(reverse("meetings:library", args=[world.process.slug]))
    assert ("Előzetes diák" in library.content.decode()) is sees
    material = Material.objects.get()
    download = client.get(
        reverse("meetings:material_download", args=[world.process.slug, material.pk])
    )
    allowed = download.status_code == 302 and download["Location"] == material.url
    assert allowed is sees
