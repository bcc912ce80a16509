"""Deadline reminders of funding applications: an e-mail 14, 3 and 1 days before each
deadline of the call, to the applicant organisation's people, while the application is still
being prepared. `application_reminders_send` does the work (cron runs it through
`manage.py send_funding_reminders`); `send_funding_reminders` is its background task."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import ngettext
from django_tasks import task

from cultiva.accounts.models import User
from cultiva.accounts.notifications import notification_mail_send, people_wanting
from cultiva.core.activity import activity_record
from cultiva.core.i18n import localize
from cultiva.core.site import absolute_url
from cultiva.funding.application_workflow import BEFORE_SUBMISSION
from cultiva.funding.models import Application, CallDeadline, DeadlineReminder

logger = logging.getLogger(__name__)

KIND = "funding_deadlines"
DAYS_BEFORE = (14, 3, 1)


def reminder_due(*, due_at: dt.datetime, now: dt.datetime) -> int | None:
    """Which reminder (days before) is due now for a deadline: the nearest one whose day has
    come, or None (too early, or the deadline has passed)."""
    left = due_at - now
    if left <= dt.timedelta(0):
        return None
    due = [days for days in DAYS_BEFORE if left <= dt.timedelta(days=days)]
    return min(due) if due else None


def _claim(application: Application, deadline: CallDeadline, days: int) -> bool:
    """Record the reminder before it goes out: a second run (or a parallel one) finds it."""
    if DeadlineReminder.objects.filter(
        application=application, deadline=deadline, days_before=days
    ).exists():
        return False
    try:
        with transaction.atomic():
            DeadlineReminder.objects.create(
                application=application, deadline=deadline, days_before=days
            )
    except IntegrityError:
        return False
    return True


def _email(application: Application, deadline: CallDeadline, days: int, person) -> tuple[str, str]:
    documents = list(application.documents.all())
    required = [d for d in documents if d.required]
    context = {
        "days_before": days,
        "call": str(application.call),
        "organisation": str(application.organisation),
        "project": f"{application.project.code} {localize(application.project.title)}",
        "due_at": formats.date_format(timezone.localtime(deadline.due_at), "DATETIME_FORMAT"),
        "stage": localize(deadline.stage),
        "status": application.get_status_display(),
        "documents_ready": sum(1 for d in required if d.ready),
        "documents_required": len(required),
        "url": absolute_url(
            reverse(
                "funding:application_detail",
                args=[application.process.slug, application.pk],
            )
        ),
    }
    subject = ngettext(
        "Funding deadline in %(days)d day: %(call)s",
        "Funding deadline in %(days)d days: %(call)s",
        days,
    ) % {"days": days, "call": context["call"]}
    return subject, render_to_string("funding/application_reminder_email.txt", context)


def application_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Send the deadline reminders that are due; returns how many e-mails went out.

    Each (application, deadline, days before) is reminded once (DeadlineReminder), however
    often this runs; only applications still planned or in preparation are reminded."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=max(DAYS_BEFORE))
    deadlines = list(
        CallDeadline.objects.filter(
            due_at__gt=now,
            due_at__lte=horizon,
            call__applications__status__in=BEFORE_SUBMISSION,
        )
        .distinct()
        .order_by("due_at", "pk")
    )
    if not deadlines:
        return 0
    applications = (
        Application.objects.filter(
            call_id__in={d.call_id for d in deadlines}, status__in=BEFORE_SUBMISSION
        )
        .select_related("process", "project", "call", "organisation")
        .prefetch_related("documents")
    )
    by_call: dict[int, list[Application]] = {}
    for application in applications:
        by_call.setdefault(application.call_id, []).append(application)
    sent = 0
    for deadline in deadlines:
        days = reminder_due(due_at=deadline.due_at, now=now)
        if days is None:
            continue
        for application in by_call.get(deadline.call_id, []):
            if not _claim(application, deadline, days):
                continue
            people = people_wanting(
                User.objects.filter(memberships__organisation=application.organisation_id),
                KIND,
            ).distinct()
            count = 0
            for person in people:
                language = person.preferred_language or settings.LANGUAGE_CODE
                try:
                    with translation.override(language):
                        subject, body = _email(application, deadline, days, person)
                    if notification_mail_send(
                        person=person,
                        kind=KIND,
                        subject=subject,
                        body=body,
                        language=language,
                        check=False,
                    ):
                        count += 1
                except Exception:
                    logger.exception(
                        "Funding reminder for application %s to %s failed",
                        application.pk,
                        person.pk,
                    )
            activity_record(
                actor=None,
                verb="application.reminder_sent",
                target=application,
                process=application.process,
                changes={"deadline": deadline.pk, "days_before": days, "count": count},
            )
            sent += count
    return sent


@task()
def send_funding_reminders() -> int:
    """The reminders that are due, sent by the background worker."""
    return application_reminders_send()
