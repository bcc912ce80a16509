"""Alphabetical order as Hungarian and Romanian readers expect it, without ICU.

Python's default order puts every accented letter after z ("Zetelaka" before "Ábrahámfalva"),
and `locale.strxfrm` depends on locales the server may not have. These keys follow the
alphabets themselves:

- Hungarian: cs, dz, dzs, gy, ly, ny, sz, ty, zs are letters of their own (c < cs < d,
  s < sz < t); ö/ő come after o/ó and ü/ű after u/ú; a long vowel sorts with its short one
  (á with a, é with e …) and after it only when the words are otherwise equal.
- Romanian: ă and â follow a, î follows i, ș follows s, ț follows t (the cedilla forms ş ţ
  count as ș ț).
- Any other language: letters without their accents.

Plain functions on strings, no ORM: unit-tested in tests/core/test_collation.py.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils import translation

T = TypeVar("T")

HUNGARIAN_LETTERS = [
    "a",
    "b",
    "c",
    "cs",
    "d",
    "dz",
    "dzs",
    "e",
    "f",
    "g",
    "gy",
    "h",
    "i",
    "j",
    "k",
    "l",
    "ly",
    "m",
    "n",
    "ny",
    "o",
    "ö",
    "p",
    "q",
    "r",
    "s",
    "sz",
    "t",
    "ty",
    "u",
    "ü",
    "v",
    "w",
    "x",
    "y",
    "z",
    "zs",
]
# A long vowel is its short one at the first level, and comes after it at the second.
HUNGARIAN_LONG_VOWELS = {"á": "a", "é": "e", "í": "i", "ó": "o", "ő": "ö", "ú": "u", "ű": "ü"}

ROMANIAN_LETTERS = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "î",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "ș",
    "t",
    "ț",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
]
ROMANIAN_CEDILLA = str.maketrans({"ş": "ș", "ţ": "ț"})

_HUNGARIAN_RANK = {letter: rank for rank, letter in enumerate(HUNGARIAN_LETTERS, start=1)}
_ROMANIAN_RANK = {letter: rank for rank, letter in enumerate(ROMANIAN_LETTERS, start=1)}
# Characters outside the alphabet (space, hyphen, digits) sort before every letter, by code.
_OTHER = 0


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def hungarian_key(text: str) -> tuple:
    text = unicodedata.normalize("NFC", text.casefold())
    primary: list[tuple[int, int]] = []
    secondary: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        long_vowel = char in HUNGARIAN_LONG_VOWELS
        char = HUNGARIAN_LONG_VOWELS.get(char, char)
        letter = char
        for size in (3, 2):  # the longest letter first: dzs before dz before d
            candidate = text[index : index + size]
            if candidate in _HUNGARIAN_RANK:
                letter = candidate
                break
        rank = _HUNGARIAN_RANK.get(letter)
        if rank is None:
            base = _strip_accents(char)
            rank = _HUNGARIAN_RANK.get(base)
        primary.append((rank, 0) if rank is not None else (_OTHER, ord(char)))
        secondary.append(1 if long_vowel else 0)
        index += len(letter)
    return (tuple(primary), tuple(secondary), text)


def romanian_key(text: str) -> tuple:
    text = unicodedata.normalize("NFC", text.casefold()).translate(ROMANIAN_CEDILLA)
    primary: list[tuple[int, int]] = []
    for char in text:
        rank = _ROMANIAN_RANK.get(char)
        if rank is None:
            rank = _ROMANIAN_RANK.get(_strip_accents(char))
        primary.append((rank, 0) if rank is not None else (_OTHER, ord(char)))
    return (tuple(primary), text)


def plain_key(text: str) -> tuple:
    folded = text.casefold()
    return (_strip_accents(folded), folded)


def collation_key(text: str, language: str | None = None) -> tuple:
    """A sort key for `text` in `language` (default: the active language)."""
    language = (language or translation.get_language() or "").split("-")[0]
    if language == "hu":
        return hungarian_key(text)
    if language == "ro":
        return romanian_key(text)
    return plain_key(text)


def sorted_by_name(
    items: Iterable[T], name: Callable[[T], str] = str, language: str | None = None
) -> list[T]:
    """`items` in the alphabetical order of `name(item)` in `language` (default: active)."""
    return sorted(items, key=lambda item: collation_key(name(item), language))
