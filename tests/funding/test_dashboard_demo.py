"""The demo's funding applications: every status, consistent amounts, dates and history,
the same for the same seed."""

import datetime as dt
import itertools
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from cultiva.demo import funding_applications as demo
from cultiva.funding.application_workflow import APPLICATION_TRANSITIONS
from cultiva.funding.models import Application, ApplicationStep, CallDeadline
from cultiva.portfolio.models import Project
from tests.factories import make_call, make_project

pytestmark = pytest.mark.django_db


def _generator(world, seed=7):
    return SimpleNamespace(
        process=world.process,
        seed=seed,
        now=timezone.now(),
        counts={},
        coordinator=world.coordinator,
    )


@pytest.fixture
def portfolio(world):
    for n in range(24):
        make_project(
            world.process,
            lead_organisation=world.organisation if n % 2 else world.other_organisation,
            budget_total=Decimal(20000 + 5000 * n),
        )
    make_project(world.process, code="", proposal_status=Project.ProposalStatus.DRAFT)
    calls = [
        make_call(world.process, max_amount=Decimal("60000"), min_amount=Decimal("1000")),
        make_call(world.process, currency="EUR", max_amount=Decimal("10000")),
        make_call(world.process, own_contribution_min_pct=Decimal("20")),
    ]
    for index, call in enumerate(calls):
        CallDeadline.objects.create(
            call=call, due_at=timezone.now() + dt.timedelta(days=15 * (index - 1))
        )
    return calls


def _snapshot():
    return sorted(
        (a.project.code, a.call.code, a.status, a.requested_amount, a.awarded_amount)
        for a in Application.objects.select_related("project", "call")
    )


def test_applications_in_every_status_with_their_history(world, portfolio):
    generator = _generator(world)
    created = demo.create_applications(generator)
    assert created == Application.objects.count() == generator.counts["funding_applications"]
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Application.Status.values)
    allowed = {(t.source, t.target) for t in APPLICATION_TRANSITIONS}
    for application in Application.objects.prefetch_related("steps"):
        assert application.project.proposal_status == Project.ProposalStatus.ACCEPTED
        steps = sorted(application.steps.all(), key=lambda s: (s.taken_at, s.pk))
        path = demo.PATHS[application.status]
        assert [(s.source, s.target) for s in steps] == list(itertools.pairwise(path))
        assert all((s.source, s.target) in allowed for s in steps)
        if application.awarded_amount is not None:
            assert application.awarded_amount <= application.requested_amount
        if application.call.max_amount is not None:
            assert application.requested_amount <= application.call.max_amount
        if application.status == "rejected":
            assert application.rejection_reason
            assert application.decided_on >= application.submitted_on
        if application.status in {"awarded", "contracted", "reporting", "closed"}:
            assert application.awarded_amount and application.decided_on
        if application.status in {"planned", "preparation"}:
            assert application.submitted_on is None
    assert ApplicationStep.objects.count() == generator.counts["funding_application_steps"]


def test_same_seed_same_applications_and_none_without_calls(world, portfolio):
    demo.create_applications(_generator(world, seed=3))
    first = _snapshot()
    Application.objects.all().delete()
    demo.create_applications(_generator(world, seed=3))
    assert _snapshot() == first
    Application.objects.all().delete()
    demo.create_applications(_generator(world, seed=4))
    assert _snapshot() != first
    Application.objects.all().delete()
    for call in portfolio:
        call.delete()
    generator = _generator(world)
    assert demo.create_applications(generator) == 0
    assert generator.counts["funding_applications"] == 0
