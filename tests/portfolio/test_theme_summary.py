"""The extractive summary proposed when a theme becomes a project (a plain module: no database)."""

from __future__ import annotations

from cultiva.synthesis.theme_summary import ELLIPSIS, SummarySource, opening, theme_summary


def test_the_first_sentences_of_the_top_contributions_each_in_its_language():
    sources = [
        SummarySource("Tábor", "Nyári népzenei tábor. Fiataloknak szól! Harmadik mondat.", "hu"),
        SummarySource("Tabără", "Tabără de muzică populară. Pentru tineri.", "ro"),
        SummarySource("Táncház", "Heti táncház a művelődési házban.", "hu"),
        SummarySource("Negyedik", "Ez már nem fér bele.", "hu"),
    ]
    summary = theme_summary(sources)
    assert summary == {
        "hu": "Nyári népzenei tábor. Fiataloknak szól!\n\nHeti táncház a művelődési házban.",
        "ro": "Tabără de muzică populară. Pentru tineri.",
    }


def test_sentences_are_not_cut_at_dates_and_abbreviations():
    source = SummarySource(
        "Ünnep", "A falunap 2026. október 10. napján lesz, pl. a téren. Ott.", "hu"
    )
    assert opening(source, sentences=1) == "A falunap 2026. október 10. napján lesz, pl. a téren."


def test_long_texts_are_trimmed_at_a_word_with_an_ellipsis():
    body = "Hosszú " * 100
    text = opening(SummarySource("Cím", body, "hu"), limit=60)
    assert len(text) <= 60 and text.endswith(ELLIPSIS) and "Hossz" + ELLIPSIS not in text


def test_an_empty_text_gives_its_title_and_repeats_are_left_out():
    sources = [
        SummarySource("Könyvtár felújítása", "  ", "hu"),
        SummarySource("Másik", "Ugyanaz a mondat.", "hu"),
        SummarySource("Harmadik", "Ugyanaz a mondat.", "hu"),  # a duplicate says the same
        SummarySource("Negyedik", "Új gondolat.", "hu"),
    ]
    assert theme_summary(sources) == {
        "hu": "Könyvtár felújítása\n\nUgyanaz a mondat.\n\nÚj gondolat."
    }


def test_no_sources_no_summary():
    assert theme_summary([]) == {}
