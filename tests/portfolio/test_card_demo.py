"""The demo's project cards are coherent: budgets add up, timelines hold their milestones and
budget years, the content fits the project's theme, and no two cards are twins."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.db.models import Sum
from django.urls import reverse

from cultiva.demo.generator import demo_generate
from cultiva.demo.portfolio_cards import FAMILIES
from cultiva.portfolio.models import BudgetLine, Milestone, Project

pytestmark = pytest.mark.django_db


def test_the_small_demo_has_coherent_project_cards(client):
    demo_generate(scale="small", seed=1)
    # The generator's projects (the demo proposals are cards their proposers have only begun).
    projects = list(
        Project.objects.filter(proposal_steps__isnull=True).prefetch_related(
            "milestones", "budget_lines", "risks", "output_indicators"
        )
    )
    assert projects
    planned = dict(
        BudgetLine.objects.values_list("project").annotate(total=Sum("planned")).order_by()
    )
    cards = set()
    areas = {family["area"]["hu"]: family for family in FAMILIES.values()}
    for project in projects:
        assert project.start_date <= project.end_date
        assert planned[project.pk] == project.budget_total  # the lines add up to the estimate
        for line in project.budget_lines.all():
            assert project.start_date.year <= line.year <= project.end_date.year
            assert 0 <= line.secured <= line.planned
        assert all(
            project.start_date <= m.date <= project.end_date for m in project.milestones.all()
        )
        assert project.risks.all() and project.output_indicators.all()
        family = areas[project.development_area["hu"]]
        activities = {a["hu"] for a in family["activities"]}
        assert all(line[2:] in activities for line in project.activities["hu"].splitlines())
        if project.maturity in (Project.Maturity.IDEA, Project.Maturity.DROPPED):
            assert not any(
                line.secured for line in project.budget_lines.all() if line.source != "own"
            )
        cards.add((project.title["hu"], project.activities["hu"], project.budget_total))
    assert len(cards) == len(projects)  # no near-identical twins
    assert Milestone.objects.count() == 3 * len(projects)
    by_partner_role = defaultdict(int)
    for project in projects:
        for partnership in project.partnerships.all():
            by_partner_role[partnership.role.get("hu", "")] += 1
    assert "" not in by_partner_role  # every partner has a role

    project = projects[0]
    page = client.get(reverse("portfolio:detail", args=[project.pk])).content.decode()
    assert project.development_area["hu"] in page or project.development_area["ro"] in page
