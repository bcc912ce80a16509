"""Announcements: a coordinator or facilitator writes to the people of a process, of a role,
or of a meeting; each recipient gets it once, in their own language.

`announcement_send` fixes the recipients (one `AnnouncementDelivery` each, the language
chosen per person) in the same transaction that records the announcement and queues the
delivery task. `announcement_deliver` (run by the task worker) claims each delivery before
its e-mail goes out, so a retried or doubled task never sends anyone the same announcement
twice; a person who turns announcements off before their e-mail goes out is skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cultiva.accounts.notifications import notification_mail_send, wants
from cultiva.core.activity import activity_record
from cultiva.core.i18n import fallback_order, localize
from cultiva.meetings.models import Announcement, AnnouncementDelivery, Meeting
from cultiva.meetings.selectors.announcements import announcement_recipients
from cultiva.processes.models import ProcessRole

logger = logging.getLogger(__name__)
Audience = Announcement.Audience

SUBJECT_MAX = 200
BODY_MAX = 10_000


def announcement_language(*, person, written_in: list[str]) -> str:
    """The language this person reads the announcement in: their preferred one, then the
    others they read, then the site's fallback order; always one it is written in."""
    for code in [*person.reading_languages(), *fallback_order(settings.LANGUAGE_CODE)]:
        if code in written_in:
            return code
    return written_in[0]


def _texts(value: Mapping[str, str] | None) -> dict[str, str]:
    known = [code for code, _name in settings.LANGUAGES]
    return {
        code: value[code].strip() for code in known if value and (value.get(code) or "").strip()
    }


def announcement_send(
    *,
    process,
    actor,
    audience: str,
    subject: Mapping[str, str],
    body: Mapping[str, str],
    role: str = "",
    meeting: Meeting | None = None,
) -> Announcement:
    """Record the announcement, fix its recipients and queue its e-mails (one transaction)."""
    subject, body = _texts(subject), _texts(body)
    if audience not in Audience.values:
        raise ValidationError(_("Choose who the announcement is for."))
    if audience == Audience.ROLE and role not in ProcessRole.Role.values:
        raise ValidationError(_("Choose a role."))
    if audience in Announcement.MEETING_AUDIENCES:
        if meeting is None or meeting.process_id != process.pk:
            raise ValidationError(_("Choose a meeting of this process."))
    else:
        meeting = None
    if audience != Audience.ROLE:
        role = ""
    written_in = [code for code in subject if code in body]
    if not written_in or set(subject) != set(body):
        raise ValidationError(
            _("Write the subject and the message together, in at least one language.")
        )
    if any(len(text) > SUBJECT_MAX for text in subject.values()) or any(
        len(text) > BODY_MAX for text in body.values()
    ):
        raise ValidationError(_("The subject or the message is too long."))
    from cultiva.meetings.tasks import deliver_announcement

    with transaction.atomic():
        announcement = Announcement.objects.create(
            process=process,
            audience=audience,
            role=role,
            meeting=meeting,
            subject=subject,
            body=body,
            sent_by=actor,
        )
        people = announcement_recipients(
            process=process, audience=audience, role=role, meeting=meeting
        )
        deliveries = [
            AnnouncementDelivery(
                announcement=announcement,
                person=person,
                language=announcement_language(person=person, written_in=written_in),
            )
            for person in people.only("pk", "preferred_language", "reads_languages")
        ]
        AnnouncementDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        announcement.recipients_count = len(deliveries)
        announcement.save(update_fields=["recipients_count"])
        activity_record(
            actor=actor,
            verb="announcement.sent",
            target=announcement,
            process=process,
            changes={
                "audience": audience,
                "role": role,
                "meeting": meeting.pk if meeting else None,
                "languages": written_in,
                "recipients": len(deliveries),
            },
        )
        deliver_announcement.enqueue(announcement.pk)
    return announcement


def _render(announcement: Announcement, delivery: AnnouncementDelivery) -> tuple[str, str]:
    language = delivery.language or next(iter(announcement.subject), settings.LANGUAGE_CODE)
    site = settings.SITE_URL.rstrip("/")
    context = {
        "person": delivery.person,
        "announcement": announcement,
        "subject": announcement.subject.get(language) or "",
        "body": announcement.body.get(language) or "",
        "sender": announcement.sent_by.public_name if announcement.sent_by else "",
        "process_title": localize(announcement.process.title, language),
        "process_url": site + reverse("processes:detail", args=[announcement.process.slug]),
    }
    with translation.override(language):
        body = render_to_string("meetings/announcements/email.txt", context)
    return context["subject"], body


def announcement_deliver(*, announcement: Announcement) -> int:
    """Send the announcement's e-mails not sent yet; returns how many went out now."""
    pending = announcement.deliveries.filter(
        sent_at__isnull=True, skipped_at__isnull=True
    ).select_related("person")
    sent = 0
    for delivery in pending:
        now = timezone.now()
        claimed = AnnouncementDelivery.objects.filter(
            pk=delivery.pk, sent_at__isnull=True, skipped_at__isnull=True
        ).update(sent_at=now)
        if not claimed:
            continue  # another run of the task has it
        person = delivery.person
        if not wants(person, "announcements"):
            AnnouncementDelivery.objects.filter(pk=delivery.pk).update(sent_at=None, skipped_at=now)
            continue
        try:
            subject, body = _render(announcement, delivery)
            notification_mail_send(
                person=person,
                kind="announcements",
                subject=subject,
                body=body,
                language=delivery.language,
                check=False,
            )
        except Exception:
            # Give it back to the next run rather than lose it.
            logger.exception("Announcement %s to person %s failed", announcement.pk, person.pk)
            AnnouncementDelivery.objects.filter(pk=delivery.pk).update(sent_at=None)
            continue
        sent += 1
    if sent:
        activity_record(
            actor=None,
            verb="announcement.delivered",
            target=announcement,
            process=announcement.process,
            changes={"sent": sent},
        )
    return sent
