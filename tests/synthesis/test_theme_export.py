"""Export of the theme board: XLSX (themes and contributions) and CSV, per role, safe cells."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cultiva.core.models import ActivityLog
from cultiva.ideas.models import Contribution
from cultiva.synthesis.models import Theme, ThemeMembership
from tests.factories import make_settlement, make_term
from tests.synthesis.theme_helpers import make_themes

pytestmark = pytest.mark.django_db


def export_url(world, fmt):
    return reverse("synthesis:themes_export", args=[world.process.slug, fmt])


def add_member(world, theme, title, score, status="submitted", **fields):
    contribution = Contribution.objects.create(
        process=world.process,
        author=world.member,
        organisation=world.organisation,
        kind="need",
        title=title,
        body=f"{title}: leírás",
        language="hu",
        status=status,
        **fields,
    )
    ThemeMembership.objects.create(theme=theme, contribution=contribution, score=score)
    return contribution


@pytest.fixture
def board(world):
    """Two themes in board order; the first holds a hidden contribution and a formula."""
    libraries = Theme.objects.create(
        process=world.process,
        label={"hu": "Könyvtárak"},
        description={"hu": "Nyitvatartás és olvasás."},
        keywords=["könyvtár", "biblioteca"],
        is_locked=True,
        position=0,
    )
    halls = Theme.objects.create(process=world.process, label={"hu": "Kultúrotthonok"}, position=1)
    village = make_settlement("Csíkszentdomokos", "Sândominic")
    reading = add_member(world, libraries, "Hosszabb könyvtári nyitvatartás", 0.6)
    reading.settlements.add(village)
    reading.domains.add(make_term("domain", "literature", hu="Irodalom", ro="Literatură"))
    add_member(world, libraries, "Mozgókönyvtár a falvakba", 0.9)
    add_member(world, libraries, '=HYPERLINK("http://example.com")', 0.3)
    add_member(world, libraries, "Elrejtett ötlet", 0.8, status="hidden")
    add_member(world, halls, "Fűtés a kultúrotthonban", 0.7)
    return libraries, halls


def test_facilitator_downloads_themes_and_their_contributions_as_xlsx(client, world, board):
    client.force_login(world.facilitator)
    response = client.get(export_url(world, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'attachment; filename="' in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    themes, members = workbook.worksheets
    theme_rows = list(themes.iter_rows(values_only=True))
    assert [row[0] for row in theme_rows[1:]] == ["Könyvtárak", "Kultúrotthonok"]
    libraries = theme_rows[1]
    assert libraries[1] == "Nyitvatartás és olvasás."
    assert libraries[2] == 3  # the hidden contribution is not counted
    assert libraries[3] == "könyvtár, biblioteca"
    member_rows = list(members.iter_rows(values_only=True))[1:]
    # Board order, then each theme's best ranked first; the hidden one is left out.
    assert [(row[0], row[1], row[4]) for row in member_rows] == [
        ("Könyvtárak", 1, "Mozgókönyvtár a falvakba"),
        ("Könyvtárak", 2, "Hosszabb könyvtári nyitvatartás"),
        ("Könyvtárak", 3, '\'=HYPERLINK("http://example.com")'),
        ("Kultúrotthonok", 1, "Fűtés a kultúrotthonban"),
    ]
    reading = member_rows[1]
    assert reading[6] == "Irodalom"  # the domain, in the language of the page
    assert "Csíkszentdomokos" in reading[7]
    text = str(theme_rows) + str(member_rows)
    assert "Elrejtett" not in text
    # The file travels: no author names or e-mail addresses in it.
    assert world.member.email not in text
    assert not world.member.full_name or world.member.full_name not in text
    log = ActivityLog.objects.get(verb="themes.exported")
    assert log.actor == world.facilitator
    assert log.changes["format"] == "xlsx"


def test_csv_is_one_table_of_contributions_with_their_theme(client, world, board):
    client.force_login(world.facilitator)
    response = client.get(export_url(world, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads ő and ș right
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1 + 4
    assert rows[1][0] == "Könyvtárak" and rows[1][4] == "Mozgókönyvtár a falvakba"
    assert rows[3][4].startswith("'=")  # a formula opens as text


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("facilitator", 200),
        ("coordinator", 200),
        ("member", 403),
        ("expert", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_export_per_role(client, world, board, role, status):
    if role != "anonymous":
        client.force_login(world.user(role))
    assert client.get(export_url(world, "xlsx")).status_code == status
    assert ActivityLog.objects.filter(verb="themes.exported").exists() == (status == 200)


def test_unknown_format_is_not_found(client, world, board):
    client.force_login(world.facilitator)
    assert client.get(export_url(world, "pdf")).status_code == 404


def test_board_links_to_the_export_once_there_are_themes(client, world):
    client.force_login(world.facilitator)
    board_url = reverse("synthesis:theme_board", args=[world.process.slug])
    assert 'data-export="xlsx"' not in client.get(board_url).content.decode()
    make_themes(world, 1, 2)
    page = client.get(board_url).content.decode()
    assert export_url(world, "xlsx") in page and export_url(world, "csv") in page


def test_export_queries_do_not_grow_with_themes_and_members(client, world):
    settlements = [make_settlement(f"Falu {i}", f"Sat {i}") for i in range(3)]
    domains = [make_term("domain", f"d{i}") for i in range(2)]
    make_themes(world, 2, 3, settlements, domains)
    client.force_login(world.facilitator)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(export_url(world, "xlsx")).status_code == 200
        return len(captured)

    queries()  # the first request also fills per-process caches (content types)
    few = queries()
    make_themes(world, 12, 15, settlements, domains)
    assert queries() == few
