"""Interface languages: complete catalogues, a working switcher, local date formats."""

import datetime as dt
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

LOCALE = Path(settings.PACKAGE_DIR) / "locale"


@pytest.mark.parametrize("language", ["hu", "ro"])
def test_catalogue_is_complete(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"{len(missing)} untranslated in {language}: {missing[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:10]}"
    compiled = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert compiled.exists()
    assert polib.mofile(str(compiled)).percent_translated() == 100


@pytest.mark.parametrize("language", ["hu", "ro", "en"])
def test_every_language_has_a_catalogue(language):
    assert (LOCALE / language / "LC_MESSAGES" / "django.mo").exists()


def test_romanian_catalogue_uses_comma_below_letters():
    catalogue = polib.pofile(str(LOCALE / "ro" / "LC_MESSAGES" / "django.po"))
    cedilla = [e.msgstr for e in catalogue if any(ch in e.msgstr for ch in "şţŞŢ")]
    assert not cedilla, cedilla[:5]


def test_hungarian_catalogue_uses_double_acute_letters():
    catalogue = polib.pofile(str(LOCALE / "hu" / "LC_MESSAGES" / "django.po"))
    wrong = [e.msgstr for e in catalogue if any(ch in e.msgstr for ch in "õûÕÛ")]
    assert not wrong, wrong[:5]


def test_switcher_changes_the_interface_language(client, world):
    url = reverse("processes:detail", args=[world.process.slug])
    assert 'lang="hu"' in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "ro", "next": url})
    page = client.get(url).content.decode()
    assert 'lang="ro"' in page
    assert "Contribuții" in page


@pytest.mark.parametrize(
    "language,expected",
    [("hu", "2027. március 5."), ("ro", "5 martie 2027"), ("en", "March 5, 2027")],
)
def test_dates_follow_the_language(client, world, language, expected):
    world.process.starts_on = dt.date(2027, 3, 5)
    world.process.ends_on = dt.date(2027, 12, 31)
    world.process.save()
    page = client.get(
        reverse("processes:detail", args=[world.process.slug]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert expected in page


@pytest.mark.parametrize(
    "language,expected", [("hu", "45\xa0000"), ("ro", "45.000"), ("en", "45,000")]
)
def test_numbers_follow_the_language(client, world, language, expected):
    from tests.factories import make_project

    project = make_project(world.process, budget_total=45000)
    page = client.get(
        reverse("portfolio:detail", args=[project.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert f"{expected} RON" in page
