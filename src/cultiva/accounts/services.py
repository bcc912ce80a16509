"""Writes about people: their profile, and the erasure of their personal data."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from cultiva.accounts import data_rights
from cultiva.accounts.models import User
from cultiva.core.activity import activity_record


def person_update_profile(*, person: User, full_name: str, preferred_language: str) -> User:
    """The person's own display name and language (the log names the fields, not the values)."""
    changed = [
        name
        for name, value in (("full_name", full_name), ("preferred_language", preferred_language))
        if getattr(person, name) != value
    ]
    if not changed:
        return person
    with transaction.atomic():
        person.full_name = full_name
        person.preferred_language = preferred_language
        person.save(update_fields=changed)
        activity_record(
            actor=person, verb="person.profile_updated", target=person, changes={"fields": changed}
        )
    return person


@dataclass
class ErasureReport:
    person_id: int
    counts: dict[str, int] = field(default_factory=dict)


def person_erase(*, person: User, actor: User, reason: str = "", process=None) -> ErasureReport:
    """Erase a person's personal data (GDPR art. 17), keeping the community's record and counts.

    Every registered source erases or anonymises its rows; then the account itself loses its
    name, address and password and can no longer log in. The row stays, so contributions,
    comments, wall cards, votes, registrations and certificates keep their place, attributed
    to "former participant". The log keeps the event; the actor, if it was the person, is the
    erased account (so shown pseudonymised).
    """
    if person.erased_at:
        return ErasureReport(person_id=person.pk)
    report = ErasureReport(person_id=person.pk)
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        for source in data_rights.sources():
            if source.erase is not None:
                report.counts[source.key] = source.erase(person)
        person.email = f"erased-{uuid.uuid4().hex}@erased.invalid"
        person.full_name = ""
        person.preferred_language = ""
        person.is_active = False
        person.is_staff = False
        person.is_superuser = False
        person.set_unusable_password()
        person.erased_at = timezone.now()
        person.save()
        person.groups.clear()
        person.user_permissions.clear()
        by_self = actor.pk == person.pk
        activity_record(
            actor=person if by_self else actor,
            verb="person.erased",
            target=person,
            process=process,
            changes={
                "on_request_of": "self" if by_self else "coordinator",
                "reason": reason[:500],
                "counts": report.counts,
            },
        )
    return report
