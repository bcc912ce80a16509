"""The gap analysis page and its export: what it shows, to whom, and at what cost."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cultiva.ideas.models import Contribution, Support
from cultiva.portfolio import gap_selectors
from cultiva.portfolio.models import Project, ProjectOrigin
from cultiva.processes.models import ProcessRole
from tests.factories import (
    bulk_contributions,
    make_contribution,
    make_meeting,
    make_process,
    make_project,
    make_settlement,
    make_term,
    make_user,
)


@pytest.fixture
def place(db):
    heritage = make_term("domain", "heritage")
    music = make_term("domain", "music")
    csik = make_settlement("Csíkszentdomokos", "Sândominic", region="Csík", siruta=85760)
    udvarhely = make_settlement(
        "Székelyudvarhely", "Odorheiu Secuiesc", region="Udvarhely", siruta=83133
    )
    return {"heritage": heritage, "music": music, "csik": csik, "udvarhely": udvarhely}


def gap_url(process, **query):
    url = reverse("portfolio:gaps", args=[process.slug])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def cell_html(content: str, row_label: str, domain_slug: str) -> str:
    """The HTML of one cell of the matrix: the row's line, from the domain's cell on."""
    row = content.split(f'<th scope="row">{row_label}</th>', 1)[1].split("</tr>", 1)[0]
    before, after = row.split(f'data-domain="{domain_slug}"', 1)
    return before.rsplit("<td", 1)[1] + after.split("</td>", 1)[0]


def test_a_need_without_a_project_is_a_gap_until_a_project_takes_it_up(client, world, place):
    need = make_contribution(
        world.process,
        world.member,
        kind=Contribution.Kind.NEED,
        title="Nincs próbaterem a fiataloknak",
        domains=[place["heritage"]],
        settlements=[place["csik"]],
    )
    Support.objects.create(contribution=need, person=world.outsider)
    response = client.get(gap_url(world.process))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="gap-cell is-gap"' in cell_html(content, "Csík", "heritage")
    assert "Nincs próbaterem a fiataloknak" in content.split("unanswered-needs")[1]
    assert "1 cella" in content or "1 cell" in content  # the count of gaps is said in words

    project = make_project(world.process, origins=[need], budget_total=120000)
    project.domains.set([place["heritage"]])
    project.settlements.set([place["csik"]])
    content = client.get(gap_url(world.process)).content.decode()
    cell = cell_html(content, "Csík", "heritage")
    assert "is-gap" not in cell
    assert "120" in cell  # the budget planned there
    assert "Nincs próbaterem a fiataloknak" not in content


def test_settlements_as_rows_and_the_map(client, world, place):
    make_contribution(
        world.process,
        world.member,
        kind=Contribution.Kind.SHORTCOMING,
        domains=[place["music"]],
        settlements=[place["udvarhely"]],
    )
    content = client.get(gap_url(world.process, rows="settlements")).content.decode()
    label = "Székelyudvarhely / Odorheiu Secuiesc"
    # Rows in the reader's alphabet: Csík… before Szék… (in Romanian Odorheiu before Sândominic).
    assert content.index("Csíkszentdomokos / Sândominic</th>") < content.index(f"{label}</th>")
    assert 'class="gap-cell is-gap"' in cell_html(content, label, "music")
    assert 'class="gap-cell is-gap"' not in cell_html(content, label, "heritage")
    # The map: the settlement with the gap is filled darker than one without.
    svg = content.split('class="map fluid"', 1)[1].split("</svg>", 1)[0]

    def fill(siruta):
        return svg.split(f'data-siruta="{siruta}"')[0].rsplit('fill="', 1)[1].split('"')[0]

    assert fill(85760) == "#f4efe6"  # the class "none"
    assert fill(83133) != "#f4efe6"


def test_filters_by_meeting_and_target_group(client, world, place):
    workshop = make_meeting(world.process)
    youth = make_term("target_group", "youth")
    at_meeting = make_contribution(
        world.process,
        world.member,
        kind=Contribution.Kind.NEED,
        title="Műhelyen felvetett igény",
        domains=[place["heritage"]],
        meeting=workshop,
    )
    at_meeting.target_groups.set([youth])
    make_contribution(
        world.process,
        world.member,
        kind=Contribution.Kind.NEED,
        title="Online beküldött igény",
        domains=[place["heritage"]],
    )

    def titles(**query):
        data = client.get(gap_url(world.process, **query)).content.decode()
        return {t for t in ("Műhelyen felvetett igény", "Online beküldött igény") if t in data}

    assert titles() == {"Műhelyen felvetett igény", "Online beküldött igény"}
    assert titles(meeting="series") == {"Műhelyen felvetett igény"}
    assert titles(meeting="outside") == {"Online beküldött igény"}
    assert titles(meeting=workshop.pk) == {"Műhelyen felvetett igény"}
    assert titles(target_group="youth") == {"Műhelyen felvetett igény"}
    # Nonsense turns the filter off, never a server error.
    assert titles(meeting="999999", target_group="<x>", rows="diagonal") == {
        "Műhelyen felvetett igény",
        "Online beküldött igény",
    }


def test_only_public_contributions_and_living_projects_count(world, place):
    make_contribution(
        world.process,
        world.member,
        kind=Contribution.Kind.NEED,
        status=Contribution.Status.DRAFT,
        domains=[place["heritage"]],
    )
    need = make_contribution(
        world.process, world.member, kind=Contribution.Kind.NEED, domains=[place["heritage"]]
    )
    make_project(world.process, origins=[need], maturity=Project.Maturity.DROPPED)
    data = gap_selectors.gap_data(process=world.process)
    assert [row.id for row in data.contributions] == [need.pk]
    assert not data.contributions[0].taken_up  # a dropped project takes nothing up
    assert data.projects == []


def test_who_may_see_it(client, world, place):
    private = make_process(is_published=False)
    member = make_user()
    ProcessRole.objects.create(process=private, user=member, role="member")
    assert client.get(gap_url(private)).status_code == 404
    assert client.get(reverse("portfolio:gaps_export", args=[private.slug])).status_code == 404
    client.force_login(world.member)  # a member of another process only
    assert client.get(gap_url(private)).status_code == 404
    client.force_login(member)
    assert client.get(gap_url(private)).status_code == 200


def test_the_portfolio_list_links_to_it(client, world):
    content = client.get(reverse("portfolio:list", args=[world.process.slug])).content.decode()
    assert f'href="{gap_url(world.process)}"' in content


def test_the_export_is_formula_safe_and_complete(client, world, place):
    make_contribution(
        world.process,
        world.member,
        kind=Contribution.Kind.NEED,
        title='=HYPERLINK("http://evil.example")',
        domains=[place["music"]],
        settlements=[place["csik"]],
    )
    response = client.get(reverse("portfolio:gaps_export", args=[world.process.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    matrix, needs = workbook.worksheets
    lines = list(matrix.iter_rows(min_row=2, values_only=True))
    gap_lines = [line for line in lines if line[0] == "Csík" and line[-1] == "igen"]
    assert len(gap_lines) == 1 and gap_lines[0][2] == 1  # one need, the music gap
    title = needs.cell(row=2, column=4)
    assert title.data_type == "s" and title.value.startswith("'=")


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", [{}, {"rows": "settlements"}, {"meeting": "series"}])
def test_queries_do_not_grow_with_rows(client, world, place, query):
    client.force_login(world.facilitator)
    domains = [place["heritage"], place["music"]]
    settlements = [place["csik"], place["udvarhely"]]
    url = gap_url(world.process, **query)

    def add(n, start):
        needs = bulk_contributions(world, n, domains, settlements)
        Contribution.objects.filter(pk__in=[c.pk for c in needs[::2]]).update(kind="need")
        projects = Project.objects.bulk_create(
            Project(process=world.process, code=f"G-{i:04d}", title={"hu": f"P {i}"})
            for i in range(start, start + n // 5)
        )
        Project.domains.through.objects.bulk_create(
            Project.domains.through(project=p, taxonomyterm=place["music"]) for p in projects
        )
        Project.settlements.through.objects.bulk_create(
            Project.settlements.through(project=p, settlement=place["csik"]) for p in projects
        )
        ProjectOrigin.objects.bulk_create(
            ProjectOrigin(project=p, contribution=c) for p, c in zip(projects, needs, strict=False)
        )
        Support.objects.bulk_create(Support(contribution=c, person=world.outsider) for c in needs)

    add(10, 0)
    few = _count_queries(client, url)
    add(190, 100)
    assert _count_queries(client, url) == few
    assert few <= 25
