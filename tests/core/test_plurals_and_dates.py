"""Numbers read right in every language: Hungarian keeps the singular noun after a number
("12 találkozó"), Romanian has three forms ("1 întâlnire / 2 întâlniri / 20 de întâlniri");
a sentence that ends with a Hungarian date ("2026. október 10.") has one full stop."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

import cultiva
from cultiva.meetings.models import Registration
from cultiva.meetings.services.minutes import minutes_save, minutes_set_published
from tests.factories import make_meeting, make_user

PACKAGE = Path(cultiva.__file__).parent

# --- the templates --------------------------------------------------------------------------

COUNTED_BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?\b[^%]*\bcount\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)
ANY_BLOCK = re.compile(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S)
# A value, then an English plural noun or a translated word: "{{ n }} comments".
VALUE_THEN_PLURAL = re.compile(
    r"\{\{\s*(?P<value>[^}]+?)\s*\}\}(?:\s|</?\w+[^>]*>)*"
    r"(?:\{%\s*translate\s+[\"'](?P<translated>[a-z][^\"']*)[\"']|(?P<word>[a-z]{3,}s)\b)"
)
# Words after a value that are not counted nouns ("{{ name }} invites you").
NOT_NOUNS = {"invites", "has", "is", "was", "joins", "becomes"}
IRREGULAR_PLURALS = {"people", "children"}


def counted_nouns_outside_plurals(text: str) -> list[str]:
    """'{{ value }} nouns' written without {% blocktranslate count %}: in Hungarian this reads
    '12 hozzászólások', in Romanian '20 comentarii' without its 'de'."""
    found = []
    for match in VALUE_THEN_PLURAL.finditer(COUNTED_BLOCK.sub("", text)):
        words = (match.group("word") or match.group("translated") or "").split()
        # "12 people", "12 registered participants": the noun is the last word.
        noun = words[-1] if words else ""
        plural = noun.endswith("s") or noun in IRREGULAR_PLURALS
        if plural and noun not in NOT_NOUNS and "|" not in match.group("value"):
            found.append(match.group(0))
    for block in ANY_BLOCK.finditer(COUNTED_BLOCK.sub("", text)):
        for match in re.finditer(r"\{\{\s*(\w+)\s*\}\}\s+([a-z]{3,}s)\b", block.group(0)):
            if match.group(2) not in NOT_NOUNS:
                found.append(match.group(0))
    return found


def templates():
    return sorted(
        path
        for path in PACKAGE.rglob("*")
        if path.suffix in (".html", ".txt") and "templates" in path.parts
    )


def test_the_scan_sees_what_it_looks_for():
    assert counted_nouns_outside_plurals("<p>{{ total }} comments</p>")
    assert counted_nouns_outside_plurals(
        '<b>{{ n }}</b> {% translate "votes" context "label after a number" %}'
    )
    assert counted_nouns_outside_plurals(
        "{% blocktranslate with n=x %}{{ n }} rows skipped.{% endblocktranslate %}"
    )
    assert not counted_nouns_outside_plurals(
        "{% blocktranslate count counter=n %}{{ counter }} row{% plural %}"
        "{{ counter }} rows{% endblocktranslate %}"
    )
    assert not counted_nouns_outside_plurals('{% translate "Comments" %}: {{ n }}')


def test_no_template_shows_a_count_with_a_noun_outside_blocktranslate_count():
    problems = {
        str(path.relative_to(PACKAGE)): found
        for path in templates()
        if (found := counted_nouns_outside_plurals(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


# --- the catalogues -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "number", "expected"),
    [
        ("hu", 1, "1 hozzászólás"),
        ("hu", 12, "12 hozzászólás"),
        ("ro", 1, "1 comentariu"),
        ("ro", 2, "2 comentarii"),
        ("ro", 20, "20 de comentarii"),
        ("ro", 101, "101 comentarii"),
        ("en", 1, "1 comment"),
        ("en", 12, "12 comments"),
    ],
)
def test_plural_forms_in_each_language(language, number, expected):
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} comment"
        "{% plural %}{{ counter }} comments{% endblocktranslate %}"
    )
    with translation.override(language):
        assert template.render(Context({"n": number})) == expected


# --- rendered pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "registered", "expected"),
    [
        ("hu", 12, "12 személy regisztrált."),
        ("ro", 1, "1 persoană înscrisă."),
        ("ro", 2, "2 persoane înscrise."),
        ("ro", 20, "20 de persoane înscrise."),
    ],
)
def test_meeting_page_counts_people_in_the_readers_language(
    client, world, language, registered, expected
):
    meeting = make_meeting(world.process)
    Registration.objects.bulk_create(
        Registration(meeting=meeting, person=make_user(), status=Registration.Status.CONFIRMED)
        for _ in range(registered)
    )
    page = client.get(
        reverse("meetings:detail", args=[world.process.slug, meeting.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert expected in " ".join(page.content.decode().split())


@pytest.mark.parametrize(
    ("language", "meetings", "expected"),
    [
        ("hu", 12, "<strong>12</strong> találkozó"),
        ("ro", 1, "<strong>1</strong> întâlnire"),
        ("ro", 2, "<strong>2</strong> întâlniri"),
        ("ro", 20, "<strong>20</strong> de întâlniri"),
        ("en", 1, "<strong>1</strong> meeting"),
    ],
)
def test_home_page_counts_meetings_in_the_readers_language(
    client, world, language, meetings, expected
):
    for _ in range(meetings):
        make_meeting(world.process)
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE=language)
    # The whole item: "12 találkozó", not "12 találkozók".
    assert f"<li>{expected}</li>" in " ".join(page.content.decode().split())


def test_wall_cards_show_dots_as_a_label_before_the_number(client, world):
    from cultiva.ideas.wall import services
    from tests.ideas.wall_helpers import open_wall

    wall = open_wall(world)
    me = services.wall_participant_join(wall=wall, user=world.member)
    services.wall_card_post(participant=me, kind="idea", text="Kézműves tábor", client_id="1")
    client.force_login(world.facilitator)
    page = client.get(reverse("ideas:wall_projector", args=[wall.pk]), HTTP_ACCEPT_LANGUAGE="ro")
    text = " ".join(page.content.decode().split())
    assert 'Buline: <span class="dot-count">0</span>' in text


# --- dates ending a sentence ----------------------------------------------------------------


def test_one_full_stop_keeps_an_ellipsis():
    template = Template("{% load cultiva %}{% filter one_full_stop %}{{ text }}{% endfilter %}")
    assert template.render(Context({"text": "Közzétéve: 2026. október 10.."})) == (
        "Közzétéve: 2026. október 10."
    )
    assert template.render(Context({"text": "Várjon..."})) == "Várjon..."
    assert template.render(Context({"text": "<b>"})) == "&lt;b&gt;"


def test_published_minutes_date_ends_with_one_full_stop_in_hungarian(client, world):
    meeting = make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(days=1))
    minutes_save(meeting=meeting, actor=world.facilitator, body="Kész")
    minutes_set_published(meeting=meeting, actor=world.facilitator, publish=True)
    page = client.get(
        reverse("meetings:minutes", args=[world.process.slug, meeting.pk]),
        HTTP_ACCEPT_LANGUAGE="hu",
    ).content.decode()
    match = re.search(r"Közzétéve: (\d{4}\. \w+ \d{1,2}\.+)", page)
    assert match, "the publication date is shown"
    assert not match.group(1).endswith(".."), match.group(0)
