"""The number of SQL queries of a list does not grow with its rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cultiva.ideas.models import Contribution
from cultiva.strategy.models import MeasureProject
from tests.factories import (
    make_contribution,
    make_meeting,
    make_organisation,
    make_process,
    make_project,
    make_settlement,
    make_strategy,
    make_term,
)

pytestmark = pytest.mark.django_db


def queries(scenario, role: str, url: str) -> tuple[int, dict]:
    client = scenario.client(role)
    client.get(url)  # warm up: the token's last_used_at is written on first use
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), response.json()


def add_contributions(scenario, count: int):
    world = scenario.world
    domains = [scenario.domain, make_term("domain", "music")]
    meeting = make_meeting(world.process)
    for n in range(count):
        author = world.member if n % 2 else world.outsider
        make_contribution(
            world.process,
            author,
            domains=domains,
            settlements=[scenario.settlement],
            organisation=world.organisation if n % 2 else None,
            meeting=meeting if n % 3 else None,
            status=Contribution.Status.DRAFT if n % 5 == 0 else Contribution.Status.SUBMITTED,
        )


@pytest.mark.parametrize("role", ["anonymous", "member", "facilitator"])
def test_contribution_list(scenario, role):
    url = f"/api/v1/processes/{scenario.process.slug}/contributions?page_size=200"
    add_contributions(scenario, 10)
    few, small = queries(scenario, role, url)
    add_contributions(scenario, 190)
    many, large = queries(scenario, role, url)
    assert large["count"] > small["count"] + 100
    assert len(large["items"]) > 100
    assert few == many


def add_projects(scenario, count: int):
    process = scenario.process
    _strategy, measure = make_strategy(process)
    origins = list(Contribution.objects.filter(process=process))
    for _ in range(count):
        project = make_project(
            process, origins=origins[:3], lead_organisation=scenario.world.organisation
        )
        project.domains.set([scenario.domain])
        project.settlements.set([scenario.settlement, scenario.other_settlement])
        MeasureProject.objects.create(measure=measure, project=project)
        MeasureProject.objects.create(measure=scenario.adopted_measure, project=project)


@pytest.mark.parametrize("role", ["anonymous", "member", "coordinator"])
def test_project_list(scenario, role):
    url = f"/api/v1/processes/{scenario.process.slug}/projects?page_size=200"
    add_projects(scenario, 9)
    few, small = queries(scenario, role, url)
    add_projects(scenario, 190)
    many, large = queries(scenario, role, url)
    assert large["count"] == 200 and small["count"] == 10
    assert all(project["measures"] for project in large["items"])
    assert few == many


def add_organisations(scenario, count: int):
    domains = [scenario.domain, make_term("domain", "music")]
    settlement = make_settlement("Falu", "Sat")
    for _ in range(count):
        organisation = make_organisation(settlement)
        organisation.domains.set(domains)


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_organisation_list(scenario, role):
    url = "/api/v1/organisations?page_size=200"
    add_organisations(scenario, 8)
    few, small = queries(scenario, role, url)
    add_organisations(scenario, 190)
    many, large = queries(scenario, role, url)
    assert small["count"] == 10 and large["count"] == 200
    assert few == many


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/processes/{slug}/meetings?page_size=200",
        "/api/v1/territory/settlements?page_size=200",
        "/api/v1/processes?page_size=200",
    ],
)
def test_other_lists(scenario, url):
    url = url.format(slug=scenario.process.slug)
    few, _ = queries(scenario, "coordinator", url)
    for _ in range(30):
        make_meeting(scenario.process, settlement=scenario.settlement, is_published=False)
        make_settlement("Falu", "Sat")
        make_process()
    many, data = queries(scenario, "coordinator", url)
    assert data["count"] > 30
    assert few == many
