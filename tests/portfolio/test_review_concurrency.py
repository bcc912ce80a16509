"""Two submissions of one review at the same moment (two tabs, a double tap): one is saved,
the other refused, never a server error (PostgreSQL only: the assignment's row is locked)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from cultiva.portfolio import review_services as services
from cultiva.portfolio.models import (
    ConflictDeclaration,
    Criterion,
    Review,
    ReviewAssignment,
    ReviewRound,
    Score,
)
from tests.factories import make_project, make_world

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite's in-memory test database cannot be shared by threads, "
    "and it serialises writers anyway. Run with CULTIVA_TEST_DATABASE_URL.",
)


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_make_one_review():
    world = make_world()
    round = ReviewRound.objects.create(process=world.process, title={"hu": "Kör"}, status="open")
    criterion = Criterion.objects.create(round=round, name={"hu": "Relevancia"}, weight=Decimal(1))
    for attempt in range(3):
        project = make_project(world.process, code=f"VER-{attempt}")
        assignment = ReviewAssignment.objects.create(
            round=round, project=project, reviewer=world.expert
        )
        ConflictDeclaration.objects.create(assignment=assignment, kind="none")
        barrier = threading.Barrier(2)
        outcomes: list[str] = []
        errors: list[Exception] = []

        def submit(value, pk=assignment.pk, barrier=barrier, outcomes=outcomes, errors=errors):
            try:
                here = ReviewAssignment.objects.get(pk=pk)
                barrier.wait(timeout=10)
                services.review_save(
                    actor=world.expert,
                    assignment=here,
                    scores={criterion.pk: (value, "Indoklás")},
                    recommendation="fund",
                    comment="",
                    submit=True,
                )
                outcomes.append("saved")
            except PermissionDenied:
                outcomes.append("refused")
            except Exception as error:  # reported to the main thread below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=submit, args=(v,)) for v in (2, 5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors
        assert sorted(outcomes) == ["refused", "saved"]
        assert Review.objects.filter(assignment=assignment, status="submitted").count() == 1
        assert Score.objects.filter(review__assignment=assignment).count() == 1
