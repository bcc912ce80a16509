"""Text search that understands Hungarian and Romanian word forms and diacritics.

Plain functions, no database: fold text (casefold, strip diacritics such as ő ű ș ț ă â î),
split it into words, stem the words with the Snowball stemmers, and build the
`search_document` of a material. The library's selector matches query words against that
document on SQLite; on PostgreSQL the same document feeds the language-aware full-text
search (configurations `cultiva_hu` / `cultiva_ro` with `unaccent`, migration 0002).

Stemmers disagree about some forms (Romanian: "muzeu" → "muzeu" but "muzeele" → "muze"),
so each query word is matched as a *prefix*: its stems in every search language, and each
stem shortened by one letter, never shorter than four letters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from cultiva.core.text import fold

# The stemmer for each content language.
STEMMER_LANGUAGES = {"hu": "hungarian", "ro": "romanian", "en": "english"}
# Query words are stemmed in each of these: the reader's language is unknown.
QUERY_LANGUAGES = ("hu", "ro", "en")
# PostgreSQL text-search configuration per material language (see migration 0002).
PG_CONFIGS = {"hu": "cultiva_hu", "ro": "cultiva_ro", "en": "english"}
PG_DEFAULT_CONFIG = "cultiva_hu"

MIN_PREFIX = 4
MAX_DOCUMENT_CHARS = 200_000
MAX_QUERY_WORDS = 8

_WORD = re.compile(r"\w+", re.UNICODE)


def tokenize(text: str) -> list[str]:
    """The words of a text, casefolded, diacritics kept (stemmers need them); no underscores."""
    text = unicodedata.normalize("NFC", (text or "").casefold())
    words = []
    for match in _WORD.finditer(text):
        for word in match.group().split("_"):
            if word:
                words.append(word)
    return words


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMER_LANGUAGES[language])


@lru_cache(maxsize=50_000)
def stem(word: str, language: str) -> str:
    """The Snowball stem of a casefolded word, diacritics folded afterwards.

    Cached: the same words recur across thousands of rows when whole imports are indexed.
    """
    if language not in STEMMER_LANGUAGES or word.isdigit():
        return fold(word)
    return fold(_stemmer(language).stemWord(word))


def document_words(text: str, language: str) -> list[str]:
    """Each word folded, followed by its stem when that differs; duplicates dropped."""
    seen: dict[str, None] = {}
    for word in tokenize(text):
        seen.setdefault(fold(word))
        seen.setdefault(stem(word, language))
    return list(seen)


def build_search_document(*parts: str, language: str) -> str:
    """The `search_document` of a material: title, description and file text, normalised.

    Words are separated by single spaces, with a space at both ends, so that a query word
    can be matched as a word prefix by looking for " <prefix>".
    """
    words = document_words(" ".join(part for part in parts if part), language)
    document = " ".join(words)
    if len(document) > MAX_DOCUMENT_CHARS:
        document = document[:MAX_DOCUMENT_CHARS].rsplit(" ", 1)[0]
    return f" {document} " if document else ""


def _prefixes_for(word: str) -> set[str]:
    folded = fold(word)
    if len(folded) <= MIN_PREFIX:
        return {folded}
    candidates = {folded}
    for language in QUERY_LANGUAGES:
        stemmed = stem(word, language)
        if len(stemmed) < MIN_PREFIX:
            # The stemmer cut too deep ("muzeul" → "muz"): keep the word's first letters.
            stemmed = folded[:MIN_PREFIX]
        candidates.add(stemmed)
        if len(stemmed) > MIN_PREFIX:
            candidates.add(stemmed[:-1])
    # Keep only the shortest: a word matching a longer prefix also matches a shorter one.
    return {c for c in candidates if not any(o != c and c.startswith(o) for o in candidates)}


def query_prefixes(query: str) -> list[list[str]]:
    """For each query word, the word prefixes any of which makes the word match.

    A material matches a query when every word matches (AND), each through any of its
    prefixes (OR).
    """
    groups: list[list[str]] = []
    seen: set[str] = set()
    for word in tokenize(query):
        folded = fold(word)
        if folded in seen:
            continue
        seen.add(folded)
        groups.append(sorted(_prefixes_for(word)))
        if len(groups) == MAX_QUERY_WORDS:
            break
    return groups


def tsquery_prefix_expression(groups: list[list[str]]) -> str:
    """A raw PostgreSQL tsquery for the prefix groups: (a:* | b:*) & (c:*)."""
    safe = re.compile(r"^[0-9a-z]+$")
    parts = []
    for group in groups:
        terms = [f"{prefix}:*" for prefix in group if safe.match(prefix)]
        if terms:
            parts.append("(" + " | ".join(terms) + ")")
    return " & ".join(parts)
