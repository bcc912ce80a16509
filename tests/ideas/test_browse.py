"""Browsing contributions: filters, search in Hungarian and Romanian, the map and charts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cultiva.ideas.indexing import contribution_search_document_refresh, contributions_reindex
from cultiva.ideas.models import Contribution
from tests.factories import (
    make_contribution,
    make_meeting,
    make_organisation,
    make_settlement,
    make_term,
)

pytestmark = pytest.mark.django_db
S = Contribution.Status


def client_for(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def titles(response) -> set[str]:
    return {c.title for c in response.context["page"].object_list}


def add(world, **kw) -> Contribution:
    contribution = make_contribution(world.process, kw.pop("author", world.member), **kw)
    contribution_search_document_refresh(contribution)
    return contribution


@pytest.fixture
def browse(world):
    gyergyo = make_settlement("Gyergyószentmiklós", "Gheorgheni", region="Gyergyó", siruta=83437)
    udvarhely = make_settlement("Székelyudvarhely", "Odorheiu Secuiesc", region="Udvarhely")
    music = make_term("domain", "music", hu="Zene", ro="Muzică", en="Music")
    business = make_organisation(name="Kft", sector=make_term("sector", "business"))
    meeting = make_meeting(world.process)
    items = {
        "museum": add(
            world,
            title="Múzeumok éjszakája",
            body="A közművelődési egyesületek közös programja.",
            settlements=[gyergyo],
            meeting=meeting,
        ),
        "romanian": add(
            world,
            title="Festivalul muzeelor",
            body="Colaborare între muzee și școli.",
            language="ro",
            kind=Contribution.Kind.NEED,
            domains=[music],
            settlements=[udvarhely],
            organisation=business,
        ),
        "draft": add(world, title="Piszkozat ötlet", status=S.DRAFT),
        "hidden": add(world, title="Elrejtett ötlet", status=S.HIDDEN),
        "withdrawn": add(world, title="Visszavont ötlet", status=S.WITHDRAWN),
    }
    return {
        "items": items,
        "gyergyo": gyergyo,
        "udvarhely": udvarhely,
        "meeting": meeting,
        "url": reverse("ideas:list", args=[world.process.slug]),
        "map": reverse("ideas:map", args=[world.process.slug]),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", {"Múzeumok éjszakája", "Festivalul muzeelor"}),
        ("outsider", {"Múzeumok éjszakája", "Festivalul muzeelor"}),
        # The author sees their own draft and withdrawn contribution, not the hidden one.
        ("member", {"Múzeumok éjszakája", "Festivalul muzeelor", "Piszkozat ötlet",
                    "Visszavont ötlet"}),
        ("facilitator", {"Múzeumok éjszakája", "Festivalul muzeelor", "Piszkozat ötlet",
                         "Elrejtett ötlet", "Visszavont ötlet"}),
        ("coordinator", {"Múzeumok éjszakája", "Festivalul muzeelor", "Piszkozat ötlet",
                         "Elrejtett ötlet", "Visszavont ötlet"}),
    ],
)  # fmt: skip
def test_each_role_sees_what_it_may(world, browse, role, expected):
    response = client_for(world, role).get(browse["url"])
    assert response.status_code == 200
    assert titles(response) == expected
    assert client_for(world, role).get(browse["map"]).status_code == 200


def test_status_filter_is_for_staff_only(world, browse):
    staff = client_for(world, "coordinator").get(browse["url"], {"status": "hidden"})
    assert titles(staff) == {"Elrejtett ötlet"}
    public = client_for(world, "anonymous").get(browse["url"], {"status": "hidden"})
    assert "Elrejtett ötlet" not in titles(public)
    assert "status" not in public.context["filters"]
    in_portfolio = client_for(world, "anonymous").get(browse["url"], {"status": "submitted"})
    assert titles(in_portfolio) == {"Múzeumok éjszakája", "Festivalul muzeelor"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "need"}, {"Festivalul muzeelor"}),
        ({"domain": "music"}, {"Festivalul muzeelor"}),
        ({"settlement": "83437"}, {"Múzeumok éjszakája"}),
        ({"language": "ro"}, {"Festivalul muzeelor"}),
        ({"sector": "business"}, {"Festivalul muzeelor"}),
    ],
)
def test_filters(world, browse, params, expected):
    response = client_for(world, "anonymous").get(browse["url"], params)
    assert titles(response) == expected


def test_micro_region_and_meeting_filters(world, browse):
    client = client_for(world, "anonymous")
    region = browse["udvarhely"].micro_region_id
    assert titles(client.get(browse["url"], {"micro_region": region})) == {"Festivalul muzeelor"}
    meeting = browse["meeting"].pk
    assert titles(client.get(browse["url"], {"meeting": meeting})) == {"Múzeumok éjszakája"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Museums in both languages share their stem: one word finds both.
        ("múzeum", {"Múzeumok éjszakája", "Festivalul muzeelor"}),
        ("éjszaka", {"Múzeumok éjszakája"}),  # Hungarian, another form of the word
        ("ejszakaja", {"Múzeumok éjszakája"}),  # without accents
        ("közművelődés", {"Múzeumok éjszakája"}),
        ("kozmuvelodesi", {"Múzeumok éjszakája"}),
        ("festivaluri", {"Festivalul muzeelor"}),  # Romanian plural finds the singular
        ("scoli", {"Festivalul muzeelor"}),
        ("colaborări", {"Festivalul muzeelor"}),
        ("colaborare éjszaka", set()),  # every word must match
        ("zzzyx", set()),
    ],
)
def test_search_understands_word_forms_and_diacritics(world, browse, query, expected):
    response = client_for(world, "anonymous").get(browse["url"], {"q": query})
    assert titles(response) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"settlement": "abc"},
        {"settlement": "99999999999999999999"},
        {"meeting": "-1"},
        {"kind": "nonsense"},
        {"domain": "<script>"},
        {"status": "x" * 300},
        {"q": "x" * 5000},
        {"q": "a\x00b"},
        {"q": "'\"%_\\"},
        {"page": "999999"},
        {"micro_region": "1e9"},
    ],
)
def test_bad_input_never_breaks_the_page(world, browse, params):
    client = client_for(world, "anonymous")
    assert client.get(browse["url"], params).status_code == 200
    assert client.get(browse["map"], params).status_code == 200


def test_pagination_keeps_the_filters(world, browse):
    for n in range(30):
        add(world, title=f"Múzeum {n}")
    response = client_for(world, "anonymous").get(browse["url"], {"q": "múzeum", "kind": "idea"})
    page = response.content.decode()
    assert response.context["page"].paginator.count == 31
    assert "q=m%C3%BAzeum&amp;kind=idea&amp;page=2" in page
    second = client_for(world, "anonymous").get(
        browse["url"], {"q": "múzeum", "kind": "idea", "page": 2}
    )
    assert second.context["page"].number == 2


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_query_count_does_not_grow_with_rows(world, browse, role):
    client = client_for(world, role)
    client.get(browse["url"])  # warm caches (sessions, content types)
    params = {"q": "ötlet", "kind": "idea"}
    for n in range(10):
        add(world, title=f"Ötlet {n}", settlements=[browse["gyergyo"]])
    few = (_queries(client, browse["url"]), _queries(client, browse["url"], params))
    few_map = _queries(client, browse["map"])
    for n in range(190):
        add(world, title=f"Ötlet {n}", settlements=[browse["udvarhely"], browse["gyergyo"]])
    assert (_queries(client, browse["url"]), _queries(client, browse["url"], params)) == few
    assert _queries(client, browse["map"]) == few_map


def test_map_counts_settlements_kinds_and_domains(world, browse):
    response = client_for(world, "anonymous").get(browse["map"])
    assert response.context["total"] == 2
    rows = {row["settlement"].siruta: row["count"] for row in response.context["settlement_rows"]}
    assert rows[83437] == 1 and rows[browse["udvarhely"].siruta] == 1
    kinds = dict(response.context["kind_rows"])
    assert sum(kinds.values()) == 2
    assert {domain.value for domain, _n in response.context["domain_rows"]} == {"heritage", "music"}
    page = response.content.decode()
    assert page.count("<svg") >= 3 and "<table" in page
    filtered = client_for(world, "anonymous").get(browse["map"], {"kind": "need"})
    assert filtered.context["total"] == 1
    assert 'href="/p/' in page or "?settlement=" in page


def test_reindex_fills_search_documents(world, browse):
    Contribution.objects.update(search_document="")
    assert contributions_reindex() == Contribution.objects.count()
    museum = Contribution.objects.get(pk=browse["items"]["museum"].pk)
    assert " muzeumok " in museum.search_document
    assert contributions_reindex() == 0


def test_reindex_command(world, browse):
    from io import StringIO

    from django.core.management import call_command

    Contribution.objects.update(search_document="")
    out = StringIO()
    call_command("reindex_contributions", stdout=out)
    assert str(Contribution.objects.count()) in out.getvalue()
    assert not Contribution.objects.filter(search_document="").exists()


def test_xss_in_titles_is_escaped(world, browse):
    add(world, title="<script>alert(1)</script>")
    page = client_for(world, "anonymous").get(browse["url"]).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("language", ["hu", "ro", "en"])
def test_cached_document_equals_the_library_document(language):
    from cultiva.ideas import indexing
    from cultiva.meetings import search

    parts = ("Múzeumok éjszakája", "Colaborare între muzee și școli; a_b 2026 ŐŰ", "")
    expected = search.build_search_document(*parts, language=language)
    assert indexing.build_search_document(*parts, language=language) == expected
    assert indexing.build_search_document("", language=language) == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("éjszaka", {"Múzeumok éjszakája"}),
        ("kozmuvelodesi", {"Múzeumok éjszakája"}),
        ("colaborări", {"Festivalul muzeelor"}),
        ("colaborare éjszaka", set()),
    ],
)
def test_postgres_fulltext_search(world, browse, monkeypatch, query, expected):
    from cultiva.ideas import selectors

    monkeypatch.setattr(selectors, "POSTGRES_FULLTEXT", True)
    response = client_for(world, "anonymous").get(browse["url"], {"q": query})
    assert titles(response) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kozmuvel", {"Múzeumok éjszakája"}),  # still typing: the last word is a prefix
        ("éjszakája festiv", set()),
        ("festiv", {"Festivalul muzeelor"}),
    ],
)
def test_search_matches_a_word_being_typed(world, browse, query, expected):
    response = client_for(world, "anonymous").get(browse["url"], {"q": query})
    assert titles(response) == expected


def test_map_counts_only_the_search_results(world, browse):
    add(world, title="Néptánc tábor", settlements=[browse["gyergyo"]])
    response = client_for(world, "anonymous").get(browse["map"], {"q": "muzeum"})
    assert response.context["total"] == 2
    rows = {row["settlement"].siruta: row["count"] for row in response.context["settlement_rows"]}
    assert rows[83437] == 1 and rows[browse["udvarhely"].siruta] == 1
    assert {domain.value for domain, _n in response.context["domain_rows"]} == {"heritage", "music"}


def test_api_search(world, browse):
    url = f"/api/v1/processes/{world.process.slug}/contributions"
    response = client_for(world, "anonymous").get(url, {"q": "colaborări"})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Festivalul muzeelor"]


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stored search vector (PostgreSQL)"
)


def _vector(pk: int) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM ideas_contribution WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@postgres_only
def test_best_matches_come_first(world, browse):
    in_title = add(world, title="Fesztivál a várban", body="Nyári program.")
    add(world, title="Nyári program", body="Zene, tánc és egy kis fesztivál is.")  # newer
    response = client_for(world, "anonymous").get(browse["url"], {"q": "fesztivál"})
    found = [c.title for c in response.context["page"].object_list]
    assert found[0] == in_title.title and "Nyári program" in found


@postgres_only
def test_vector_follows_every_write(world, browse):
    # A bulk write with no search words yet (as an import before its indexing task).
    fresh = Contribution.objects.bulk_create(
        [
            Contribution(
                process=world.process,
                author=world.member,
                kind=Contribution.Kind.IDEA,
                title="Kézműves vásár",
                body="Fazekasok és takácsok.",
                language="hu",
                status=S.SUBMITTED,
            )
        ]
    )[0]
    client = client_for(world, "anonymous")
    assert titles(client.get(browse["url"], {"q": "kezmuves"})) == {"Kézműves vásár"}
    assert titles(client.get(browse["url"], {"q": "takács"})) == {"Kézműves vásár"}
    # An edit that does not go through the indexing code still changes what is found.
    Contribution.objects.filter(pk=fresh.pk).update(title="Szőttes kiállítás")
    assert titles(client.get(browse["url"], {"q": "kezmuves"})) == set()
    assert titles(client.get(browse["url"], {"q": "szőttes"})) == {"Szőttes kiállítás"}
    # A save that changes no searched text leaves the vector alone.
    before = _vector(fresh.pk)
    fresh.refresh_from_db()
    fresh.status = S.IN_PORTFOLIO
    fresh.save()
    assert _vector(fresh.pk) == before


@postgres_only
def test_reindex_fills_missing_vectors(world, browse):
    from io import StringIO

    from django.core.management import call_command

    with connection.cursor() as cursor:  # as rows written before the trigger existed
        cursor.execute("UPDATE ideas_contribution SET search_vector = NULL")
    client = client_for(world, "anonymous")
    assert titles(client.get(browse["url"], {"q": "múzeum"})) == set()
    call_command("reindex_contributions", stdout=StringIO())
    assert all(_vector(c.pk) for c in Contribution.objects.all())
    assert titles(client.get(browse["url"], {"q": "múzeum"})) == {
        "Múzeumok éjszakája",
        "Festivalul muzeelor",
    }


@pytest.mark.parametrize(
    "role,tools",
    [
        ("anonymous", set()),
        ("member", set()),
        ("facilitator", {"enter", "import", "export", "moderation"}),
        ("coordinator", {"enter", "import", "export", "template", "moderation"}),
    ],
)
def test_list_offers_the_tools_each_role_may_use(client, world, role, tools):
    from django.urls import reverse

    if role != "anonymous":
        client.force_login(world.user(role))
    page = client.get(reverse("ideas:list", args=[world.process.slug])).content.decode()
    slug = world.process.slug
    links = {
        "enter": reverse("ideas:enter", args=[slug]),
        "import": reverse("ideas:import_start", args=[slug]),
        "export": reverse("ideas:export", args=[slug, "xlsx"]),
        "template": reverse("ideas:template", args=[slug]),
        "moderation": reverse("ideas:moderation", args=[slug]),
    }
    assert {name for name, url in links.items() if f'href="{url}' in page} == tools
