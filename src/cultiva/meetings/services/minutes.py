"""Writes of meeting minutes: every save is a numbered revision; publishing is audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record
from cultiva.meetings import rules
from cultiva.meetings.models import Meeting, Minutes, MinutesRevision

MAX_BODY_CHARS = 200_000


class MinutesConflict(Exception):  # noqa: N818 - reads better at the call site
    """Someone saved a newer revision since the editor opened the page."""

    def __init__(self, latest: int):
        super().__init__(latest)
        self.latest = latest


def latest_revision_number(minutes: Minutes | None) -> int:
    if minutes is None or minutes.pk is None:
        return 0
    return minutes.revisions.aggregate(latest=Max("number"))["latest"] or 0


@transaction.atomic
def minutes_save(
    *, meeting: Meeting, actor, body: str, base_revision: int | None = None
) -> MinutesRevision | None:
    """Save the minutes' text as a new revision. Returns None when nothing changed.

    `base_revision` is the revision the editor started from; when someone saved a newer
    one meanwhile, MinutesConflict is raised and nothing is written.
    """
    rules.can_edit_minutes(actor, meeting).enforce()
    body = (body or "").replace("\r\n", "\n").strip()
    if len(body) > MAX_BODY_CHARS:
        raise ValidationError(_("The minutes are too long."), code="too_long")
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    latest = latest_revision_number(minutes)
    if base_revision is not None and base_revision != latest:
        raise MinutesConflict(latest)
    if body == minutes.body:
        return None
    revision = MinutesRevision.objects.create(
        minutes=minutes, number=latest + 1, body=body, author=actor
    )
    minutes.body = body
    minutes.updated_by = actor
    minutes.save(update_fields=["body", "updated_by", "updated_at"])
    activity_record(
        actor=actor,
        verb="minutes.saved",
        target=minutes,
        process=meeting.process,
        changes={"revision": revision.number, "characters": len(body)},
    )
    return revision


@transaction.atomic
def minutes_set_published(*, meeting: Meeting, actor, publish: bool) -> Minutes:
    """Publish the minutes (everyone who can see the meeting reads them) or withdraw them."""
    rules.can_edit_minutes(actor, meeting).enforce()
    try:
        minutes = Minutes.objects.select_for_update().get(meeting=meeting)
    except Minutes.DoesNotExist:
        raise ValidationError(
            _("Write the minutes before publishing them."), code="empty"
        ) from None
    if publish and not minutes.body.strip():
        raise ValidationError(_("Write the minutes before publishing them."), code="empty")
    if minutes.is_published == publish:
        return minutes
    minutes.is_published = publish
    minutes.published_at = timezone.now() if publish else None
    minutes.save(update_fields=["is_published", "published_at", "updated_at"])
    activity_record(
        actor=actor,
        verb="minutes.published" if publish else "minutes.unpublished",
        target=minutes,
        process=meeting.process,
        changes={"is_published": [not publish, publish]},
    )
    return minutes
