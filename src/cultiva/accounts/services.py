"""Writes about people: their profile, and the erasure of their personal data."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from cultiva.accounts import data_rights
from cultiva.accounts.models import NotificationPreference, User
from cultiva.accounts.notifications import KINDS, preferences_of
from cultiva.core.activity import activity_record


def person_update_profile(
    *,
    person: User,
    full_name: str,
    preferred_language: str,
    reads_languages: list[str] | None = None,
) -> User:
    """The person's own display name and languages (the log names the fields, not the values)."""
    values = {"full_name": full_name, "preferred_language": preferred_language}
    if reads_languages is not None:
        values["reads_languages"] = list(reads_languages)
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    if not changed:
        return person
    with transaction.atomic():
        for name in changed:
            setattr(person, name, values[name])
        person.save(update_fields=changed)
        activity_record(
            actor=person, verb="person.profile_updated", target=person, changes={"fields": changed}
        )
    return person


def notification_preferences_set(
    *, person: User, choices: dict[str, bool], via: str = "profile"
) -> list[str]:
    """Store the person's choice per kind of e-mail; returns the kinds that changed.

    `via` says where the choice was made ("profile", or "link" for the one-click unsubscribe
    link of an e-mail), for the log.
    """
    unknown = set(choices) - set(KINDS)
    if unknown:
        raise ValueError(f"Unknown kinds of notification e-mail: {sorted(unknown)}")
    with transaction.atomic():
        current = preferences_of(person)
        changed = [kind for kind, wanted in choices.items() if current[kind] != bool(wanted)]
        for kind in changed:
            NotificationPreference.objects.update_or_create(
                user=person, kind=kind, defaults={"email": bool(choices[kind])}
            )
        if changed:
            activity_record(
                actor=person,
                verb="person.notifications_updated",
                target=person,
                changes={
                    "on": [kind for kind in changed if choices[kind]],
                    "off": [kind for kind in changed if not choices[kind]],
                    "via": via,
                },
            )
    return changed


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
