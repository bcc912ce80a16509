"""An extractive summary of a theme for the project it becomes: the opening sentences of its
most representative contributions (those closest to the theme's centre, in the order
synthesis ranks them), trimmed. Plain data in, plain data out: no ORM here.

Each contribution speaks its own language, so the summary is a {language: text} dict, one
text per language the chosen contributions are written in; the facilitator edits it (and
fills in the other languages) before the project is saved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# A sentence ends at . ! ? or … followed by space and a capital letter, a digit or an
# opening quote ("2026. október 10." and "pl. a" do not end one: lower case follows).
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"„«(\d]|[^\W\d_])")
_SPACES = re.compile(r"\s+")
ELLIPSIS = "…"


@dataclass(frozen=True)
class SummarySource:
    """A representative contribution: its title, its text and the language it is in."""

    title: str
    body: str
    language: str


def _sentences(text: str) -> list[str]:
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return []
    parts = _SENTENCE_END.split(text)
    sentences = []
    for part in parts:
        # The look-ahead lets a lower-case letter through; such a split is no sentence end.
        if sentences and part[:1].islower():
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return sentences


def _trim(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rstrip()
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:–-") + ELLIPSIS


def opening(source: SummarySource, *, sentences: int = 2, limit: int = 280) -> str:
    """The first sentences of a contribution (its title when it has no text), trimmed."""
    found = _sentences(source.body)
    if not found:
        return _trim(_SPACES.sub(" ", source.title).strip(), limit)
    text = found[0]
    for sentence in found[1:sentences]:
        if len(text) + 1 + len(sentence) > limit:
            break
        text = f"{text} {sentence}"
    return _trim(text, limit)


def theme_summary(
    sources: Sequence[SummarySource],
    *,
    items: int = 3,
    sentences: int = 2,
    limit: int = 280,
) -> dict[str, str]:
    """The openings of the first `items` sources (most representative first), one paragraph
    each, grouped by language. A repeated opening (duplicates say the same) is left out."""
    summary: dict[str, list[str]] = {}
    seen: set[str] = set()
    for source in sources:
        if sum(len(texts) for texts in summary.values()) >= items:
            break
        text = opening(source, sentences=sentences, limit=limit)
        key = text.casefold()
        if not text or key in seen:
            continue
        seen.add(key)
        summary.setdefault(source.language, []).append(text)
    return {language: "\n\n".join(texts) for language, texts in summary.items()}
