"""Bilingual poll statements and themes: the migration keeps the text in its language,
facilitators fill in the second language, the translation queue lists what lacks one and drops
it once filled, and a participant votes first on what they can read in their language."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cultiva.core.models import ActivityLog
from cultiva.ideas.models import ContributionTranslation
from cultiva.synthesis.models import Conversation, Statement, Theme, ThemeBoard, ThemeMembership
from cultiva.synthesis.selectors import opinion as opinion_selectors
from cultiva.synthesis.services import opinion as opinion_services
from cultiva.synthesis.services import themes as theme_services
from tests.factories import bulk_contributions, make_contribution

pytestmark = pytest.mark.django_db


def statement(conversation, text: dict, language: str) -> Statement:
    return Statement.objects.create(conversation=conversation, text=text, language=language)


@pytest.fixture
def poll(world):
    return Conversation.objects.create(process=world.process, title="Kulturális kérdések")


# --- the migration --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_each_text_in_its_language():
    executor = MigrationExecutor(connection)
    before = [
        ("synthesis", "0002_conversation_import_fingerprint"),
        ("ideas", "0005_contribution_search_vector"),
        # Processes as they were then too: later columns (languages…) have no database default.
        ("processes", "0002_invitations_to_roles"),
        ("accounts", "0003_user_display_name_erased_at"),
    ]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    County = apps.get_model("core", "County")
    Process = apps.get_model("processes", "Process")
    User = apps.get_model("accounts", "User")
    OldContribution = apps.get_model("ideas", "Contribution")
    OldConversation = apps.get_model("synthesis", "Conversation")
    OldStatement = apps.get_model("synthesis", "Statement")
    OldTheme = apps.get_model("synthesis", "Theme")
    county = County.objects.create(siruta=190, name_ro="Harghita", name_hu="Hargita")
    process = Process.objects.create(
        slug="regi",
        title={"hu": "Régi"},
        county=county,
        starts_on="2026-01-01",
        ends_on="2026-12-31",
    )
    author = User.objects.create(email="szerzo@example.org", full_name="Szerző")
    contribution = OldContribution.objects.create(
        process=process, author=author, kind="idea", title="Cămine", body="Text", language="ro"
    )
    poll = OldConversation.objects.create(process=process, title="Szavazás")
    from_contribution = OldStatement.objects.create(
        conversation=poll, text="Cămine culturale renovate", contribution=contribution
    )
    hungarian = OldStatement.objects.create(
        conversation=poll, text="A falusi könyvtárak hétvégén is legyenek nyitva."
    )
    romanian = OldStatement.objects.create(
        conversation=poll, text="Bibliotecile sătești să fie deschise și în weekend, vă rugăm."
    )
    theme = OldTheme.objects.create(
        process=process,
        label="Népzene és néptánc",
        description="Táncházak, zenekarok, fesztiválok.",
    )
    bilingual = OldTheme.objects.create(
        process=process, label="Könyvtárak és olvasás / Biblioteci și lectură"
    )

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Statement.objects.get(pk=from_contribution.pk).text == {
        "ro": "Cămine culturale renovate"
    }
    assert Statement.objects.get(pk=from_contribution.pk).language == "ro"
    kept = Statement.objects.get(pk=hungarian.pk)
    assert (kept.language, kept.text) == (
        "hu",
        {"hu": "A falusi könyvtárak hétvégén is legyenek nyitva."},
    )
    assert Statement.objects.get(pk=romanian.pk).language == "ro"
    migrated = Theme.objects.get(pk=theme.pk)
    assert migrated.label == {"hu": "Népzene és néptánc"}
    assert migrated.description == {"hu": "Táncházak, zenekarok, fesztiválok."}
    assert migrated.language == "hu"
    assert Theme.objects.get(pk=bilingual.pk).label == {
        "hu": "Könyvtárak és olvasás",
        "ro": "Biblioteci și lectură",
    }


# --- facilitators fill in the second language ---------------------------------------------


def test_facilitator_adds_the_romanian_version_of_a_statement(client, world, poll):
    s = statement(poll, {"hu": "Több pénz a kultúrotthonokra"}, "hu")
    client.force_login(world.facilitator)
    address = reverse("synthesis:statement_translate", args=[world.process.slug, poll.pk, s.pk])
    page = client.get(address)
    assert page.status_code == 200
    assert "Több pénz a kultúrotthonokra" in page.content.decode()
    response = client.post(
        address,
        {"text_hu": "Több pénz a kultúrotthonokra", "text_ro": "Mai mulți bani pentru cămine"},
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.text == {"hu": "Több pénz a kultúrotthonokra", "ro": "Mai mulți bani pentru cămine"}
    entry = ActivityLog.objects.get(verb="statement.translated")
    assert entry.changes["ro"] == ["", "Mai mulți bani pentru cămine"]


def test_the_original_language_cannot_be_emptied(client, world, poll):
    s = statement(poll, {"hu": "Eredeti"}, "hu")
    client.force_login(world.facilitator)
    address = reverse("synthesis:statement_translate", args=[world.process.slug, poll.pk, s.pk])
    response = client.post(address, {"text_hu": "", "text_ro": "Doar română"})
    assert response.status_code == 400
    assert "Doar română" in response.content.decode()  # nothing typed is lost
    s.refresh_from_db()
    assert s.text == {"hu": "Eredeti"}


@pytest.mark.parametrize("role", ["member", "expert"])
def test_participants_cannot_translate_statements(client, world, poll, role):
    s = statement(poll, {"hu": "Eredeti"}, "hu")
    client.force_login(world.user(role))
    address = reverse("synthesis:statement_translate", args=[world.process.slug, poll.pk, s.pk])
    assert client.post(address, {"text_hu": "Eredeti", "text_ro": "Original"}).status_code == 403
    s.refresh_from_db()
    assert s.text == {"hu": "Eredeti"}


def test_facilitator_names_and_describes_a_theme_in_both_languages(client, world):
    theme = Theme.objects.create(
        process=world.process, label={"hu": "Könyvtárak"}, language="hu", description={}
    )
    client.force_login(world.facilitator)
    slug = world.process.slug
    client.post(
        reverse("synthesis:theme_rename", args=[slug, theme.pk]),
        {"label_hu": "Könyvtárak", "label_ro": "Biblioteci", "next": "theme"},
    )
    client.post(
        reverse("synthesis:theme_describe", args=[slug, theme.pk]),
        {"description_hu": "Olvasás, nyitvatartás", "description_ro": "Lectură, program"},
    )
    theme.refresh_from_db()
    assert theme.label == {"hu": "Könyvtárak", "ro": "Biblioteci"}
    assert theme.description == {"hu": "Olvasás, nyitvatartás", "ro": "Lectură, program"}
    assert theme.missing_languages == []
    ThemeMembership.objects.create(
        theme=theme, contribution=make_contribution(world.process, world.member)
    )
    ThemeBoard.objects.create(process=world.process, published_at="2026-01-01T00:00Z")
    client.logout()
    with translation.override("ro"):
        page = client.get(
            reverse("synthesis:theme_summary", args=[slug]), HTTP_ACCEPT_LANGUAGE="ro"
        )
    text = page.content.decode()
    assert "Biblioteci" in text and "Lectură, program" in text


def test_renaming_on_the_board_keeps_the_other_language(world):
    theme = Theme.objects.create(
        process=world.process,
        label={"hu": "Könyvtárak", "ro": "Biblioteci"},
        language="hu",
        label_is_custom=True,
    )
    theme_services.theme_rename(actor=world.facilitator, theme=theme, label="Könyvtárak és olvasás")
    theme.refresh_from_db()
    assert theme.label == {"hu": "Könyvtárak és olvasás", "ro": "Biblioteci"}


# --- the translation queue ----------------------------------------------------------------


def queue_url(world):
    return reverse("synthesis:translation_queue", args=[world.process.slug])


def test_queue_lists_what_lacks_a_translation_and_drops_it_when_filled(client, world, poll):
    lacking = statement(poll, {"hu": "Csak magyarul"}, "hu")
    statement(poll, {"hu": "Kétnyelvű", "ro": "Bilingv"}, "hu")
    theme = Theme.objects.create(process=world.process, label={"ro": "Doar română"}, language="ro")
    contribution = make_contribution(world.process, world.member, title="Táncház minden faluban")
    make_contribution(world.process, world.member, title="Vázlat", status="draft")
    client.force_login(world.facilitator)
    text = client.get(queue_url(world)).content.decode()
    assert f'data-statement="{lacking.pk}"' in text
    assert "Kétnyelvű" not in text
    assert f'data-theme="{theme.pk}"' in text
    assert f'data-contribution="{contribution.pk}"' in text
    assert "Vázlat" not in text  # not public
    assert "1 állítás" in text  # Hungarian: the singular noun after a number

    opinion_services.statement_translate(
        statement=lacking,
        actor=world.facilitator,
        text={"hu": "Csak magyarul", "ro": "Doar ungurește"},
    )
    theme_services.theme_rename(
        actor=world.facilitator, theme=theme, label={"ro": "Doar română", "hu": "Csak románul"}
    )
    ContributionTranslation.objects.create(
        contribution=contribution, language="ro", title="Casa dansului", body="Text"
    )
    text = client.get(queue_url(world)).content.decode()
    assert "data-statement=" not in text
    assert "data-theme=" not in text
    assert "data-contribution=" not in text
    assert "data-queue-empty" in text


@pytest.mark.parametrize("role, status", [("member", 403), ("expert", 403), ("coordinator", 200)])
def test_only_facilitators_and_coordinators_see_the_queue(client, world, role, status):
    client.force_login(world.user(role))
    assert client.get(queue_url(world)).status_code == status


def test_queue_queries_do_not_grow_with_rows(client, world, poll):
    client.force_login(world.facilitator)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(queue_url(world)).status_code == 200
        return len(queries)

    statement(poll, {"hu": "Egy"}, "hu")
    bulk_contributions(world, 2)
    few = count()
    Statement.objects.bulk_create(
        Statement(conversation=poll, text={"hu": f"Állítás {i}"}, language="hu") for i in range(40)
    )
    Theme.objects.bulk_create(
        Theme(process=world.process, label={"hu": f"Téma {i}"}, language="hu") for i in range(20)
    )
    bulk_contributions(world, 60)
    assert count() == few


# --- voting in the reader's language --------------------------------------------------------


def test_voting_asks_first_what_the_reader_can_read_in_their_language(world, poll):
    only_ro = statement(poll, {"ro": "Doar română"}, "ro")
    both = statement(poll, {"ro": "Cămine renovate", "hu": "Felújított kultúrotthonok"}, "ro")
    only_hu = statement(poll, {"hu": "Csak magyar"}, "hu")

    hungarian = opinion_selectors.voting_state(conversation=poll, user=world.member, language="hu")
    assert [s.pk for s in hungarian.statements] == [both.pk, only_hu.pk, only_ro.pk]
    assert hungarian.current.shown_text == "Felújított kultúrotthonok"
    assert [s.in_other_language for s in hungarian.statements] == [False, False, True]

    romanian = opinion_selectors.voting_state(conversation=poll, user=world.member, language="ro")
    assert [s.pk for s in romanian.statements] == [only_ro.pk, both.pk, only_hu.pk]
    assert [s.shown_text for s in romanian.statements] == [
        "Doar română",
        "Cămine renovate",
        "Csak magyar",
    ]


def test_voting_page_shows_the_translation_and_marks_the_untranslated(client, world, poll):
    statement(poll, {"ro": "Doar română"}, "ro")
    both = statement(poll, {"ro": "Cămine renovate", "hu": "Felújított kultúrotthonok"}, "ro")
    client.force_login(world.member)
    address = reverse("synthesis:conversation_detail", args=[world.process.slug, poll.pk])
    text = client.get(address).content.decode()
    assert "Felújított kultúrotthonok" in text
    assert "Cămine renovate" not in text
    assert "data-untranslated" not in text
    client.post(
        reverse("synthesis:opinion_vote", args=[world.process.slug, poll.pk, both.pk]),
        {"value": "1"},
    )
    text = client.get(address).content.decode()
    assert 'lang="ro"' in text and "Doar română" in text
    assert "data-untranslated" in text


def test_a_statement_from_a_translated_contribution_carries_both_languages(world, poll):
    contribution = make_contribution(world.process, world.member, title="Táncház", language="hu")
    ContributionTranslation.objects.create(
        contribution=contribution, language="ro", title="Casa dansului", body="Text"
    )
    [made] = opinion_services.statements_from_contributions(
        conversation=poll, actor=world.facilitator, contributions=[contribution]
    )
    assert made.text == {"hu": "Táncház", "ro": "Casa dansului"}
    assert made.language == "hu"
