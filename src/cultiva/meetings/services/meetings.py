"""Writes of meetings, their agenda and speakers. One transaction each, each audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record, field_changes
from cultiva.meetings import rules
from cultiva.meetings.models import (
    AgendaItem,
    Meeting,
    Registration,
    RegistrationQuestion,
    Speaker,
)

MEETING_FIELDS = (
    "kind",
    "format",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "settlement",
    "online_url",
    "capacity",
    "is_published",
    "requires_registration",
    "registration_opens_at",
    "registration_closes_at",
    "waiting_list_enabled",
    "reminder_hours",
)


def meeting_problems(*, meeting: Meeting) -> dict[str, list[str]]:
    """What is wrong with a meeting's dates and capacity, field by field."""
    problems: dict[str, list[str]] = {}

    def add(field, message):
        problems.setdefault(field, []).append(message)

    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        add("ends_at", _("The meeting must end after it starts."))
    opens, closes = meeting.registration_opens_at, meeting.registration_closes_at
    if opens and closes and closes <= opens:
        add("registration_closes_at", _("Registration must close after it opens."))
    if closes and meeting.ends_at and closes > meeting.ends_at:
        add("registration_closes_at", _("Registration cannot close after the meeting ends."))
    if meeting.format in (Meeting.Format.ONLINE, Meeting.Format.HYBRID) and not meeting.online_url:
        add("online_url", _("An online or hybrid meeting needs its link."))
    if meeting.format in (Meeting.Format.IN_PERSON, Meeting.Format.HYBRID) and not (
        meeting.venue or meeting.settlement_id
    ):
        add("venue", _("Say where the meeting takes place."))
    if meeting.pk and meeting.capacity is not None:
        confirmed = Registration.objects.filter(
            meeting_id=meeting.pk, status=Registration.Status.CONFIRMED
        ).count()
        if meeting.capacity < confirmed:
            add(
                "capacity",
                _(
                    "%(confirmed)s people already hold a place; the capacity cannot be lower. "
                    "Cancel registrations first."
                )
                % {"confirmed": confirmed},
            )
    return problems


def _snapshot(meeting: Meeting) -> dict:
    """The meeting's fields as JSON-ready values, for the activity log's before/after."""
    values = {}
    for name in MEETING_FIELDS:
        value = getattr(meeting, "settlement_id" if name == "settlement" else name)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


@transaction.atomic
def meeting_save(*, actor, meeting: Meeting, domains=None, speakers=None) -> Meeting:
    """Create or update a meeting after checking its dates and capacity."""
    rules.can_manage_meetings(actor, meeting.process).enforce()
    creating = meeting.pk is None
    if not creating:
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    problems = meeting_problems(meeting=meeting)
    if problems:
        raise ValidationError(problems)
    _check_speakers(meeting.process, speakers)
    before = {} if creating else _snapshot(Meeting.objects.get(pk=meeting.pk))
    meeting.save()
    if domains is not None:
        meeting.domains.set(domains)
    if speakers is not None:
        meeting.speakers.set(speakers)
    if not creating and meeting.capacity != before.get("capacity"):
        # More places (or none at all): move people up from the waiting list now.
        from cultiva.meetings.services.registration import registrations_fill_free_places

        registrations_fill_free_places(actor=actor, meeting=meeting)
    activity_record(
        actor=actor,
        verb="meeting.created" if creating else "meeting.changed",
        target=meeting,
        process=meeting.process,
        changes=field_changes(before, _snapshot(meeting)),
    )
    return meeting


@transaction.atomic
def agenda_item_add(*, actor, meeting: Meeting, item: AgendaItem, speakers=()) -> AgendaItem:
    rules.can_manage_meetings(actor, meeting.process).enforce()
    if item.ends_at <= item.starts_at:
        raise ValidationError({"ends_at": [_("The item must end after it starts.")]})
    if item.starts_at < meeting.starts_at or item.ends_at > meeting.ends_at:
        raise ValidationError(
            {"starts_at": [_("The agenda item must fall within the meeting's time.")]}
        )
    _check_speakers(meeting.process, speakers)
    item.meeting = meeting
    item.save()
    item.speakers.set(speakers)
    activity_record(
        actor=actor,
        verb="agenda_item.added",
        target=item,
        process=meeting.process,
        changes={"meeting": meeting.pk},
    )
    return item


@transaction.atomic
def agenda_item_remove(*, actor, item: AgendaItem) -> None:
    rules.can_manage_meetings(actor, item.meeting.process).enforce()
    activity_record(
        actor=actor,
        verb="agenda_item.removed",
        target=item,
        process=item.meeting.process,
    )
    item.delete()


@transaction.atomic
def registration_question_add(
    *, actor, meeting: Meeting, question: RegistrationQuestion
) -> RegistrationQuestion:
    rules.can_manage_meetings(actor, meeting.process).enforce()
    question.meeting = meeting
    question.position = meeting.registration_questions.count()
    question.save()
    activity_record(
        actor=actor,
        verb="registration_question.added",
        target=question,
        process=meeting.process,
        changes={"meeting": meeting.pk, "kind": question.kind},
    )
    return question


@transaction.atomic
def registration_question_remove(*, actor, question: RegistrationQuestion) -> None:
    """Remove a question; answers already given stay in the registrations."""
    rules.can_manage_meetings(actor, question.meeting.process).enforce()
    activity_record(
        actor=actor,
        verb="registration_question.removed",
        target=question,
        process=question.meeting.process,
    )
    question.delete()


def _check_speakers(process, speakers) -> None:
    """Only the process's own speakers can be put on its meetings and agenda."""
    if speakers and any(speaker.process_id != process.pk for speaker in speakers):
        raise ValidationError({"speakers": [_("Choose the speakers of this process.")]})


@transaction.atomic
def speaker_save(*, actor, process, speaker: Speaker, expertise=None) -> Speaker:
    """Create or change a speaker of the process (another process's speaker is not found)."""
    if speaker.process_id is None:
        speaker.process = process
    if speaker.process_id != process.pk:
        raise PermissionDenied(_("This speaker belongs to another process."))
    rules.can_manage_meetings(actor, process).enforce()
    creating = speaker.pk is None
    speaker.save()
    if expertise is not None:
        speaker.expertise.set(expertise)
    activity_record(
        actor=actor,
        verb="speaker.created" if creating else "speaker.changed",
        target=speaker,
        process=process,
    )
    return speaker
