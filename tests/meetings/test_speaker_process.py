"""Speakers belong to a process: another process's staff can neither see nor change them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from cultiva.meetings.models import AgendaItem, Material, Meeting, Speaker
from cultiva.processes.models import ProcessRole
from tests.factories import make_meeting, make_process, make_speaker, make_user


@pytest.fixture
def other(world):
    """A second process with its own facilitator, and a speaker of the world's process."""
    process = make_process(slug="masik-folyamat")
    facilitator = make_user("other-facilitator@example.org")
    ProcessRole.objects.create(process=process, user=facilitator, role="facilitator")
    speaker = make_speaker(
        world.process,
        full_name="Dr. Kovács Ágnes",
        email="agnes.private@example.org",
        meetings=[make_meeting(world.process)],
    )
    return process, facilitator, speaker


def test_another_process_facilitator_cannot_open_or_change_a_speaker(client, world, other):
    process, facilitator, speaker = other
    client.force_login(facilitator)
    through_own = reverse("meetings:speaker_edit", args=[process.slug, speaker.pk])
    page = client.get(through_own)
    assert page.status_code == 404
    assert "agnes.private@example.org" not in page.content.decode()
    data = {"full_name": "Átírva", "email": "attacker@example.org"}
    assert client.post(through_own, data).status_code == 404
    assert (
        client.get(reverse("meetings:speaker", args=[process.slug, speaker.pk])).status_code == 404
    )
    # Through the speaker's own process the role is asked there: none.
    through_theirs = reverse("meetings:speaker_edit", args=[world.process.slug, speaker.pk])
    assert client.post(through_theirs, data).status_code == 403
    speaker.refresh_from_db()
    assert (speaker.full_name, speaker.email) == ("Dr. Kovács Ágnes", "agnes.private@example.org")


def test_the_process_facilitator_still_edits_their_speaker(client, world, other):
    _process, _facilitator, speaker = other
    client.force_login(world.facilitator)
    url = reverse("meetings:speaker_edit", args=[world.process.slug, speaker.pk])
    assert "agnes.private@example.org" in client.get(url).content.decode()
    response = client.post(url, {"full_name": "Dr. Kovács Ágnes Mária", "email": "a@example.org"})
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.full_name == "Dr. Kovács Ágnes Mária"


def test_a_new_speaker_belongs_to_the_process_of_the_page(client, world):
    client.force_login(world.facilitator)
    url = reverse("meetings:speaker_create", args=[world.process.slug])
    assert client.post(url, {"full_name": "Új Előadó"}).status_code == 302
    assert Speaker.objects.get(full_name="Új Előadó").process == world.process


def test_meeting_form_offers_and_accepts_only_the_process_speakers(client, world, other):
    process, facilitator, foreign = other
    own = make_speaker(process, full_name="Saját Előadó")
    meeting = make_meeting(process)
    client.force_login(facilitator)
    url = reverse("meetings:edit", args=[process.slug, meeting.pk])
    page = client.get(url).content.decode()
    assert "Saját Előadó" in page
    assert "Dr. Kovács Ágnes" not in page
    from tests.meetings.test_programme import meeting_data

    response = client.post(url, meeting_data(speakers=[str(foreign.pk)]))
    assert response.status_code == 200  # the form again, with the error
    assert not meeting.speakers.exists()
    assert client.post(url, meeting_data(speakers=[str(own.pk)])).status_code == 302
    assert list(meeting.speakers.all()) == [own]


@pytest.mark.django_db(transaction=True)
def test_migration_gives_each_speaker_its_process_copying_shared_ones():
    """A speaker used in two processes is copied; the other process's uses move to the copy."""
    executor = MigrationExecutor(connection)
    # Processes as they were then too: later columns (languages…) have no database default.
    before = [("meetings", "0003_speaker_process"), ("processes", "0002_invitations_to_roles")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Process = apps.get_model("processes", "Process")
    County = apps.get_model("core", "County")
    OldSpeaker = apps.get_model("meetings", "Speaker")
    OldMeeting = apps.get_model("meetings", "Meeting")
    OldAgendaItem = apps.get_model("meetings", "AgendaItem")
    OldMaterial = apps.get_model("meetings", "Material")
    county = County.objects.create(siruta=190, name_ro="Harghita", name_hu="Hargita")

    def process(slug):
        return Process.objects.create(
            slug=slug,
            title={"hu": slug},
            county=county,
            starts_on="2026-01-01",
            ends_on="2026-12-31",
        )

    def meeting(process):
        return OldMeeting.objects.create(
            process=process,
            kind="lecture",
            title={"hu": "Előadás"},
            starts_at="2026-05-01T10:00Z",
            ends_at="2026-05-01T12:00Z",
            checkin_code=f"C{process.pk:07d}",
        )

    first, second = process("elso"), process("masodik")
    shared = OldSpeaker.objects.create(full_name="Közös Előadó", email="kozos@example.org")
    only_second = OldSpeaker.objects.create(full_name="Második Előadó")
    unused = OldSpeaker.objects.create(full_name="Senki")
    meeting(first).speakers.add(shared)
    second_meeting = meeting(second)
    second_meeting.speakers.add(only_second)
    item = OldAgendaItem.objects.create(
        meeting=second_meeting,
        starts_at="2026-05-01T10:00Z",
        ends_at="2026-05-01T11:00Z",
        title={"hu": "Nyitó"},
    )
    item.speakers.add(shared)
    OldMaterial.objects.create(
        process=second,
        meeting=second_meeting,
        speaker=shared,
        title="Diák",
        url="https://x.org",
        language="hu",
        licence="cc0-1.0",
    )

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    shared_first = Speaker.objects.get(pk=shared.pk)
    assert shared_first.process.slug == "elso"
    copy = Speaker.objects.get(full_name="Közös Előadó", process__slug="masodik")
    assert copy.email == "kozos@example.org"
    assert list(AgendaItem.objects.get(pk=item.pk).speakers.all()) == [copy]
    assert Material.objects.get().speaker == copy
    assert list(Meeting.objects.get(pk=second_meeting.pk).speakers.all()) == [
        Speaker.objects.get(pk=only_second.pk)
    ]
    assert Speaker.objects.get(pk=only_second.pk).process.slug == "masodik"
    assert Speaker.objects.get(pk=unused.pk).process.slug == "elso"  # the oldest process
