"""Reads of announcements: who an audience is, the list of what was sent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from cultiva.accounts.notifications import people_wanting
from cultiva.meetings.models import Announcement, Meeting, Registration
from cultiva.processes.models import ProcessRole

Audience = Announcement.Audience
Status = Registration.Status


def audience_people(*, process, audience: str, role: str = "", meeting: Meeting | None = None):
    """Everyone an audience names, before anyone's e-mail settings (a queryset of people).

    The people of a process are those holding a role in it and those registered (or waiting)
    for one of its meetings.
    """
    User = get_user_model()
    if audience == Audience.PROCESS:
        roles = ProcessRole.objects.filter(process=process).values("user_id")
        registered = Registration.objects.filter(
            meeting__process=process, status__in=[Status.CONFIRMED, Status.WAITING]
        ).values("person_id")
        return User.objects.filter(Q(pk__in=roles) | Q(pk__in=registered))
    if audience == Audience.ROLE:
        roles = ProcessRole.objects.filter(process=process, role=role).values("user_id")
        return User.objects.filter(pk__in=roles)
    if meeting is None or meeting.process_id != process.pk:
        return User.objects.none()
    registrations = Registration.objects.filter(meeting=meeting)
    if audience == Audience.MEETING_REGISTERED:
        registrations = registrations.filter(status=Status.CONFIRMED)
    elif audience == Audience.MEETING_WAITING:
        registrations = registrations.filter(status=Status.WAITING)
    elif audience == Audience.MEETING_ATTENDED:
        registrations = registrations.filter(attendance=Registration.Attendance.PRESENT)
    else:
        return User.objects.none()
    return User.objects.filter(pk__in=registrations.values("person_id"))


def announcement_recipients(
    *, process, audience: str, role: str = "", meeting: Meeting | None = None
) -> QuerySet:
    """The people an announcement would reach: the audience, less those who turned
    announcements off (and those who cannot receive e-mail)."""
    people = audience_people(process=process, audience=audience, role=role, meeting=meeting)
    return people_wanting(people, "announcements").order_by("pk")


def announcement_list(*, process) -> QuerySet[Announcement]:
    """A process's announcements, newest first; a fixed number of queries however many."""
    return (
        Announcement.objects.filter(process=process)
        .select_related("sent_by", "meeting")
        .order_by("-sent_at", "-id")
    )


def announcement_in_process(*, process, pk: int) -> Announcement:
    """The process's announcement with its delivery counts (DoesNotExist when not its own)."""
    return (
        Announcement.objects.select_related("sent_by", "meeting")
        .annotate(
            delivered_count=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)),
            skipped_count=Count("deliveries", filter=Q(deliveries__skipped_at__isnull=False)),
        )
        .get(process=process, pk=pk)
    )
