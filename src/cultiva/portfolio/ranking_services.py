"""The writes of the ranking pages: the funding line and normalisation, and publication."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from cultiva.core.activity import activity_record
from cultiva.portfolio import ranking_rules
from cultiva.portfolio.models import ReviewRound


def _locked(review_round: ReviewRound) -> ReviewRound:
    return ReviewRound.objects.select_for_update().select_related("process").get(pk=review_round.pk)


@transaction.atomic
def review_round_ranking_options_set(
    *,
    actor,
    review_round: ReviewRound,
    funding_line: int | None,
    normalise_severity: bool,
) -> ReviewRound:
    """The funding line the stability labels use, and whether reviewers' severity is
    normalised. Logged with the values before and after."""
    current = _locked(review_round)
    verdict = ranking_rules.can_set_ranking_options(actor, current)
    if not verdict:
        raise ValidationError(verdict.reason, code="refused")
    changes = {}
    if current.funding_line != funding_line:
        changes["funding_line"] = [current.funding_line, funding_line]
        current.funding_line = funding_line
    if current.normalise_severity != normalise_severity:
        changes["normalise_severity"] = [current.normalise_severity, normalise_severity]
        current.normalise_severity = normalise_severity
    if not changes:
        return current
    current.save(update_fields=["funding_line", "normalise_severity", "updated_at"])
    activity_record(
        actor=actor,
        verb="review_round.ranking_options_changed",
        target=current,
        process=current.process,
        changes=changes,
    )
    return current


@transaction.atomic
def review_round_publish(*, actor, review_round: ReviewRound) -> ReviewRound:
    """Closed → published: the results page opens to whoever may see the process."""
    current = _locked(review_round)
    verdict = ranking_rules.can_publish_results(actor, current)
    if not verdict:
        raise ValidationError(verdict.reason, code="refused")
    before = current.status
    current.status = ReviewRound.Status.PUBLISHED
    current.save(update_fields=["status", "updated_at"])
    activity_record(
        actor=actor,
        verb="review_round.published",
        target=current,
        process=current.process,
        changes={"status": [before, current.status]},
    )
    return current
