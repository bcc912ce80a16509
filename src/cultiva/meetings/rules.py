"""Who may do what with meetings: the one place every view, service and the API asks."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cultiva.accounts.models import Membership
from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.meetings.conf import checkin_opens_minutes
from cultiva.meetings.models import Material, Meeting, Minutes, Registration
from cultiva.processes.rules import STAFF_ROLES, can_view_process, has_role


def is_staff(user, process) -> bool:
    return has_role(user, process, *STAFF_ROLES)


def visible_meetings_q(user, process) -> Q:
    if is_staff(user, process):
        return Q()
    return Q(is_published=True)


def can_view_meeting(user, meeting: Meeting) -> Verdict:
    verdict = can_view_process(user, meeting.process)
    if not verdict:
        return verdict
    if meeting.is_published or is_staff(user, meeting.process):
        return ALLOW
    return deny(_("This meeting is not published yet."))


def can_manage_meetings(user, process) -> Verdict:
    """Create and edit meetings, agenda, speakers, registration questions; invite."""
    if is_staff(user, process):
        return ALLOW
    return deny(_("Only the process's facilitators and coordinators can do this."))


# --- registration -----------------------------------------------------------------------


def registration_window_verdict(meeting: Meeting, now=None) -> Verdict:
    now = now or timezone.now()
    if not meeting.requires_registration:
        return deny(_("This meeting needs no registration: just come."))
    if meeting.ends_at <= now:
        return deny(_("This meeting is over."))
    if meeting.registration_opens_at and now < meeting.registration_opens_at:
        return deny(_("Registration has not opened yet."))
    if meeting.registration_closes_at and now >= meeting.registration_closes_at:
        return deny(_("Registration is closed."))
    return ALLOW


def can_register(user, meeting: Meeting) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in to register."))
    verdict = can_view_meeting(user, meeting)
    if not verdict:
        return verdict
    if not meeting.is_published:
        return deny(_("This meeting is not published yet."))
    return registration_window_verdict(meeting)


def can_register_colleagues(user, meeting: Meeting, organisation) -> Verdict:
    """An organisation's contact person registers colleagues; staff register anyone."""
    verdict = can_register(user, meeting)
    if not verdict:
        return verdict
    if is_staff(user, meeting.process):
        return ALLOW
    if Membership.objects.filter(
        user=user, organisation=organisation, role=Membership.Role.CONTACT
    ).exists():
        return ALLOW
    return deny(_("Only the organisation's contact people can register its members."))


def can_cancel_registration(user, registration: Registration) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if registration.status == Registration.Status.CANCELLED:
        return deny(_("This registration is already cancelled."))
    if registration.meeting.ends_at <= timezone.now():
        return deny(_("This meeting is over."))
    if user.pk in (registration.person_id, registration.registered_by_id):
        return ALLOW
    if is_staff(user, registration.meeting.process):
        return ALLOW
    return deny(_("You can only cancel your own registrations."))


def can_view_registrations(user, meeting: Meeting) -> Verdict:
    if is_staff(user, meeting.process):
        return ALLOW
    return deny(_("Only the process's facilitators and coordinators can see who registered."))


# --- attendance ---------------------------------------------------------------------------


def can_check_in(user, meeting: Meeting) -> Verdict:
    if is_staff(user, meeting.process):
        return ALLOW
    return deny(_("Only the process's facilitators and coordinators can check people in."))


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def checkin_window_verdict(meeting: Meeting, now=None) -> Verdict:
    """Attendance is recorded from shortly before the start (check-in at the door) onwards,
    on every channel: the facilitator's list, walk-ins, self check-in and the API."""
    now = now or timezone.now()
    minutes = checkin_opens_minutes()
    opens_at = meeting.starts_at - dt.timedelta(minutes=minutes)
    if now >= opens_at:
        return ALLOW
    if not minutes:
        return deny(
            _("Check-in opens when the meeting starts (%(when)s).") % {"when": _when(opens_at)}
        )
    return deny(
        ngettext(
            "Check-in opens %(minutes)d minute before the meeting starts (%(when)s).",
            "Check-in opens %(minutes)d minutes before the meeting starts (%(when)s).",
            minutes,
        )
        % {"minutes": minutes, "when": _when(opens_at)}
    )


def self_checkin_window_verdict(meeting: Meeting, now=None) -> Verdict:
    """Self check-in: the same opening, and it closes when the meeting ends (a facilitator
    can still record attendance afterwards, from the paper list)."""
    now = now or timezone.now()
    verdict = checkin_window_verdict(meeting, now)
    if verdict and now > meeting.ends_at:
        return deny(_("This meeting is over; check-in is closed."))
    return verdict


def has_taken_place(meeting: Meeting, now=None) -> Verdict:
    """A meeting has taken place once it is over: only then is its attendance certified."""
    if meeting.ends_at <= (now or timezone.now()):
        return ALLOW
    return deny(
        _(
            "This meeting has not taken place yet: its certificates are issued once it is "
            "over (%(when)s)."
        )
        % {"when": _when(meeting.ends_at)}
    )


def can_view_cohort(user, process) -> Verdict:
    if has_role(user, process, *STAFF_ROLES, "decision_maker"):
        return ALLOW
    return deny(_("Only facilitators, coordinators and decision-makers can see attendance."))


def has_attended(user, meeting: Meeting) -> bool:
    return (
        user.is_authenticated
        and Registration.objects.filter(
            meeting=meeting, person=user, attendance=Registration.Attendance.PRESENT
        ).exists()
    )


def is_participant(user, meeting: Meeting) -> bool:
    return (
        user.is_authenticated
        and Registration.objects.filter(
            meeting=meeting, person=user, status=Registration.Status.CONFIRMED
        ).exists()
    )


def is_speaker(user, meeting: Meeting) -> bool:
    return user.is_authenticated and meeting.speakers.filter(person=user).exists()


# --- materials ----------------------------------------------------------------------------


def can_add_material(user, meeting: Meeting) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if is_staff(user, meeting.process) or is_speaker(user, meeting):
        return ALLOW
    return deny(_("Only the meeting's speakers, facilitators and coordinators can add materials."))


def visible_materials_q(user, process) -> Q:
    """Public materials; participants-only ones for the meeting's participants and speakers,
    the uploader, and the process's staff. (The caller checks the process is visible.)"""
    if is_staff(user, process):
        return Q()
    # A draft meeting's materials wait for the meeting to be published.
    published = Q(meeting__isnull=True) | Q(meeting__is_published=True)
    visible = Q(visibility=Material.Visibility.PUBLIC)
    if user.is_authenticated:
        participant_meetings = Registration.objects.filter(
            person=user, status=Registration.Status.CONFIRMED, meeting__process=process
        ).values("meeting_id")
        speaker_meetings = Meeting.objects.filter(process=process, speakers__person=user).values(
            "pk"
        )
        visible |= (
            Q(meeting_id__in=participant_meetings)
            | Q(meeting_id__in=speaker_meetings)
            | Q(uploaded_by=user)
        )
    return visible & published


def can_view_material(user, material: Material) -> Verdict:
    verdict = can_view_process(user, material.process)
    if not verdict:
        return verdict
    if is_staff(user, material.process):
        return ALLOW
    meeting = material.meeting
    if meeting and not meeting.is_published:
        return deny(_("This meeting is not published yet."))
    if material.visibility == Material.Visibility.PUBLIC:
        return ALLOW
    if meeting and (is_participant(user, meeting) or is_speaker(user, meeting)):
        return ALLOW
    if material.uploaded_by_id and user.is_authenticated and material.uploaded_by_id == user.pk:
        return ALLOW
    return deny(_("This material is for the meeting's participants only."))


def can_delete_material(user, material: Material) -> Verdict:
    if is_staff(user, material.process):
        return ALLOW
    if user.is_authenticated and material.uploaded_by_id == user.pk:
        return ALLOW
    return deny(_("Only the uploader, facilitators and coordinators can remove a material."))


def can_manage_feedback_questions(user, process) -> Verdict:
    """The feedback form is the same for the whole series: the coordinators set it."""
    if has_role(user, process, "coordinator"):
        return ALLOW
    return deny(_("Only the process's coordinators can set the feedback questions."))


# --- minutes and feedback -----------------------------------------------------------------


def can_edit_minutes(user, meeting: Meeting) -> Verdict:
    if is_staff(user, meeting.process):
        return ALLOW
    return deny(_("Only the process's facilitators and coordinators can write minutes."))


def can_view_minutes(user, minutes: Minutes) -> Verdict:
    verdict = can_view_meeting(user, minutes.meeting)
    if not verdict:
        return verdict
    if minutes.is_published or is_staff(user, minutes.meeting.process):
        return ALLOW
    return deny(_("The minutes are not published yet."))


def can_give_feedback(user, meeting: Meeting) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in to give feedback."))
    if meeting.starts_at > timezone.now():
        return deny(_("Feedback opens when the meeting starts."))
    if not (has_attended(user, meeting) or is_participant(user, meeting)):
        return deny(_("Only the meeting's participants can give feedback."))
    return ALLOW


def can_view_feedback_results(user, meeting: Meeting) -> Verdict:
    if is_staff(user, meeting.process):
        return ALLOW
    return deny(_("Only the process's facilitators and coordinators can read the feedback."))


# --- certificates -------------------------------------------------------------------------


def can_get_meeting_certificate(user, meeting: Meeting) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in."))
    verdict = has_taken_place(meeting)
    if not verdict:
        return verdict
    if has_attended(user, meeting):
        return ALLOW
    return deny(_("A certificate is given to those recorded as present at the meeting."))


def has_name_for_certificate(user) -> Verdict:
    """A certificate is made out to a name: never to "participant" or an e-mail address."""
    if (getattr(user, "full_name", "") or "").strip():
        return ALLOW
    return deny(_("A certificate carries your name: enter it on your profile page first."))


def certificate_validity(certificate, now=None) -> Verdict:
    """Is an issued certificate valid today? One for a meeting that has not taken place is not
    (issued before this rule existed, or the meeting moved later since)."""
    meeting = certificate.meeting if certificate.meeting_id else None
    if meeting is not None and not has_taken_place(meeting, now):
        return deny(
            _(
                "This certificate is not valid: the meeting it names has not taken place yet "
                "(it ends %(when)s)."
            )
            % {"when": _when(meeting.ends_at)}
        )
    return ALLOW


def can_get_series_certificate(user, process) -> Verdict:
    """Whoever attended at least the process's threshold of meetings."""
    # Imported here: the attendance selectors themselves ask this module who may see what.
    from cultiva.meetings.selectors.attendance import attended_count

    if not user.is_authenticated:
        return deny(_("Please log in."))
    needed = process.series_certificate_min_meetings
    attended = attended_count(person=user, process=process)
    if needed and attended >= needed:
        return ALLOW
    return deny(
        _(
            "A series certificate needs %(needed)s attended meetings; "
            "you have attended %(attended)s so far."
        )
        % {"needed": needed, "attended": attended}
    )


# --- announcements ------------------------------------------------------------------------


def can_send_announcements(user, process) -> Verdict:
    """Write to the people of the process, of a role, or of a meeting; read what was sent."""
    if is_staff(user, process):
        return ALLOW
    return deny(_("Only the process's coordinators and facilitators can write to its people."))
