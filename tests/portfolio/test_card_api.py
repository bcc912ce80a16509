"""The API's project cards: public fields of the portfolio's projects only."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cultiva.portfolio.models import BudgetLine, Milestone, OutputIndicator, Project, Risk
from tests.factories import make_process, make_project

API = "/api/v1/processes"


@pytest.fixture
def card(world):
    project = make_project(
        world.process,
        code="HR-010",
        lead_organisation=world.organisation,
        activities={"hu": "Táncház minden héten", "ro": "Casa dansului în fiecare săptămână"},
        private_notes="A titkár e-mail címe: titkar@example.org",
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2027, 12, 31),
    )
    project.partnerships.create(organisation=world.other_organisation, role={"hu": "Zenekar"})
    BudgetLine.objects.create(
        project=project, year=2027, source="county", planned=1000, secured=400
    )
    BudgetLine.objects.create(project=project, year=2027, source="own", planned=200, secured=200)
    Milestone.objects.create(project=project, date=dt.date(2027, 5, 1), name={"hu": "Nyitás"})
    Risk.objects.create(project=project, description={"hu": "Eső"}, mitigation={"hu": "Sátor"})
    OutputIndicator.objects.create(project=project, name={"hu": "Alkalmak"}, unit="db", target=40)
    return project


def test_a_card_has_its_public_fields_and_no_private_ones(client, world, card):
    response = client.get(f"{API}/{world.process.slug}/project-cards/{card.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["code"] == "HR-010"
    assert data["activities"]["ro"] == "Casa dansului în fiecare săptămână"
    assert data["partners"] == [
        {
            "organisation": {
                "id": world.other_organisation.pk,
                "display_name": world.other_organisation.name["hu"],
            },
            "role": {"hu": "Zenekar"},
        }
    ]
    assert data["budget_totals"] == {"planned": "1200.00", "secured": "600.00"}
    assert [line["source"] for line in data["budget_lines"]] == ["county", "own"]
    assert data["milestones"] == [{"date": "2027-05-01", "name": {"hu": "Nyitás"}}]
    assert data["risks"][0]["mitigation"] == {"hu": "Sátor"}
    assert data["output_indicators"][0]["unit"] == "db"
    text = json.dumps(data)
    assert "private_notes" not in text and "titkar" not in text and "@" not in text


def test_only_portfolio_projects_are_cards(client, world, card):
    proposal = make_project(world.process, proposal_status=Project.ProposalStatus.DRAFT)
    listed = client.get(f"{API}/{world.process.slug}/project-cards").json()
    assert [item["code"] for item in listed["items"]] == ["HR-010"]
    assert client.get(f"{API}/{world.process.slug}/project-cards/{proposal.pk}").status_code == 404


def test_cards_are_reached_only_through_their_visible_process(client, world, card):
    hidden = make_process(is_published=False)
    hidden_project = make_project(hidden)
    assert client.get(f"{API}/{hidden.slug}/project-cards").status_code == 404
    assert client.get(f"{API}/{hidden.slug}/project-cards/{hidden_project.pk}").status_code == 404
    other = make_process()
    # Another process's address does not reach this process's card.
    assert client.get(f"{API}/{other.slug}/project-cards/{card.pk}").status_code == 404


def test_the_card_list_does_not_grow_in_queries(client, world, card):
    def add(n):
        for _ in range(n):
            project = make_project(world.process, lead_organisation=world.organisation)
            project.partnerships.create(organisation=world.other_organisation)
            BudgetLine.objects.create(project=project, year=2027, source="eu", planned=5, secured=1)
            Milestone.objects.create(project=project, date=dt.date(2027, 1, 1), name={"hu": "M"})

    url = f"{API}/{world.process.slug}/project-cards?page_size=100"
    counts = []
    for n in (2, 20):
        add(n)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert response.json()["count"] == 23
