"""The demo's finished review round is coherent enough to rank."""

from statistics import mean

import pytest

from cultiva.demo.generator import demo_generate
from cultiva.portfolio.models import (
    ConflictDeclaration,
    Review,
    ReviewAssignment,
    ReviewRound,
    Score,
)
from tests.synthesis.theme_helpers import fallback_embedder  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_embedder")]


def test_small_demo_has_a_finished_review_round():
    result = demo_generate(scale="small", seed=3)
    round = ReviewRound.objects.get(process=result.process)
    assert round.status == "closed" and round.criteria.count() == 4
    assert set(round.criteria.values_list("name__ro", flat=True)) >= {"Fezabilitate"}
    # Cultiva kept one expert out of a project of their own organisation.
    detected = ConflictDeclaration.objects.filter(assignment__round=round, detected=True)
    assert detected.exists()
    row = detected.first().assignment
    assert row.status == "conflict"
    assert row.project.lead_organisation.memberships.filter(user=row.reviewer).exists()
    assert not Review.objects.filter(assignment__status="conflict").exists()
    # Every eligible project has submitted reviews, each scoring every criterion with a reason.
    eligible = round.entries.filter(eligible=True).count()
    reviewed = (
        ReviewAssignment.objects.filter(round=round, review__status="submitted")
        .values("project_id")
        .distinct()
        .count()
    )
    assert reviewed == eligible > 0
    scores = Score.objects.filter(review__assignment__round=round)
    assert scores.count() == Review.objects.filter(assignment__round=round).count() * 4
    assert not scores.filter(reason="").exists()
    # Reviewers differ in severity: their mean scores are not all the same.
    by_reviewer = {}
    for reviewer_id, value in scores.values_list("review__assignment__reviewer_id", "value"):
        by_reviewer.setdefault(reviewer_id, []).append(value)
    means = sorted(mean(v) for v in by_reviewer.values())
    assert means[-1] - means[0] >= 0.5
    assert set(
        Review.objects.filter(assignment__round=round).values_list("recommendation", flat=True)
    ) >= {"fund", "no"}
