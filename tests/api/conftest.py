"""A process with something of every visibility, and API clients for each role."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.test import Client

from cultiva.api.services import api_token_create
from cultiva.ideas.models import Contribution
from cultiva.portfolio.models import Project
from cultiva.processes.models import ProcessRole
from cultiva.strategy.models import Goal, Measure, MeasureProject, PriorityAxis, Strategy
from tests.factories import (
    make_contribution,
    make_meeting,
    make_process,
    make_project,
    make_settlement,
    make_strategy,
    make_term,
)

ROLES = ("anonymous", "outsider", "member", "facilitator", "coordinator")
STAFF = ("facilitator", "coordinator")


@dataclass
class Scenario:
    world: object
    hidden_process: object  # unpublished; roles: member (member), coordinator (coordinator)
    settlement: object
    other_settlement: object
    domain: object
    meetings: dict = field(default_factory=dict)
    contributions: dict = field(default_factory=dict)
    project: object = None
    adopted_measure: object = None
    draft_measure: object = None
    tokens: dict = field(default_factory=dict)

    @property
    def process(self):
        return self.world.process

    def client(self, role: str, **headers) -> Client:
        if role != "anonymous":
            headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.token(role)}")
        return Client(**headers)

    def token(self, role: str) -> str:
        if role not in self.tokens:
            _token, raw = api_token_create(user=getattr(self.world, role), name=f"{role} tests")
            self.tokens[role] = raw
        return self.tokens[role]

    def get(self, role: str, url: str, **extra):
        return self.client(role).get(url, **extra)


@pytest.fixture
def scenario(world) -> Scenario:
    process = world.process
    settlement = make_settlement("Gyergyószentmiklós", "Gheorgheni", region="Gyergyó", siruta=83437)
    other = make_settlement("Székelyudvarhely", "Odorheiu Secuiesc", region="Udvarhely")
    domain = make_term("domain", "heritage", hu="Örökség", ro="Patrimoniu", en="Heritage")
    music = make_term("domain", "music", hu="Zene", ro="Muzică", en="Music")
    world.organisation.domains.set([domain, music])

    hidden_process = make_process(slug="hidden-process", is_published=False)
    ProcessRole.objects.create(process=hidden_process, user=world.member, role="member")
    ProcessRole.objects.create(process=hidden_process, user=world.coordinator, role="coordinator")

    scenario = Scenario(
        world=world,
        hidden_process=hidden_process,
        settlement=settlement,
        other_settlement=other,
        domain=domain,
    )
    scenario.meetings = {
        "published": make_meeting(
            process, settlement=settlement, online_url="https://meet.example.net/room"
        ),
        "unpublished": make_meeting(process, is_published=False),
    }
    S = Contribution.Status
    member, outsider = world.member, world.outsider
    scenario.contributions = {
        "public": make_contribution(
            process,
            member,
            title="Tájház felújítása",
            organisation=world.organisation,
            settlements=[settlement],
            meeting=scenario.meetings["published"],
        ),
        "in_portfolio": make_contribution(
            process,
            outsider,
            status=S.IN_PORTFOLIO,
            kind=Contribution.Kind.NEED,
            domains=[music],
            meeting=scenario.meetings["unpublished"],
        ),
        "draft": make_contribution(process, member, status=S.DRAFT),
        "withdrawn": make_contribution(process, member, status=S.WITHDRAWN),
        "hidden": make_contribution(process, member, status=S.HIDDEN),
    }
    project = make_project(
        process,
        origins=[scenario.contributions["in_portfolio"], scenario.contributions["hidden"]],
        lead_organisation=world.organisation,
        code="HR-001",
        budget_total="125000.50",
        maturity=Project.Maturity.CONCEPT,
    )
    project.domains.set([domain])
    project.settlements.set([settlement, other])
    project.partners.set([world.other_organisation])
    scenario.project = project

    _draft_strategy, draft_measure = make_strategy(process)
    adopted = Strategy.objects.create(
        process=process,
        title={"hu": "Elfogadott"},
        period_start=2021,
        period_end=2026,
        status=Strategy.Status.ADOPTED,
    )
    goal = Goal.objects.create(strategy=adopted, code="A", title={"hu": "Cél"})
    axis = PriorityAxis.objects.create(goal=goal, code="A.1", title={"hu": "Tengely"})
    adopted_measure = Measure.objects.create(axis=axis, code="A.1.1", title={"hu": "Intézkedés"})
    MeasureProject.objects.create(measure=draft_measure, project=project)
    MeasureProject.objects.create(measure=adopted_measure, project=project)
    scenario.adopted_measure, scenario.draft_measure = adopted_measure, draft_measure
    return scenario
