"""Writes of attendance: facilitator check-in, walk-ins and self check-in. Each is audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cultiva.accounts.models import Membership
from cultiva.core.activity import activity_record
from cultiva.meetings import rules
from cultiva.meetings.models import CODE_ALPHABET, Meeting, Registration

PERSONAL_CODE_LENGTH = 6

Attendance = Registration.Attendance


class CheckInError(Exception):
    """Self check-in refused; `message` says why, `is_guess` when the code itself was wrong."""

    def __init__(self, message: str, *, is_guess: bool = False, rate_limited: bool = False):
        super().__init__(message)
        self.message = message
        self.is_guess = is_guess
        self.rate_limited = rate_limited


def normalise_personal_code(raw: str | None) -> str | None:
    """'ab c 2d9' → 'ABC2D9'; None when it cannot be a personal code at all."""
    code = "".join((raw or "")[:100].split()).replace("-", "").upper()
    if len(code) != PERSONAL_CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return code


def _require_checkin_open(meeting: Meeting, now: dt.datetime) -> None:
    """Nobody is recorded (present, absent or excused) before check-in opens."""
    verdict = rules.checkin_window_verdict(meeting, now)
    if not verdict:
        raise ValidationError(verdict.reason, code="checkin_not_open")


def _mark(registration: Registration, *, attendance: str, actor, method: str, now) -> str:
    before = registration.attendance
    registration.attendance = attendance
    if attendance == Attendance.PRESENT:
        if before != Attendance.PRESENT or registration.checked_in_at is None:
            registration.checked_in_at = now
        registration.checked_in_by = actor if getattr(actor, "is_authenticated", False) else None
        registration.checkin_method = method
    else:
        registration.checked_in_at = None
        registration.checked_in_by = None
        registration.checkin_method = ""
    registration.save(
        update_fields=["attendance", "checked_in_at", "checked_in_by", "checkin_method"]
    )
    return before


@transaction.atomic
def attendance_record(*, registration: Registration, actor, attendance: str) -> Registration:
    """A facilitator records someone as present, absent or excused."""
    if attendance not in (Attendance.PRESENT, Attendance.ABSENT, Attendance.EXCUSED):
        raise ValidationError(_("Choose present, absent or excused."))
    registration = (
        Registration.objects.select_for_update()
        .select_related("meeting__process", "person")
        .get(pk=registration.pk)
    )
    meeting = registration.meeting
    rules.can_check_in(actor, meeting).enforce()
    now = timezone.now()
    _require_checkin_open(meeting, now)
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only people with a confirmed place can be checked in."))
    if registration.attendance == attendance:
        return registration
    before = _mark(
        registration,
        attendance=attendance,
        actor=actor,
        method=Registration.CheckinMethod.FACILITATOR,
        now=now,
    )
    activity_record(
        actor=actor,
        verb="registration.attendance",
        target=registration,
        process=meeting.process,
        changes={
            "attendance": [before, attendance],
            "method": Registration.CheckinMethod.FACILITATOR,
        },
    )
    return registration


@transaction.atomic
def attendance_walk_in(*, meeting: Meeting, person, actor) -> Registration:
    """Someone with an account came without a place: give them one (beyond capacity too)."""
    rules.can_check_in(actor, meeting).enforce()
    now = timezone.now()
    _require_checkin_open(meeting, now)
    registration = (
        Registration.objects.select_for_update().filter(meeting=meeting, person=person).first()
    )
    if registration is None:
        membership = Membership.objects.filter(user=person).select_related("organisation").first()
        registration = Registration.objects.create(
            meeting=meeting,
            person=person,
            registered_by=actor,
            organisation=membership.organisation if membership else None,
            status=Registration.Status.CONFIRMED,
            confirmed_at=now,
        )
        status_before, attendance_before = None, None
    else:
        status_before, attendance_before = registration.status, registration.attendance
        if registration.status != Registration.Status.CONFIRMED:
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at = now
            registration.cancelled_at = None
            registration.save(update_fields=["status", "confirmed_at", "cancelled_at"])
    _mark(
        registration,
        attendance=Attendance.PRESENT,
        actor=actor,
        method=Registration.CheckinMethod.FACILITATOR,
        now=now,
    )
    activity_record(
        actor=actor,
        verb="registration.walk_in",
        target=registration,
        process=meeting.process,
        changes={
            "status": [status_before, Registration.Status.CONFIRMED],
            "attendance": [attendance_before, Attendance.PRESENT],
            "method": Registration.CheckinMethod.FACILITATOR,
        },
    )
    return registration


@transaction.atomic
def attendance_self_check_in(
    *,
    meeting: Meeting,
    code: str | None = None,
    user=None,
    now: dt.datetime | None = None,
) -> tuple[Registration, bool]:
    """A participant checks themself in with their personal code, or logged in.

    Returns the registration and whether anything changed (False when already present).
    Raises CheckInError with a message the participant can read; nothing changes then.
    """
    now = now or timezone.now()
    window = rules.self_checkin_window_verdict(meeting, now)
    if not window:
        raise CheckInError(window.reason)
    registrations = Registration.objects.select_for_update().select_related("person")
    if code is not None:
        normalised = normalise_personal_code(code)
        if normalised is None:
            raise CheckInError(
                _("A personal code has 6 letters and digits, e.g. K7M2QX. Please check it."),
                is_guess=True,
            )
        registration = registrations.filter(meeting=meeting, personal_code=normalised).first()
        if registration is None:
            raise CheckInError(
                _("We found no registration with this code for this meeting."), is_guess=True
            )
    elif user is not None and user.is_authenticated:
        registration = registrations.filter(meeting=meeting, person=user).first()
        if registration is None:
            raise CheckInError(_("You are not registered for this meeting."))
    else:
        raise CheckInError(_("Type your personal code."))
    if registration.status == Registration.Status.WAITING:
        raise CheckInError(
            _("This registration is on the waiting list. Please ask the organisers at the desk.")
        )
    if registration.status == Registration.Status.CANCELLED:
        raise CheckInError(
            _("This registration was cancelled. Please ask the organisers at the desk.")
        )
    if registration.attendance == Attendance.PRESENT:
        return registration, False
    before = _mark(
        registration,
        attendance=Attendance.PRESENT,
        actor=registration.person,
        method=Registration.CheckinMethod.SELF,
        now=now,
    )
    activity_record(
        actor=registration.person,
        verb="registration.attendance",
        target=registration,
        process=meeting.process,
        changes={
            "attendance": [before, Attendance.PRESENT],
            "method": Registration.CheckinMethod.SELF,
        },
    )
    return registration, True
