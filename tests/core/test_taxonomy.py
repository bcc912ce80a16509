"""The default vocabularies: complete in every language, correct Romanian diacritics."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from cultiva.core.models import TaxonomyTerm
from cultiva.core.taxonomy import taxonomy_default_rows, taxonomy_load_defaults

pytestmark = pytest.mark.django_db

CEDILLAS = set("şţŞŢ")


def test_every_term_is_named_in_hungarian_romanian_and_english():
    result = taxonomy_load_defaults()
    assert result.created == TaxonomyTerm.objects.count() == len(taxonomy_default_rows())
    for term in TaxonomyTerm.objects.all():
        assert all(term.name.get(code, "").strip() for code in ("hu", "ro", "en")), term.slug


def test_each_vocabulary_is_covered():
    taxonomy_load_defaults()
    counts = {
        vocabulary: TaxonomyTerm.objects.filter(vocabulary=vocabulary).count()
        for vocabulary in TaxonomyTerm.Vocabulary.values
    }
    assert counts["domain"] >= 14
    assert counts["target_group"] >= 10
    assert counts["sector"] == 6
    assert counts["expertise"] == 7
    assert TaxonomyTerm.objects.get(vocabulary="domain", slug="community-culture").name == {
        "hu": "Közművelődés",
        "ro": "Cultură comunitară",
        "en": "Community culture",
    }


def test_romanian_names_use_comma_below_not_cedilla():
    taxonomy_load_defaults()
    for term in TaxonomyTerm.objects.all():
        assert not CEDILLAS & set(term.name["ro"]), term.name["ro"]
    romanian = "".join(term.name["ro"] for term in TaxonomyTerm.objects.all())
    assert "ț" in romanian and "ș" in romanian  # U+021B, U+0219


def test_hungarian_names_use_double_acute_accents():
    taxonomy_load_defaults()
    hungarian = "".join(term.name["hu"] for term in TaxonomyTerm.objects.all())
    assert "ő" in hungarian
    assert not set("õûôÕÛ") & set(hungarian)  # the Latin-1 look-alikes of ő and ű


def test_loading_again_changes_nothing_and_repairs_edited_defaults():
    taxonomy_load_defaults()
    term = TaxonomyTerm.objects.get(vocabulary="sector", slug="ngo")
    term.name = {"hu": "x", "ro": "y", "en": "z"}
    term.save()
    custom = TaxonomyTerm.objects.create(vocabulary="domain", slug="gastronomy", name={"hu": "G"})

    result = taxonomy_load_defaults()

    assert (result.created, result.updated) == (0, 1)
    assert TaxonomyTerm.objects.get(pk=term.pk).name["en"] == "NGO"
    assert TaxonomyTerm.objects.filter(pk=custom.pk).exists()


def test_load_taxonomy_command():
    out = io.StringIO()
    call_command("load_taxonomy", stdout=out)
    assert str(TaxonomyTerm.objects.count()) in out.getvalue()
