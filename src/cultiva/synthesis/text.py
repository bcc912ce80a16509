"""Text pipeline for the synthesis: language, normalisation, stemmed words and theme keywords.

Plain functions, no database. Used before embedding (`normalise`, `detect_language`) and
for the labels of themes (`tokens`, `theme_keywords`).

Language detection uses py3langid restricted to a small set of languages, helped by the
letters only one of our languages has (ő ű are Hungarian, ș ț ă Romanian): short
contributions such as "Sala de sport" are otherwise easy to misread. A text is "other"
when it has (almost) no letters, or when it is long enough and clearly in another
language (German, French, ...).

Keywords are c-TF-IDF style: stems frequent in a theme's texts and rare in the other
themes, each shown as a surface word seen for that stem (`_shown_form`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from cultiva.core.text import fold

LANGUAGES = ("hu", "ro", "en")
OTHER = "other"
STEMMER_LANGUAGES = {"hu": "hungarian", "ro": "romanian", "en": "english"}

# py3langid decides among these; anything but hu/ro/en becomes "other" (when sure).
_DETECT_SET = ["hu", "ro", "en", "de", "fr", "it", "es"]
# Below this many letters a foreign-looking text is still taken as one of ours.
_OTHER_MIN_LETTERS = 20
_OTHER_MIN_PROBABILITY = 0.9
_HU_ONLY = frozenset("őűŐŰ")
_RO_ONLY = frozenset("șțşţăȘȚŞŢĂ")

_DATA = Path(__file__).resolve().parent / "data"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_SPACES = re.compile(r"\s+")
MIN_WORD = 3
# Theme labels: in one language, its first LABEL_WORDS keywords; when both Hungarian and
# Romanian members make up at least LABEL_LANGUAGE_SHARE of a theme, LABEL_WORDS_EACH words
# of each, from that language's members: "könyvtár, olvasóklub / bibliotecă, cărți".
LABEL_WORDS = 3
LABEL_WORDS_EACH = 2
LABEL_LANGUAGE_SHARE = 0.2
LABEL_LANGUAGES = ("hu", "ro")
# A shorter form is shown instead of a stem's most frequent one when it is seen at least this
# share as often (see _shown_form).
BASE_FORM_SHARE = 0.34


_CEDILLA = {"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}
_CEDILLA_CHARS = re.compile("[şţŞŢ]")


def normalise(text: str | None) -> str:
    """NFC, control and format characters removed, whitespace collapsed, trimmed."""
    text = unicodedata.normalize("NFC", text or "")
    # Cedilla forms of ș/ț are common in Romanian typed on old keyboards: use the comma forms.
    if _CEDILLA_CHARS.search(text):
        text = _CEDILLA_CHARS.sub(lambda match: _CEDILLA[match.group()], text)
    if text.isprintable():
        # Nothing to drop (no control, format, private or unassigned character) and the only
        # whitespace is the plain space: the common case, without a loop over the characters.
        if "  " in text:
            text = _SPACES.sub(" ", text)
        return text.strip()
    cleaned = []
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n\r" or category == "Zs":
            cleaned.append(" ")
        elif category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            cleaned.append(char)
    return _SPACES.sub(" ", "".join(cleaned)).strip()


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(_DETECT_SET)
    return identifier


def detect_language(text: str | None, *, normalised: bool = False) -> str:
    """ "hu", "ro", "en" or "other" for a contribution's text.

    `normalised=True`: the text already went through `normalise` (not done again).
    """
    if not normalised:
        text = normalise(text)
    text = text or ""
    letters = sum(1 for char in text if char.isalpha())
    if letters < 2:
        return OTHER
    chars = set(text)
    hungarian, romanian = bool(chars & _HU_ONLY), bool(chars & _RO_ONLY)
    if hungarian != romanian:
        return "hu" if hungarian else "ro"
    ranking = _identifier().rank(text)
    best, probability = ranking[0]
    if best in LANGUAGES:
        return best
    if letters >= _OTHER_MIN_LETTERS and probability >= _OTHER_MIN_PROBABILITY:
        return OTHER
    # Short and unsure: the most likely of our languages.
    return next(language for language, _ in ranking if language in LANGUAGES)


def _word_list(name: str) -> frozenset[str]:
    """A word list of data/ (one word per line, # comments), casefolded, with the
    diacritic-folded forms too; empty when there is no such file."""
    path = _DATA / name
    if not path.exists():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip().casefold()
        if word and not word.startswith("#"):
            words.add(word)
            words.add(fold(word))
    return frozenset(words)


@lru_cache(maxsize=4)
def stop_words(language: str) -> frozenset[str]:
    """The stop words of a language (data/stopwords_*.txt); they shape the embeddings too."""
    return _word_list(f"stopwords_{language}.txt")


@lru_cache(maxsize=8)
def keyword_stop_words(language: str) -> frozenset[str]:
    """The words a theme keyword or label never is: the stop words of the language and its
    label-only list (data/label_stopwords_*.txt: adverbs and pronouns such as "alapján" or
    "există" that the embeddings' stop words leave in)."""
    return stop_words(language) | _word_list(f"label_stopwords_{language}.txt")


@lru_cache(maxsize=4)
def _all_stop_words() -> frozenset[str]:
    return frozenset().union(*(stop_words(language) for language in LANGUAGES))


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMER_LANGUAGES[language])


@lru_cache(maxsize=100_000)
def stem(word: str, language: str) -> str:
    """The Snowball stem of a casefolded word, diacritics folded afterwards."""
    if language not in STEMMER_LANGUAGES:
        return fold(word)
    stemmed = fold(_stemmer(language).stemWord(word))
    # Stemmers sometimes cut too deep ("muzeul" → "muz"): keep a few letters.
    return stemmed if len(stemmed) >= MIN_WORD else fold(word)[:MIN_WORD]


def words(text: str | None) -> list[str]:
    """The words of a text, casefolded, diacritics kept; numbers and punctuation dropped."""
    return _WORD.findall(normalise(text).casefold())


def _content_words(text: str, language: str) -> list[str]:
    stops = stop_words(language) if language in LANGUAGES else _all_stop_words()
    return [
        word
        for word in words(text)
        if len(word) >= MIN_WORD and word not in stops and fold(word) not in stops
    ]


def tokens(text: str | None, language: str) -> list[str]:
    """Stemmed, folded content words; stop words of the language removed.

    For "other" (or an unknown language) the words are folded but not stemmed, and the
    stop words of all three languages are removed.
    """
    return [stem(word, language) for word in _content_words(text or "", language)]


class KeywordIndex:
    """The stems of many texts, computed once, for the keywords of several groups of them.

    `theme_keywords` for each of 20 themes over 20,000 texts would otherwise detect the
    language and stem every text 20 times. Each text is normalised once (not at all with
    `normalised=True`: the caller did it); its language is
    taken from `languages` when given (e.g. the one stored with its embedding; empty or None
    means unknown) and detected otherwise; each distinct word is checked against the stop
    words and stemmed once per language.
    """

    def __init__(
        self,
        texts: list[str],
        languages: list[str | None] | None = None,
        *,
        normalised: bool = False,
    ):
        if languages is not None and len(languages) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(languages)} languages")
        self.forms: dict[str, Counter] = defaultdict(Counter)
        self.documents: list[frozenset[str]] = []
        self.languages: list[str] = []
        self._by_language: dict[str, tuple[int, Counter]] = {}
        # language → word → its stem, or None for a stop word or a word too short.
        stems_of: dict[str, dict[str, str | None]] = {}
        for position, raw in enumerate(texts):
            text = (raw or "") if normalised else normalise(raw)
            language = languages[position] if languages is not None else None
            if not language:
                language = detect_language(text, normalised=True)
            self.languages.append(language)
            known = stems_of.get(language)
            if known is None:
                known = stems_of[language] = {}
            stops = None
            stems = set()
            for word in _WORD.findall(text.casefold()):
                if word in known:
                    stemmed = known[word]
                else:
                    if stops is None:
                        stops = (
                            keyword_stop_words(language)
                            if language in LANGUAGES
                            else _all_stop_words()
                        )
                    content = len(word) >= MIN_WORD and word not in stops
                    stemmed = known[word] = (
                        stem(word, language) if content and fold(word) not in stops else None
                    )
                if stemmed is None:
                    continue
                self.forms[stemmed][word] += 1
                stems.add(stemmed)
            self.documents.append(frozenset(stems))
        self.document_frequency = Counter(s for document in self.documents for s in document)

    def keywords(
        self, members: list[int], top: int = 5, *, language: str | None = None
    ) -> list[str]:
        """Keywords of the texts at these positions against all the other texts, or only
        against the other texts in `language` (the members being in it too)."""
        member_set = set(members)
        if not member_set or top <= 0:
            return []
        member_df = Counter(s for index in member_set for s in self.documents[index])
        if language is None:
            population, frequency = len(self.documents), self.document_frequency
        else:
            population, frequency = self._language_frequency(language)
        others = population - len(member_set)
        other_df = {s: frequency[s] - count for s, count in member_df.items()}
        return _rank(member_df, other_df, len(member_set), others, self.forms, top)

    def _language_frequency(self, language: str) -> tuple[int, Counter]:
        """(texts in the language, document frequency of each stem among them), cached."""
        cached = self._by_language.get(language)
        if cached is None:
            rows = [
                document
                for document, known in zip(self.documents, self.languages, strict=True)
                if known == language
            ]
            cached = self._by_language[language] = (
                len(rows),
                Counter(s for document in rows for s in document),
            )
        return cached

    def label(self, members: list[int]) -> str:
        """A short name for the texts at these positions, from their keywords; in both
        official languages when both are well represented among them (see LABEL_WORDS)."""
        by_language: dict[str, list[int]] = {}
        for index in members:
            by_language.setdefault(self.languages[index], []).append(index)
        shared = [
            language
            for language in LABEL_LANGUAGES
            if len(by_language.get(language, ())) >= max(2, LABEL_LANGUAGE_SHARE * len(members))
        ]
        if len(shared) == len(LABEL_LANGUAGES):
            shared.sort(key=lambda language: -len(by_language[language]))
            parts = [
                self.keywords(by_language[lang], top=LABEL_WORDS_EACH, language=lang)
                for lang in shared
            ]
            if all(parts):
                return " / ".join(", ".join(part) for part in parts)
        return ", ".join(self.keywords(members, top=LABEL_WORDS))


def _rank(member_df, other_df, members, others, forms, top) -> list[str]:
    """c-TF-IDF style ranking; see theme_keywords."""
    total = members + others
    minimum = 2 if members >= 4 else 1
    scored = []
    for stemmed, count in member_df.items():
        if count < minimum:
            continue
        member_share = count / members
        other_count = other_df.get(stemmed, 0)
        other_share = other_count / others if others else 0.0
        if member_share <= other_share:
            continue
        score = member_share * math.log(1 + total / (count + other_count))
        scored.append((-score, stemmed))
    scored.sort()
    keywords: list[str] = []
    for _, stemmed in scored:
        word = _shown_form(forms[stemmed])
        if word not in keywords:
            keywords.append(word)
        if len(keywords) == top:
            break
    return keywords


def _shown_form(forms: Counter) -> str:
    """Which surface form of a stem to show.

    The most frequent form (ties: the shortest, then alphabetical), unless a shorter form that
    it starts with is common too: "könyvtár" rather than "könyvtárak", "tineri" rather than
    "tinerii", but not "rég" for "régi" when "rég" is rare (it is another word).
    """
    top, top_count = min(forms.items(), key=lambda item: (-item[1], len(item[0]), item[0]))
    shorter = [
        word
        for word, count in forms.items()
        if len(word) < len(top) and top.startswith(word) and count >= BASE_FORM_SHARE * top_count
    ]
    return min(shorter, key=lambda word: (len(word), word)) if shorter else top


def theme_keywords(member_texts: list[str], other_texts: list[str], top: int = 5) -> list[str]:
    """Readable words that set the members apart from the other texts (c-TF-IDF style).

    Score of a stem: the share of member texts containing it, times the log of how much
    rarer it is overall (`log(1 + all texts / texts containing it)`); stems that are no more
    common among the members than elsewhere are left out, and when there are enough
    members a stem must appear in at least two of them. Each stem is shown as its shortest
    surface word (the most frequent, or a common shorter form it starts with: `_shown_form`).
    """
    if not member_texts or top <= 0:
        return []
    index = KeywordIndex(list(member_texts) + list(other_texts))
    return index.keywords(list(range(len(member_texts))), top=top)
