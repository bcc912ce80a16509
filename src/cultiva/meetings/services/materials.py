"""Writes of materials (slides, documents, links). One transaction each, each audited."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record
from cultiva.meetings import rules, search, uploads
from cultiva.meetings.models import Material, Meeting, Speaker

TOPIC_VOCABULARIES = ("domain", "expertise")


def _stored_name(extension: str) -> str:
    """A name nobody can guess: participants-only files must not be found by their URL."""
    return f"{secrets.token_urlsafe(16)}{extension}"


@transaction.atomic
def material_create(
    *,
    actor,
    meeting: Meeting,
    title: str,
    language: str,
    licence: str,
    visibility: str = Material.Visibility.PUBLIC,
    description: str = "",
    topics: Iterable = (),
    speaker: Speaker | None = None,
    file=None,
    url: str = "",
) -> Material:
    """Add a file or a link to a meeting. Files are checked by content (see uploads.py)."""
    rules.can_add_material(actor, meeting).enforce()
    url = (url or "").strip()
    if bool(file) == bool(url):
        raise ValidationError(
            _("Upload a file or give a link, one of the two."), code="file_or_url"
        )
    if speaker is not None and not meeting.speakers.filter(pk=speaker.pk).exists():
        raise ValidationError(_("Choose one of the meeting's speakers."), code="speaker")
    topics = list(topics)
    if any(term.vocabulary not in TOPIC_VOCABULARIES for term in topics):
        raise ValidationError(_("Choose topics from the list."), code="topics")

    material = Material(
        process=meeting.process,
        meeting=meeting,
        speaker=speaker,
        title=title.strip(),
        description=(description or "").strip(),
        language=language,
        licence=licence,
        visibility=visibility,
        url=url,
        uploaded_by=actor,
    )
    file_text = ""
    if file:
        checked = uploads.check_upload(file, max_bytes=settings.MATERIAL_MAX_BYTES)
        file_text = uploads.extract_text(file, checked.kind)
        material.content_type = checked.content_type
        material.size = checked.size
        file.seek(0)
        material.file.save(_stored_name(checked.extension), file, save=False)
    material.search_document = search.build_search_document(
        material.title, material.description, file_text, language=language
    )
    try:
        material.save()
        material.topics.set(topics)
        activity_record(
            actor=actor,
            verb="material.added",
            target=material,
            process=meeting.process,
            changes={
                "meeting": meeting.pk,
                "kind": "file" if file else "link",
                "visibility": visibility,
                "size": material.size,
            },
        )
    except Exception:
        # Nothing is kept when the row cannot be written: remove the stored file too.
        if material.file:
            material.file.storage.delete(material.file.name)
        raise
    return material


@transaction.atomic
def material_delete(*, actor, material: Material) -> None:
    """Remove a material; its file is deleted from storage once the removal is committed."""
    rules.can_delete_material(actor, material).enforce()
    activity_record(
        actor=actor,
        verb="material.deleted",
        target=material,
        process=material.process,
        changes={
            "title": material.title,
            "meeting": material.meeting_id,
            "file": material.file.name or "",
            "url": material.url,
        },
    )
    name = material.file.name
    storage = material.file.storage
    material.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
