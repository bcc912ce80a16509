"""Background tasks of the meeting series: thin wrappers that load by id and call a service.

Run by `manage.py run_worker` in production (django-tasks' database backend); immediate in
tests. `send_meeting_reminders` is also run every 15 minutes by
`manage.py send_meeting_reminders` from cron.
"""

from __future__ import annotations

from django_tasks import task

from cultiva.meetings.models import Announcement, Invitation, Registration
from cultiva.meetings.services import registration as registration_services


@task()
def send_registration_email(registration_id: int, kind: str) -> bool:
    """Confirmation, waiting-list notice, promotion, cancellation or reminder e-mail."""
    registration = (
        Registration.objects.select_related("person", "registered_by", "meeting__process")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    registration_services.registration_email_send(registration=registration, kind=kind)
    return True


@task()
def send_invitation_email(invitation_id: int) -> bool:
    invitation = (
        Invitation.objects.select_related("person", "invited_by", "meeting__process")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return False
    registration_services.invitation_email_send(invitation=invitation)
    return True


@task()
def send_meeting_reminders() -> int:
    """Remind confirmed participants of meetings starting soon; returns how many were sent."""
    return registration_services.meeting_reminders_send()


@task()
def deliver_announcement(announcement_id: int) -> int:
    """E-mail an announcement to its recipients not reached yet; returns how many now."""
    from cultiva.meetings.services.announcements import announcement_deliver

    announcement = (
        Announcement.objects.select_related("process", "sent_by").filter(pk=announcement_id).first()
    )
    if announcement is None:
        return 0
    return announcement_deliver(announcement=announcement)
