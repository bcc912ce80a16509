"""The knowledge library: search that understands word forms and diacritics, filters,
visibility as a queryset filter, and a query count that does not grow with the rows.

Run on SQLite and on PostgreSQL (CULTIVA_TEST_DATABASE_URL): the search takes a different
path on each, and both must find the same materials.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cultiva.meetings import search
from cultiva.meetings.models import Material, Registration, Speaker
from cultiva.meetings.rules import can_view_material
from cultiva.meetings.selectors.library import material_list
from tests.factories import make_meeting, make_process, make_term

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator"]


def add_material(process, meeting=None, *, title, description="", language="hu", **kw):
    file_text = kw.pop("file_text", "")
    topics = kw.pop("topics", [])
    material = Material.objects.create(
        process=process,
        meeting=meeting,
        title=title,
        description=description,
        language=language,
        url=kw.pop("url", "https://example.org/m"),
        licence=kw.pop("licence", Material.Licence.CC_BY),
        search_document=search.build_search_document(
            title, description, file_text, language=language
        ),
        **kw,
    )
    material.topics.set(topics)
    return material


@pytest.fixture
def library(world):
    meeting = make_meeting(world.process)
    other_meeting = make_meeting(world.process, title={"hu": "Második műhely"})
    speaker = Speaker.objects.create(process=world.process, full_name="Dr. Kovács Éva")
    heritage = make_term("domain", "heritage")
    items = {
        "museum_hu": add_material(
            world.process, meeting, title="Múzeumi pedagógia", topics=[heritage], speaker=speaker
        ),
        "museum_ro": add_material(
            world.process, other_meeting, title="Muzeele din Harghita", language="ro"
        ),
        "community": add_material(
            world.process,
            meeting,
            title="Közművelődés a falvakban",
            description="Kulturális otthonok működtetése",
        ),
        "pdf_text": add_material(
            world.process,
            other_meeting,
            title="Előadás",
            file_text="A színháztörténet fejezetei Csíkszeredában",
        ),
        "secret": add_material(
            world.process,
            meeting,
            title="Belső múzeumi jegyzetek",
            visibility=Material.Visibility.PARTICIPANTS,
        ),
    }
    Registration.objects.create(
        meeting=meeting, person=world.member, status=Registration.Status.CONFIRMED
    )
    return {
        "meeting": meeting,
        "other_meeting": other_meeting,
        "speaker": speaker,
        "heritage": heritage,
        **items,
    }


def titles(user, process, **filters):
    return {m.title for m in material_list(user=user, process=process, **filters)}


# --- the search module ---------------------------------------------------------------------


def test_fold_strips_hungarian_and_romanian_diacritics():
    assert search.fold("Közművelődés ŐSZ Űr") == "kozmuvelodes osz ur"
    # Romanian comma-below and cedilla forms, breve and circumflex.
    assert search.fold("Școală, Țară, ţară, şcoală, Brăila, Târgu, Înviere") == (
        "scoala, tara, tara, scoala, braila, targu, inviere"
    )


def test_query_prefixes_cover_word_forms():
    assert search.query_prefixes("múzeumok") == [["muzeu"]]
    assert search.query_prefixes("muzeu") == [["muze"]]
    assert search.query_prefixes("a b") == [["a"], ["b"]]
    assert search.tsquery_prefix_expression([["muze"], ["ab", "cd"]]) == (
        "(muze:*) & (ab:* | cd:*)"
    )


def test_search_document_keeps_words_and_stems():
    document = search.build_search_document("Múzeumi pedagógia", language="hu")
    assert document.startswith(" ") and document.endswith(" ")
    assert set(document.split()) >= {"muzeumi", "muzeum", "pedagogia", "pedagog"}


# --- searching, on whichever database runs the tests ----------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("múzeumok", {"Múzeumi pedagógia"}),
        ("muzeu", {"Múzeumi pedagógia", "Muzeele din Harghita"}),
        ("Muzeele", {"Múzeumi pedagógia", "Muzeele din Harghita"}),
        ("kozmuvelodes", {"Közművelődés a falvakban"}),
        ("KÖZMŰVELŐDÉSI", {"Közművelődés a falvakban"}),
        ("kulturális otthon", {"Közművelődés a falvakban"}),
        ("szinhaztortenet", {"Előadás"}),
        ("harghita muzeu", {"Muzeele din Harghita"}),
        ("pedagógia harghita", set()),
        ("nincsilyenszo", set()),
    ],
)
def test_search_understands_word_forms_and_diacritics(world, library, query, expected):
    assert titles(AnonymousUser(), world.process, query=query) == expected


def test_participants_only_material_is_hidden_from_outsiders(world, library):
    query = "múzeumi"
    assert "Belső múzeumi jegyzetek" not in titles(AnonymousUser(), world.process, query=query)
    assert "Belső múzeumi jegyzetek" not in titles(world.outsider, world.process, query=query)
    assert "Belső múzeumi jegyzetek" in titles(world.member, world.process, query=query)
    assert "Belső múzeumi jegyzetek" in titles(world.facilitator, world.process, query=query)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "expert", "facilitator"])
def test_queryset_filter_agrees_with_the_rule(world, library, role):
    user = AnonymousUser() if role == "anonymous" else getattr(world, role)
    Speaker.objects.create(
        process=world.process, person=world.expert, full_name="Expert"
    ).meetings.add(library["other_meeting"])
    add_material(
        world.process,
        library["other_meeting"],
        title="Szakértői anyag",
        visibility=Material.Visibility.PARTICIPANTS,
    )
    listed = {m.pk for m in material_list(user=user, process=world.process)}
    allowed = {m.pk for m in Material.objects.all() if can_view_material(user, m)}
    assert listed == allowed


def test_filters(world, library):
    process, anyone = world.process, AnonymousUser()
    assert titles(anyone, process, topic="heritage") == {"Múzeumi pedagógia"}
    assert titles(anyone, process, speaker=library["speaker"].pk) == {"Múzeumi pedagógia"}
    assert titles(anyone, process, language="ro") == {"Muzeele din Harghita"}
    assert titles(anyone, process, meeting=library["other_meeting"].pk) == {
        "Muzeele din Harghita",
        "Előadás",
    }
    assert titles(anyone, process, kind="file") == set()
    assert len(titles(anyone, process, kind="link")) == 4
    assert titles(anyone, process, query="muzeu", language="hu") == {"Múzeumi pedagógia"}


def test_other_process_materials_stay_out(world, library):
    other = make_process()
    add_material(other, title="Múzeumok másutt")
    assert "Múzeumok másutt" not in titles(world.facilitator, world.process, query="múzeum")


# --- the page -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_library_page_per_role(client, world, library, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    url = reverse("meetings:library", args=[world.process.slug])
    response = client.get(url, {"q": "múzeum"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Múzeumi pedagógia" in content
    insiders = ("member", "facilitator", "coordinator")
    assert ("Belső múzeumi jegyzetek" in content) == (role in insiders)
    delete = reverse("meetings:material_delete", args=[world.process.slug, library["museum_hu"].pk])
    assert (delete in content) == (role in ("facilitator", "coordinator"))


def test_library_page_of_a_hidden_process_is_404(client, world):
    hidden = make_process(is_published=False)
    assert client.get(reverse("meetings:library", args=[hidden.slug])).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"speaker": "abc", "meeting": "x", "language": "zz", "kind": "zip", "page": "-1"},
        {"q": "'; DROP TABLE x; --", "topic": "<script>"},
        {"q": "!!! & | :* ()"},
        {"q": "a" * 500},
    ],
)
def test_library_page_survives_odd_parameters(client, world, library, params):
    url = reverse("meetings:library", args=[world.process.slug])
    assert client.get(url, params).status_code == 200


def bulk_materials(world, meeting, speaker, topics, n, start=0):
    rows = Material.objects.bulk_create(
        Material(
            process=world.process,
            meeting=meeting,
            speaker=speaker,
            title=f"Múzeumi anyag {i}",
            description="Leírás",
            language="hu",
            url=f"https://example.org/{i}",
            licence=Material.Licence.CC_BY,
            visibility=(Material.Visibility.PARTICIPANTS if i % 2 else Material.Visibility.PUBLIC),
            uploaded_by=world.facilitator,
            search_document=search.build_search_document(
                f"Múzeumi anyag {i}", "Leírás", language="hu"
            ),
        )
        for i in range(start, start + n)
    )
    Material.topics.through.objects.bulk_create(
        Material.topics.through(material=m, taxonomyterm=t) for m in rows for t in topics
    )


@pytest.mark.parametrize("role", ["anonymous", "member", "facilitator"])
@pytest.mark.parametrize("query", ["", "múzeum"])
def test_library_query_count_does_not_grow(client, world, role, query):
    if role != "anonymous":
        client.force_login(world.user(role))
    meeting = make_meeting(world.process)
    Registration.objects.create(
        meeting=meeting, person=world.member, status=Registration.Status.CONFIRMED
    )
    speaker = Speaker.objects.create(process=world.process, full_name="Előadó")
    topics = [make_term("domain", f"t{i}") for i in range(3)]
    url = reverse("meetings:library", args=[world.process.slug])
    params = {"q": query} if query else {}

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        return len(queries)

    bulk_materials(world, meeting, speaker, topics, 10)
    few = count()
    bulk_materials(world, meeting, speaker, topics, 110, start=10)
    many = count()
    assert few == many


@pytest.mark.django_db
def test_postgresql_configurations_fold_and_stem():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL text-search configurations")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('cultiva_hu', 'Közművelődési') @@ "
            "plainto_tsquery('cultiva_hu', 'kozmuvelodes'), "
            "to_tsvector('cultiva_hu', 'Múzeumi') @@ plainto_tsquery('cultiva_hu', 'múzeumok'), "
            "to_tsvector('cultiva_ro', 'Țării') @@ plainto_tsquery('cultiva_ro', 'tara')"
        )
        assert cursor.fetchone() == (True, True, True)


def test_postgresql_language_search_alone_finds_word_forms(world, library):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search")
    from django.contrib.postgres.search import SearchQuery, SearchVector

    vector = SearchVector("title", config="cultiva_hu")
    found = Material.objects.annotate(v=vector).filter(
        v=SearchQuery("kozmuvelodes", config="cultiva_hu")
    )
    assert [m.title for m in found] == ["Közművelődés a falvakban"]


@pytest.mark.django_db
def test_search_migration_is_idempotent_and_harmless_elsewhere():
    import importlib

    migration = importlib.import_module("cultiva.meetings.migrations.0002_fulltext_search")
    if connection.vendor != "postgresql":

        class RecordingEditor:
            executed: list[str] = []

            def __init__(self):
                self.connection = connection

            def execute(self, sql, params=None):
                self.executed.append(sql)

        editor = RecordingEditor()
        migration.create_search_configurations(None, editor)
        assert editor.executed == []
        return
    with connection.schema_editor() as editor:
        migration.create_search_configurations(None, editor)
        migration.create_search_configurations(None, editor)


# --- the materials panel on the meeting page -------------------------------------------------


def meeting_page(client, world, meeting):
    return client.get(reverse("meetings:detail", args=[world.process.slug, meeting.pk]))


@pytest.mark.parametrize("role", ROLES)
def test_materials_panel_per_role(client, world, role):
    from cultiva.meetings.services.materials import material_create
    from tests.meetings.test_materials import make_pdf, upload

    meeting = make_meeting(world.process)
    Registration.objects.create(
        meeting=meeting, person=world.member, status=Registration.Status.CONFIRMED
    )
    public = material_create(
        actor=world.facilitator,
        meeting=meeting,
        title="Nyilvános diák",
        language="hu",
        licence=Material.Licence.CC_BY_SA,
        file=upload("a.pdf", make_pdf()),
    )
    material_create(
        actor=world.facilitator,
        meeting=meeting,
        title="Résztvevői jegyzet",
        language="hu",
        licence=Material.Licence.ALL_RIGHTS,
        visibility=Material.Visibility.PARTICIPANTS,
        url="https://example.org/notes",
    )
    login_role = world.user(role)
    if role != "anonymous":
        client.force_login(login_role)
    response = meeting_page(client, world, meeting)
    assert response.status_code == 200
    content = response.content.decode()
    download = reverse("meetings:material_download", args=[world.process.slug, public.pk])
    assert download in content
    assert "CC BY-SA 4.0" in content
    assert ("Résztvevői jegyzet" in content) == (role in ("member", "facilitator", "coordinator"))
    add = reverse("meetings:material_add", args=[world.process.slug, meeting.pk])
    assert (add in content) == (role in ("facilitator", "coordinator"))
    delete = reverse("meetings:material_delete", args=[world.process.slug, public.pk])
    assert (delete in content) == (role in ("facilitator", "coordinator"))


def test_meeting_page_query_count_does_not_grow_with_materials(client, world):
    client.force_login(world.member)
    meeting = make_meeting(world.process)
    Registration.objects.create(
        meeting=meeting, person=world.member, status=Registration.Status.CONFIRMED
    )
    speaker = Speaker.objects.create(process=world.process, full_name="Előadó")
    topics = [make_term("domain", f"p{i}") for i in range(2)]

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert meeting_page(client, world, meeting).status_code == 200
        return len(queries)

    bulk_materials(world, meeting, speaker, topics, 5)
    few = count()
    bulk_materials(world, meeting, speaker, topics, 40, start=5)
    assert count() == few
