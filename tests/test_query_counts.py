"""List pages issue the same number of queries for 10 rows as for 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cultiva.accounts.models import Organisation
from cultiva.portfolio.models import Project, ProjectOrigin
from tests.factories import bulk_contributions, make_settlement, make_term


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def vocab(db):
    domains = [make_term("domain", f"d{i}") for i in range(3)]
    settlements = [make_settlement(f"Falu {i}", f"Sat {i}") for i in range(2)]
    return domains, settlements


@pytest.mark.parametrize("role", ["anonymous", "member", "facilitator"])
def test_contribution_list(client, world, vocab, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    url = reverse("ideas:list", args=[world.process.slug])
    bulk_contributions(world, 10, *vocab)
    count_queries(client, url)  # the filter choices are read once, then cached
    few = count_queries(client, url)
    bulk_contributions(world, 190, *vocab)
    many = count_queries(client, url)
    assert few == many


def test_project_list(client, world, vocab):
    domains, settlements = vocab
    origins = bulk_contributions(world, 5, domains, settlements)

    def add_projects(start, n):
        projects = Project.objects.bulk_create(
            Project(
                process=world.process,
                code=f"P-{i:04d}",
                title={"hu": f"Projekt {i}"},
                lead_organisation=world.organisation,
            )
            for i in range(start, start + n)
        )
        Project.domains.through.objects.bulk_create(
            Project.domains.through(project=p, taxonomyterm=d) for p in projects for d in domains
        )
        ProjectOrigin.objects.bulk_create(
            ProjectOrigin(project=p, contribution=c) for p in projects for c in origins[:2]
        )

    url = reverse("portfolio:list", args=[world.process.slug])
    add_projects(0, 10)
    few = count_queries(client, url)
    add_projects(10, 190)
    assert count_queries(client, url) == few


def test_organisation_list(client, world, vocab):
    domains, settlements = vocab
    sector = make_term("sector", "ngo")

    def add_organisations(n):
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name={"hu": f"Egyesület {i}"},
                legal_form="association",
                sector=sector,
                settlement=settlements[i % 2],
            )
            for i in range(n)
        )
        Organisation.domains.through.objects.bulk_create(
            Organisation.domains.through(organisation=o, taxonomyterm=d)
            for o in organisations
            for d in domains
        )

    url = reverse("accounts:organisation_list")
    add_organisations(8)  # plus the world's two
    few = count_queries(client, url)
    add_organisations(190)
    assert count_queries(client, url) == few


def test_organisation_search_matches_accented_names(client, world):
    page = client.get(reverse("accounts:organisation_list"), {"q": "Csíki Hagyományőrző"})
    assert "Csíki Hagyományőrző Egyesület" in page.content.decode()
    assert "Gyergyói Színjátszó Kör" not in page.content.decode()


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("funding:index", None),
        ("funding:index", "coordinator"),
        ("funding:catalogue_manage", "coordinator"),
    ],
)
def test_funding_catalogue(client, world, vocab, name, role):
    import datetime as dt

    from django.utils import timezone

    from cultiva.funding.models import FunderDomain
    from tests.factories import make_call

    if role:
        client.force_login(world.user(role))
    domains, _settlements = vocab

    def add_calls(n):
        for _ in range(n):
            call = make_call(world.process, max_amount=1000)
            funder_domain = FunderDomain.objects.create(
                funder=call.programme.funder, label={"hu": "T"}
            )
            funder_domain.terms.set(domains)
            call.domains.add(funder_domain)
            call.deadlines.create(due_at=timezone.now() + dt.timedelta(days=3))

    url = reverse(name, args=[world.process.slug]) + ("?amount=500" if role is None else "")
    add_calls(2)
    few = count_queries(client, url)
    add_calls(10)
    assert count_queries(client, url) == few
