"""Plain text helpers shared by search, imports and check-in lists."""

from __future__ import annotations

import unicodedata

# Letters that do not decompose into a base letter and a combining mark.
_SPECIAL = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i"})


def fold(text: str | None) -> str:
    """Casefold and strip diacritics: "Közművelődés, Ștefan" → "kozmuvelodes, stefan"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().translate(_SPECIAL))
    return "".join(char for char in decomposed if not unicodedata.combining(char))
