"""Multilingual content: a dict of language code to text, with a clear fallback.

Content that appears in official documents (titles, descriptions, strategy text)
is held as {"hu": "...", "ro": "...", "en": "..."}. Reading it picks the active
language, then the site's default language, then the other content languages.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.db import models
from django.utils import translation


def fallback_order(language: str | None = None) -> list[str]:
    active = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    order = [active, settings.LANGUAGE_CODE, *settings.CONTENT_LANGUAGES]
    return list(dict.fromkeys(order))


def localize(value: Mapping[str, str] | str | None, language: str | None = None) -> str:
    """Return the best available text of a multilingual value."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    for code in fallback_order(language):
        text = value.get(code)
        if text:
            return text
    return next((text for text in value.values() if text), "")


def choice_labels(choices) -> dict:
    """value → label of a model's choices, translated once (for an export's thousands of
    rows, where `get_FOO_display` per cell cost seconds)."""
    return {value: str(label) for value, label in choices}


def official_languages() -> list[str]:
    """The languages public content should be read in (the territory's official ones)."""
    return [code for code in settings.OFFICIAL_LANGUAGES if code in settings.CONTENT_LANGUAGES]


def other_official_language(language: str) -> str:
    """The official language a text in `language` is translated into (the first other one)."""
    return next((code for code in official_languages() if code != language), "")


def missing_languages(value: Mapping[str, str] | None) -> list[str]:
    """The official languages a (non-empty) multilingual value has no text in."""
    if not value or isinstance(value, str) or not any(value.values()):
        return []
    return [code for code in official_languages() if not value.get(code)]


def version_in(
    value: Mapping[str, str] | None, language: str, original: str = ""
) -> tuple[str, str]:
    """(text, its language): the text in `language` when there is one, else the original's
    (`original` names its language), else any."""
    value = value or {}
    if isinstance(value, str):
        return value, original
    for code in (language, original, *fallback_order(language)):
        if code and value.get(code):
            return value[code], code
    return "", ""


def is_translated(value: Mapping[str, str] | None, language: str) -> bool:
    return bool(value and value.get(language))


class MultilingualField(models.JSONField):
    """A JSON object keyed by language code; see `localize` for reading."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)
