"""The funding deadlines as iCalendar feeds (through meetings.ical): an organisation's (the
deadlines of the calls it prepares applications for, at a signed address calendar apps can
subscribe to) and a process's (every call's deadlines of its catalogue)."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cultiva.core.i18n import localize
from cultiva.core.site import absolute_url
from cultiva.meetings.ical import CalendarEvent, calendar_bytes

FEED_SALT = "cultiva.funding.organisation-deadlines"
# A deadline is a moment; calendars show it as the half hour before it.
DEADLINE_LENGTH = dt.timedelta(minutes=30)


def feed_token(process, organisation) -> str:
    """The secret part of an organisation's deadline feed address in a process."""
    signed = signing.Signer(salt=FEED_SALT).sign(f"{process.pk}.{organisation.pk}")
    return signed.split(":", 1)[1]


def feed_token_valid(process, organisation, token: str) -> bool:
    try:
        signing.Signer(salt=FEED_SALT).unsign(f"{process.pk}.{organisation.pk}:{token}")
    except signing.BadSignature:
        return False
    return True


def deadline_title(deadline) -> str:
    stage = localize(deadline.stage)
    title = _("Deadline: %(call)s") % {"call": str(deadline.call)}
    return f"{title} ({stage})" if stage else title


def organisation_calendar(*, process, organisation, deadlines) -> bytes:
    """`deadlines`: (CallDeadline, [its applications of the organisation]) pairs."""
    events = [
        CalendarEvent(
            uid=f"funding-deadline-{deadline.pk}-application-{application.pk}@cultiva",
            title=deadline_title(deadline),
            starts_at=deadline.due_at - DEADLINE_LENGTH,
            ends_at=deadline.due_at,
            url=absolute_url(
                reverse("funding:application_detail", args=[process.slug, application.pk])
            ),
            description=f"{application.project.code} {localize(application.project.title)}",
        )
        for deadline, applications in deadlines
        for application in applications
    ]
    name = _("Funding deadlines: %(organisation)s") % {"organisation": str(organisation)}
    return calendar_bytes(events, name=name, stamp=timezone.now())


def process_calendar(*, process, deadlines) -> bytes:
    events = [
        CalendarEvent(
            uid=f"funding-deadline-{deadline.pk}@cultiva",
            title=deadline_title(deadline),
            starts_at=deadline.due_at - DEADLINE_LENGTH,
            ends_at=deadline.due_at,
            # The call's page (funding:call_detail, the matching part's).
            url=absolute_url(reverse("funding:call_detail", args=[process.slug, deadline.call_id])),
            description=str(deadline.call.programme.funder),
        )
        for deadline in deadlines
    ]
    name = _("Funding deadlines: %(process)s") % {"process": localize(process.title)}
    return calendar_bytes(events, name=name, stamp=timezone.now())


def ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
