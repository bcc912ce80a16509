"""Registration for meetings: places, the waiting list, invitations, e-mails and reminders.

Every write is one transaction that first locks the meeting's row, so that two people
asking for the last place at the same moment are served one after the other: one gets
the place, the other the waiting list. (PostgreSQL: `SELECT … FOR UPDATE`; SQLite runs
write transactions in IMMEDIATE mode, which serialises writers the same way.)

E-mails go out through background tasks (`cultiva.meetings.tasks`). They are enqueued
inside the transaction: with the database task backend the task row commits, or rolls
back, together with the registration it is about.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cultiva.accounts.models import Membership, Organisation
from cultiva.accounts.notifications import notification_mail_send, wants
from cultiva.core.activity import activity_record
from cultiva.core.i18n import localize
from cultiva.core.site import absolute_url
from cultiva.meetings import rules
from cultiva.meetings.models import Invitation, Meeting, Registration, RegistrationQuestion

Status = Registration.Status
logger = logging.getLogger(__name__)

MAX_INVITATIONS = 200
TEXT_ANSWER_MAX = 1000

EMAIL_KINDS = ("confirmed", "waiting", "promoted", "cancelled", "reminder")

# --- answers to registration questions ----------------------------------------------------


def answer_field_name(question: RegistrationQuestion) -> str:
    return f"question_{question.pk}"


def registration_answers_clean(
    *, questions: Iterable[RegistrationQuestion], answers: Mapping | None
) -> dict[str, object]:
    """Check answers keyed by question id; return them normalised, or raise per question.

    Text answers are strings, choice answers the index of the chosen option, yes/no
    answers booleans. Unknown keys are dropped; required questions must be answered.
    """
    answers = answers or {}
    cleaned: dict[str, object] = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        key = str(question.pk)
        raw = answers.get(key, answers.get(question.pk))
        value: object = None
        if question.kind == RegistrationQuestion.Kind.TEXT:
            # No NUL: PostgreSQL refuses it in text and JSON (the API's answers are free text).
            text = str(raw).replace("\x00", "").strip() if raw is not None else ""
            if len(text) > TEXT_ANSWER_MAX:
                errors[answer_field_name(question)] = [
                    _("Keep the answer under %(limit)s characters.") % {"limit": TEXT_ANSWER_MAX}
                ]
                continue
            value = text or None
        elif question.kind == RegistrationQuestion.Kind.CHOICE:
            if raw not in (None, ""):
                try:
                    index = int(raw)
                except (TypeError, ValueError):
                    index = -1
                if not 0 <= index < len(question.choices or []) or isinstance(raw, bool):
                    errors[answer_field_name(question)] = [_("Choose one of the options.")]
                    continue
                value = index
        elif question.kind == RegistrationQuestion.Kind.YES_NO:
            if raw in (True, "yes", "true", "1", 1):
                value = True
            elif raw in (False, "no", "false", "0", 0):
                value = False
            elif raw not in (None, ""):
                errors[answer_field_name(question)] = [_("Answer yes or no.")]
                continue
        if value is None:
            if question.is_required:
                errors[answer_field_name(question)] = [_("This question must be answered.")]
            continue
        cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def answer_display(question: RegistrationQuestion, value) -> str:
    """An answer as the reader should see it, in the active language."""
    if value is None or value == "":
        return ""
    if question.kind == RegistrationQuestion.Kind.YES_NO:
        return _("yes") if value else _("no")
    if question.kind == RegistrationQuestion.Kind.CHOICE:
        choices = question.choices or []
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(choices):
            return localize(choices[value])
    return str(value)


# --- places and the waiting list ----------------------------------------------------------


def _lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting's current row, locked until the transaction ends."""
    return (
        Meeting.objects.select_for_update(of=("self",)).select_related("process").get(pk=meeting.pk)
    )


def _confirmed_count(meeting: Meeting) -> int:
    return Registration.objects.filter(meeting=meeting, status=Status.CONFIRMED).count()


def _has_free_place(meeting: Meeting) -> bool:
    return meeting.capacity is None or _confirmed_count(meeting) < meeting.capacity


def _enqueue_email(registration: Registration, kind: str) -> None:
    from cultiva.meetings.tasks import send_registration_email

    send_registration_email.enqueue(registration.pk, kind)


def _fill_free_places(*, meeting: Meeting, actor) -> list[Registration]:
    """Move the earliest people on the waiting list into free places; tell each by e-mail.

    Must run inside a transaction holding the meeting's lock.
    """
    if meeting.capacity is None:
        free = None
    else:
        free = meeting.capacity - _confirmed_count(meeting)
        if free <= 0:
            return []
    waiting = Registration.objects.filter(meeting=meeting, status=Status.WAITING).order_by(
        "created_at", "id"
    )
    if free is not None:
        waiting = waiting[:free]
    promoted = list(waiting)
    now = timezone.now()
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        activity_record(
            actor=actor,
            verb="registration.promoted",
            target=registration,
            process=meeting.process,
            changes={"status": [Status.WAITING, Status.CONFIRMED]},
        )
        _enqueue_email(registration, "promoted")
    return promoted


def _check_organisation(person, organisation: Organisation | None) -> None:
    if organisation is None:
        return
    if not Membership.objects.filter(user=person, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": [_("Choose one of the organisations you belong to.")]}
        )


def _place(
    *,
    meeting: Meeting,
    person,
    registered_by,
    organisation: Organisation | None,
    answers: dict,
) -> Registration:
    """Give the person a place or a spot on the waiting list. The meeting must be locked."""
    existing = Registration.objects.filter(meeting=meeting, person=person).first()
    if existing is not None and existing.status != Status.CANCELLED:
        # code="conflict": the API answers 409, the request clashes with what exists
        if person == registered_by:
            raise ValidationError(
                _("You are already registered for this meeting."), code="conflict"
            )
        raise ValidationError(
            _("%(name)s is already registered for this meeting.") % {"name": person},
            code="conflict",
        )
    if meeting.capacity is not None and not meeting.waiting_list_enabled:
        taken = Registration.objects.filter(
            meeting=meeting, status__in=[Status.CONFIRMED, Status.WAITING]
        ).count()
        if taken >= meeting.capacity:
            raise ValidationError(
                _("Sorry, this meeting is full and has no waiting list."), code="conflict"
            )
    # People already waiting come first if places have freed up in the meantime.
    _fill_free_places(meeting=meeting, actor=registered_by)
    if _has_free_place(meeting):
        status = Status.CONFIRMED
    elif meeting.waiting_list_enabled:
        status = Status.WAITING
    else:
        raise ValidationError(
            _("Sorry, this meeting is full and has no waiting list."), code="conflict"
        )
    now = timezone.now()
    registration = existing or Registration(meeting=meeting, person=person)
    before = existing.status if existing else None
    registration.status = status
    registration.registered_by = registered_by
    registration.organisation = organisation
    registration.answers = answers
    registration.confirmed_at = now if status == Status.CONFIRMED else None
    registration.cancelled_at = None
    registration.reminder_sent_at = None
    if existing is not None:
        # Back at the end of the queue: the waiting list is ordered by this time.
        registration.created_at = now
    registration.save()
    changes: dict = {"status": [before, status]}
    if registered_by is not None and registered_by != person:
        changes["registered_by"] = registered_by.pk
    activity_record(
        actor=registered_by,
        verb=f"registration.{status}",
        target=registration,
        process=meeting.process,
        changes=changes,
    )
    _enqueue_email(registration, "confirmed" if status == Status.CONFIRMED else "waiting")
    return registration


@transaction.atomic
def registration_create(
    *,
    actor,
    meeting: Meeting,
    organisation: Organisation | None = None,
    answers: Mapping | None = None,
) -> Registration:
    """Register the actor for the meeting: a place if one is free, else the waiting list.

    Raises ValidationError when the meeting is full without a waiting list, the person
    is already registered, or the answers to the meeting's questions are incomplete.
    """
    rules.can_register(actor, meeting).enforce()
    meeting = _lock_meeting(meeting)
    rules.registration_window_verdict(meeting).enforce()
    cleaned = registration_answers_clean(
        questions=meeting.registration_questions.all(), answers=answers
    )
    _check_organisation(actor, organisation)
    return _place(
        meeting=meeting,
        person=actor,
        registered_by=actor,
        organisation=organisation,
        answers=cleaned,
    )


@dataclass
class ColleagueResult:
    person: object
    registration: Registration | None = None
    problem: str = ""


@transaction.atomic
def registrations_create_for_colleagues(
    *, actor, meeting: Meeting, organisation: Organisation, people: Iterable
) -> list[ColleagueResult]:
    """An organisation's contact registers colleagues; each is told by e-mail.

    Everyone is tried in turn: those already registered, or refused because the meeting
    is full, are reported with the reason and the others still get their place.
    """
    rules.can_register_colleagues(actor, meeting, organisation).enforce()
    meeting = _lock_meeting(meeting)
    rules.registration_window_verdict(meeting).enforce()
    people = list(people)
    member_ids = set(
        Membership.objects.filter(
            organisation=organisation, user__in=[p.pk for p in people]
        ).values_list("user_id", flat=True)
    )
    results = []
    for person in people:
        if person.pk not in member_ids:
            results.append(
                ColleagueResult(
                    person,
                    problem=_("%(name)s is not a member of this organisation.") % {"name": person},
                )
            )
            continue
        try:
            with transaction.atomic():
                registration = _place(
                    meeting=meeting,
                    person=person,
                    registered_by=actor,
                    organisation=organisation,
                    answers={},
                )
        except ValidationError as error:
            results.append(ColleagueResult(person, problem=" ".join(error.messages)))
        else:
            results.append(ColleagueResult(person, registration=registration))
    return results


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration:
    """Give up a place or a spot on the waiting list; the next person waiting moves up."""
    meeting = _lock_meeting(registration.meeting)
    registration = Registration.objects.get(pk=registration.pk)
    registration.meeting = meeting
    rules.can_cancel_registration(actor, registration).enforce()
    before = registration.status
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    activity_record(
        actor=actor,
        verb="registration.cancelled",
        target=registration,
        process=meeting.process,
        changes={"status": [before, Status.CANCELLED]},
    )
    _enqueue_email(registration, "cancelled")
    if before == Status.CONFIRMED:
        _fill_free_places(meeting=meeting, actor=actor)
    return registration


@transaction.atomic
def registrations_fill_free_places(*, actor, meeting: Meeting) -> list[Registration]:
    """Promote people from the waiting list into free places (e.g. after raising capacity)."""
    rules.can_manage_meetings(actor, meeting.process).enforce()
    return _fill_free_places(meeting=_lock_meeting(meeting), actor=actor)


def waiting_position(registration: Registration) -> int | None:
    """1 for the first person on the waiting list; None when not waiting."""
    if registration.status != Status.WAITING:
        return None
    ahead = Registration.objects.filter(meeting_id=registration.meeting_id, status=Status.WAITING)
    ahead = ahead.filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


# --- invitations --------------------------------------------------------------------------


@dataclass
class InvitationReport:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def parse_email_list(text: str) -> tuple[list[str], list[str]]:
    """Split typed addresses on commas, semicolons and whitespace: (valid, invalid)."""
    valid: list[str] = []
    invalid: list[str] = []
    for raw in text.replace(",", " ").replace(";", " ").split():
        address = raw.strip().strip("<>").lower()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            invalid.append(raw.strip())
        else:
            if address not in valid:
                valid.append(address)
    return valid, invalid


@transaction.atomic
def invitations_send(
    *,
    actor,
    meeting: Meeting,
    organisations: Iterable[Organisation] = (),
    emails: Iterable[str] = (),
) -> InvitationReport:
    """Invite the members of organisations and typed addresses; nobody is invited twice."""
    from cultiva.accounts.models import User

    rules.can_manage_meetings(actor, meeting.process).enforce()
    meeting = _lock_meeting(meeting)
    if not meeting.is_published:
        raise ValidationError(_("Publish the meeting before inviting people."))
    # address -> (person, organisation)
    wanted: dict[str, tuple] = {}
    memberships = (
        Membership.objects.filter(organisation__in=list(organisations), user__is_active=True)
        .select_related("user", "organisation")
        .order_by("organisation_id", "user__full_name", "user_id")
    )
    for membership in memberships:
        wanted.setdefault(membership.user.email.lower(), (membership.user, membership.organisation))
    typed = []
    for address in emails:
        address = address.strip().lower()
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                _("This is not a valid e-mail address: %(address)s") % {"address": address}
            ) from None
        if address not in wanted:
            typed.append(address)
            wanted[address] = (None, None)
    if typed:
        for user in User.objects.filter(email__in=typed):
            wanted[user.email.lower()] = (user, None)
    already = set(
        Invitation.objects.filter(meeting=meeting, email__in=list(wanted)).values_list(
            "email", flat=True
        )
    )
    report = InvitationReport()
    new = []
    for address, (person, organisation) in wanted.items():
        if address in already:
            report.skipped.append(address)
        else:
            new.append(
                Invitation(
                    meeting=meeting,
                    email=address,
                    person=person,
                    organisation=organisation,
                    invited_by=actor,
                )
            )
    if len(new) > MAX_INVITATIONS:
        raise ValidationError(
            _("At most %(limit)s invitations can be sent at once; this would be %(count)s.")
            % {"limit": MAX_INVITATIONS, "count": len(new)}
        )
    if new:
        Invitation.objects.bulk_create(new)
        created = Invitation.objects.filter(meeting=meeting, email__in=[i.email for i in new])
        from cultiva.meetings.tasks import send_invitation_email

        for invitation in created:
            send_invitation_email.enqueue(invitation.pk)
            report.sent.append(invitation.email)
        activity_record(
            actor=actor,
            verb="meeting.invitations_sent",
            target=meeting,
            process=meeting.process,
            changes={"sent": len(report.sent), "skipped": len(report.skipped)},
        )
    return report


# --- e-mails ------------------------------------------------------------------------------


def _language_for(person) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = getattr(person, "preferred_language", "") or ""
    return language if language in codes else settings.LANGUAGE_CODE


# Registration receipts are transactional (see cultiva.accounts.notifications); these are
# notifications, sent only to people who want their kind, with the unsubscribe link.
NOTIFICATION_KINDS = {"registration_reminder": "meetings", "invitation": "invitations"}


def _send(*, template: str, context: dict, to: str, language: str, person=None) -> bool:
    """Render and send one e-mail; False when the person turned this kind of e-mail off."""
    kind = NOTIFICATION_KINDS.get(template)
    if kind and person is not None and not wants(person, kind):
        return False
    with translation.override(language):
        subject = render_to_string(f"meetings/email/{template}_subject.txt", context)
        body = render_to_string(f"meetings/email/{template}.txt", context)
    if kind and person is not None:
        return notification_mail_send(
            person=person, kind=kind, subject=subject, body=body, language=language, check=False
        )
    subject = " ".join(subject.split())
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    return True


def _meeting_context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "meeting_url": absolute_url(
            reverse("meetings:detail", args=[meeting.process.slug, meeting.pk])
        ),
        "my_registrations_url": absolute_url(reverse("meetings:my_registrations")),
    }


def registration_email_send(*, registration: Registration, kind: str) -> bool:
    """Render and send one registration e-mail in the participant's language.

    Returns False when not sent: a reminder to someone who turned meeting e-mails off."""
    if kind not in EMAIL_KINDS:
        raise ValueError(f"Unknown registration e-mail: {kind}")
    person = registration.person
    context = {
        **_meeting_context(registration.meeting),
        "registration": registration,
        "person": person,
        "registered_by": registration.registered_by
        if registration.registered_by_id and registration.registered_by_id != person.pk
        else None,
        "position": waiting_position(registration),
    }
    return _send(
        template=f"registration_{kind}",
        context=context,
        to=person.email,
        language=_language_for(person),
        person=person,
    )


def invitation_email_send(*, invitation: Invitation) -> bool:
    """An invitation to a meeting; to a known person only if they want invitations (an
    address without an account has no settings: it gets the invitation)."""
    context = {
        **_meeting_context(invitation.meeting),
        "invitation": invitation,
        "invited_by": invitation.invited_by,
    }
    return _send(
        template="invitation",
        context=context,
        to=invitation.email,
        language=_language_for(invitation.person),
        person=invitation.person,
    )


# --- reminders ----------------------------------------------------------------------------


def meeting_reminders_send(*, now: dt.datetime | None = None) -> int:
    """E-mail confirmed participants of meetings starting within their reminder time.

    Each registration is claimed (reminder_sent_at set) before its e-mail goes out, so
    overlapping runs never send the same reminder twice. Returns the number sent.
    """
    now = now or timezone.now()
    candidates = (
        Meeting.objects.filter(
            is_published=True,
            reminder_hours__gt=0,
            starts_at__gt=now,
            registrations__status=Status.CONFIRMED,
            registrations__reminder_sent_at__isnull=True,
        )
        .select_related("process")
        .distinct()
        .order_by("starts_at")
    )
    sent = 0
    for meeting in candidates:
        if meeting.starts_at - now > dt.timedelta(hours=meeting.reminder_hours):
            continue
        due = Registration.objects.filter(
            meeting=meeting, status=Status.CONFIRMED, reminder_sent_at__isnull=True
        ).select_related("person", "registered_by")
        count = 0
        for registration in due:
            claimed = Registration.objects.filter(
                pk=registration.pk, status=Status.CONFIRMED, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            registration.meeting = meeting
            registration.reminder_sent_at = now
            try:
                # Claimed either way: a person who turned reminders off is not asked again.
                if not registration_email_send(registration=registration, kind="reminder"):
                    continue
            except Exception:
                # Let the next run try again rather than lose the reminder.
                logger.exception("Reminder for registration %s could not be sent", registration.pk)
                Registration.objects.filter(pk=registration.pk).update(reminder_sent_at=None)
                continue
            count += 1
        if count:
            activity_record(
                actor=None,
                verb="meeting.reminders_sent",
                target=meeting,
                process=meeting.process,
                changes={"count": count},
            )
        sent += count
    return sent
