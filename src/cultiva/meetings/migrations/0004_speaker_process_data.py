"""Speakers belong to a process (2 of 3): each existing speaker is given its process.

Until now a speaker belonged to no process, so any process's facilitator could open and change
any speaker, private e-mail address included. Each existing speaker is given the process of the
meetings it speaks at (on the bill or in the agenda) and of the materials credited to it:

- used in one process: it belongs to that process;
- used in several: the oldest of them (lowest id) keeps the record, and every other process
  gets its own copy (same fields and expertise), to which that process's meetings, agenda items
  and materials are moved;
- used nowhere: the process in whose name it was created (the first `speaker.*` activity-log
  entry with a process); failing that, the oldest process. Until now every facilitator could
  see such a speaker, so this narrows who can, never widens it. With no process at all, nothing
  could show it: it is removed.

The account link becomes a plain foreign key (one speaker record per process and person).
"""

from django.db import migrations


def _speaker_processes(apps, speaker_id: int) -> set[int]:
    Meeting = apps.get_model("meetings", "Meeting")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Material = apps.get_model("meetings", "Material")
    on_bill = Meeting.speakers.through.objects.filter(speaker_id=speaker_id).values_list(
        "meeting__process_id", flat=True
    )
    in_agenda = AgendaItem.speakers.through.objects.filter(speaker_id=speaker_id).values_list(
        "agendaitem__meeting__process_id", flat=True
    )
    credited = Material.objects.filter(speaker_id=speaker_id).values_list("process_id", flat=True)
    return set(on_bill) | set(in_agenda) | set(credited)


def _logged_process(apps, speaker_id: int) -> int | None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    ActivityLog = apps.get_model("core", "ActivityLog")
    content_type = ContentType.objects.filter(app_label="meetings", model="speaker").first()
    if content_type is None:
        return None
    return (
        ActivityLog.objects.filter(
            target_type=content_type, target_id=str(speaker_id), process__isnull=False
        )
        .order_by("created_at", "id")
        .values_list("process_id", flat=True)
        .first()
    )


def speakers_to_processes(apps, schema_editor):
    Speaker = apps.get_model("meetings", "Speaker")
    Meeting = apps.get_model("meetings", "Meeting")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Material = apps.get_model("meetings", "Material")
    Process = apps.get_model("processes", "Process")
    oldest = Process.objects.order_by("pk").values_list("pk", flat=True).first()
    copied = (
        "person_id",
        "full_name",
        "organisation_id",
        "affiliation",
        "biography",
        "email",
        "is_external",
    )
    for speaker in Speaker.objects.order_by("pk"):
        processes = sorted(_speaker_processes(apps, speaker.pk))
        if not processes:
            logged = _logged_process(apps, speaker.pk)
            processes = [logged] if logged else ([oldest] if oldest else [])
        if not processes:
            speaker.delete()
            continue
        home, *others = processes
        speaker.process_id = home
        speaker.save(update_fields=["process"])
        expertise = list(speaker.expertise.values_list("pk", flat=True))
        for process_id in others:
            copy = Speaker.objects.create(
                process_id=process_id, **{field: getattr(speaker, field) for field in copied}
            )
            copy.expertise.set(expertise)
            Meeting.speakers.through.objects.filter(
                speaker_id=speaker.pk, meeting__process_id=process_id
            ).update(speaker_id=copy.pk)
            AgendaItem.speakers.through.objects.filter(
                speaker_id=speaker.pk, agendaitem__meeting__process_id=process_id
            ).update(speaker_id=copy.pk)
            Material.objects.filter(speaker_id=speaker.pk, process_id=process_id).update(
                speaker_id=copy.pk
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_initial"),
        ("meetings", "0003_speaker_process"),
    ]

    operations = [migrations.RunPython(speakers_to_processes, migrations.RunPython.noop)]
