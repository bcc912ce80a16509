"""Language detection, normalisation, stemmed tokens and theme keywords (synthesis.text)."""

from __future__ import annotations

import pytest

from cultiva.synthesis import text
from cultiva.synthesis.embeddings import content_text


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Kellene egy új kulturális központ Csíkszeredában a fiataloknak", "hu"),
        ("Több néptánc-oktatás kell a falvakban", "hu"),
        ("Kultúrház felújítása", "hu"),
        ("Avem nevoie de un centru cultural nou pentru tineri", "ro"),
        ("Mai multe concerte in parc", "ro"),
        ("Sala de sport", "ro"),
        ("Biblioteca din sat", "ro"),
        ("More concerts in the park during the summer, please", "en"),
        ("Wir brauchen mehr Kultur und Konzerte in unserer Stadt", "other"),
        ("", "other"),
        ("12345 !!!", "other"),
    ],
)
def test_detect_language(sentence, language):
    assert text.detect_language(sentence) == language


def test_letters_only_one_language_has_decide_short_texts():
    assert text.detect_language("Ő is") == "hu"
    assert text.detect_language("Școală") == "ro"
    # The old cedilla forms count as Romanian too.
    assert text.detect_language("Şcoală nouă") == "ro"


def test_normalise_collapses_space_and_removes_control_characters():
    decomposed = "Ko\u0308zmu\u030bvelo\u030bde\u0301s"  # ö ű ő é as combining marks
    assert text.normalise(f"  {decomposed}\t\n\x00 a\u200bb\u00a0 c  ") == "Közművelődés ab c"
    assert text.normalise(None) == ""
    assert text.normalise("Şi ţara") == "Și țara"


def test_tokens_are_stemmed_folded_and_without_stop_words():
    hungarian = text.tokens("A színházak és a könyvtárak felújítása", "hu")
    assert "a" not in hungarian and "es" not in hungarian
    assert text.tokens("színházak", "hu") == text.tokens("színházat", "hu")
    assert all(token == token.casefold() for token in hungarian)
    assert not any(char in "áéíóöőúüű" for token in hungarian for char in token)

    romanian = text.tokens("Teatrele și bibliotecile din sate", "ro")
    assert "si" not in romanian and "din" not in romanian
    assert text.tokens("bibliotecile", "ro") == text.tokens("biblioteca", "ro")

    english = text.tokens("The libraries of the villages", "en")
    assert english == text.tokens("library village", "en")


def test_tokens_of_other_language_drop_every_stop_word_list():
    assert text.tokens("și a the Konzert", "other") == ["konzert"]


def test_stop_word_lists_are_shipped_for_three_languages():
    for language in ("hu", "ro", "en"):
        assert len(text.stop_words(language)) > 100


def test_theme_keywords_pick_what_sets_the_members_apart():
    members = [
        "Több néptánc-oktatás kell a gyerekeknek",
        "Néptánc tábor nyáron a falvakban",
        "A néptánc csoportoknak próbaterem kellene",
        "Néptánc fesztivál Csíkszeredában",
    ]
    others = [
        "A könyvtár nyitvatartását meg kellene hosszabbítani",
        "Új könyvek a falusi könyvtárba",
        "Koncertek a parkban nyáron",
        "Felújítani a kultúrházat a faluban",
    ]
    keywords = text.theme_keywords(members, others, top=3)
    assert keywords[0] == "néptánc"
    assert len(keywords) <= 3
    # Words common to both sides ("nyáron" is in both) do not set the members apart more
    # than "néptánc"; stop words never appear.
    assert "a" not in keywords and "kell" not in keywords


def test_theme_keywords_show_the_most_frequent_surface_form():
    members = ["Bibliotecile din sate", "Bibliotecile sunt închise", "O bibliotecă nouă"]
    keywords = text.theme_keywords(members, ["Concerte în parc", "Teatru pentru copii"], top=1)
    assert keywords == ["bibliotecile"]


def test_theme_keywords_prefer_a_common_shorter_form_the_frequent_one_starts_with():
    others = ["Koncert a parkban", "Színház gyerekeknek"]
    members = [
        "A falusi könyvtárak zárva vannak",
        "Könyvtárak nyitvatartása rövid",
        "A könyvtár állománya régi",
        "Új könyvtár kellene",
    ]
    assert text.theme_keywords(members, others, top=1) == ["könyvtár"]
    # A shorter form seen rarely is probably another word: "rég" (long ago) is not "régi" (old).
    members = ["Régi házak", "A régi templom", "Régi kapuk", "Régi malom", "Rég nem volt"]
    assert text.theme_keywords(members, others, top=1) == ["régi"]


def test_a_theme_with_both_languages_is_named_in_both():
    texts = [
        "A falusi könyvtár zárva van",
        "Könyvtár és olvasóklub kellene",
        "Könyvtár nyitvatartása rövid, olvasóklub sincs",
        "Bibliotecile din sate sunt închise",
        "Bibliotecile au cărți vechi",
        "Koncert a parkban",
        "Concerte în parc vara",
    ]
    index = text.KeywordIndex(texts, ["hu", "hu", "hu", "ro", "ro", "hu", "ro"])
    # Three Hungarian members, so Hungarian comes first.
    assert index.label([0, 1, 2, 3, 4]) == "könyvtár, olvasóklub / bibliotecile, cărți"
    # One language only (or the other too rare): its first three keywords.
    assert index.label([0, 1, 2]) == ", ".join(index.keywords([0, 1, 2], top=3))
    assert " / " not in index.label([0, 1, 2, 3])


def test_each_language_part_of_a_label_is_set_apart_from_that_language_only():
    # Half of the Hungarian and half of the Romanian texts: nothing sets them apart, even
    # though no Romanian text says "könyvtár".
    texts = ["Könyvtár felújítása"] * 4 + ["Renovarea bibliotecii"] * 4
    index = text.KeywordIndex(texts, ["hu"] * 4 + ["ro"] * 4)
    assert index.keywords([0, 1], language="hu") == []
    assert index.label([0, 1, 4, 5]) == ""


def test_theme_keywords_of_nothing():
    assert text.theme_keywords([], ["valami"]) == []
    assert text.theme_keywords(["Koncert a parkban"], []) == ["koncert", "parkban"]


def test_labels_leave_out_adverbs_and_pronouns_the_embeddings_keep():
    """ "alapján" (based on) or "astăzi" (today) recur in a theme's texts but never name it;
    they stay in the text the embeddings see (their stop words are part of the stored
    vectors' recipe)."""
    texts = [
        "Az igények alapján kellene hagyományőrző csoport a faluban",
        "Felmérés alapján a hagyományőrző csoport elöregedett",
        "Hagyományőrző csoport alapján szerveznénk tábort",
        "Koncert a parkban",
        "Astăzi ansamblul de dansuri nu are sală",
        "Ansamblul de dansuri repetă astăzi în școală",
        "Concert în parc",
    ]
    index = text.KeywordIndex(texts, ["hu", "hu", "hu", "hu", "ro", "ro", "ro"])
    keywords = index.keywords([0, 1, 2], top=5)
    assert "hagyományőrző" in keywords and "alapján" not in keywords
    assert "astăzi" not in index.keywords([4, 5], top=5)
    assert "ansamblul" in index.keywords([4, 5], top=5)
    assert "alapján" in text.keyword_stop_words("hu") and "există" in text.keyword_stop_words("ro")
    assert "alapján" not in text.stop_words("hu")  # the embeddings' list is unchanged
    assert "alapján" in content_text(text.normalise(texts[0]))
