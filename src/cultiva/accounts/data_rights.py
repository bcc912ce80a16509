"""Personal data rights (GDPR articles 15, 17, 20): what the platform holds about a person.

Each app knows its own personal data, so each registers a `PersonalData` source here (in its
AppConfig.ready): how to export a person's rows, how to erase or anonymise them, and whether
the person takes part in a process. `accounts` never imports the later apps; it only walks
this registry. Erasure keeps the community's record: what a person gave (contributions,
comments, wall cards, votes) stays, attributed to the erased account, which is then named
"former participant" everywhere (see `User.public_name`).
"""

from __future__ import annotations

import datetime
import decimal
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone

EXPORT_FORMAT = "cultiva-personal-data/1"


@dataclass(frozen=True)
class PersonalData:
    """One kind of personal data an app holds."""

    key: str  # "meetings.registrations": unique, stable (a key of the JSON export)
    label: Any  # a translatable heading for the readable export
    export: Callable[[Any], list[dict[str, Any]]]  # person -> rows
    erase: Callable[[Any], int] | None = None  # person -> rows erased or anonymised
    takes_part: Callable[[Any, Any], bool] | None = None  # (person, process) -> bool


_sources: dict[str, PersonalData] = {}


def register(source: PersonalData) -> None:
    _sources[source.key] = source


def sources() -> list[PersonalData]:
    return list(_sources.values())


def plain(value: Any) -> Any:
    """A JSON-safe value."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return value


def rows(queryset: QuerySet, fields: Iterable[str]) -> list[dict[str, Any]]:
    """The given fields of each row, JSON-safe (`fields` may follow relations: `meeting__title`)."""
    return [
        {key.replace("__", "."): plain(value) for key, value in row.items()}
        for row in queryset.values(*fields)
    ]


def identifying_words(person) -> list[str]:
    """The person's address and name, as they may appear in text others were given."""
    return [word for word in (person.email, person.full_name.strip()) if word]


def without_words(words: list[str]) -> Callable[[Any], Any]:
    """A function that takes the words out of a string, or of every string in a JSON value."""
    pattern = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in words), re.IGNORECASE)

    def scrub(value):
        if isinstance(value, str):
            return pattern.sub("", value)
        if isinstance(value, dict):
            return {key: scrub(item) for key, item in value.items()}
        if isinstance(value, list):
            return [scrub(item) for item in value]
        return value

    return scrub


def person_export(person) -> dict[str, Any]:
    """Everything the registered sources hold about the person, as one JSON-safe document."""
    sections = []
    for source in sources():
        data = source.export(person)
        sections.append({"key": source.key, "label": str(source.label), "rows": data})
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "person_id": person.pk,
        "sections": sections,
    }


def takes_part_in(person, process) -> bool:
    return any(
        source.takes_part(person, process) for source in sources() if source.takes_part is not None
    )
