"""Every write to contributions. Each function is one transaction and leaves an audit row."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from cultiva.core.activity import activity_record
from cultiva.ideas import rules
from cultiva.ideas.models import Contribution


@transaction.atomic
def contribution_create(
    *,
    author,
    process,
    kind: str,
    title: str,
    body: str,
    language: str,
    domains: Iterable,
    settlements: Iterable = (),
    target_groups: Iterable = (),
    organisation=None,
    meeting=None,
    resources_needed: str = "",
    time_horizon: str = "",
    source: str = Contribution.Source.ONLINE,
    submit: bool = True,
) -> Contribution:
    """Create a contribution, as a draft or submitted straight away."""
    rules.can_submit_contribution(author, process, organisation).enforce()
    now = timezone.now()
    contribution = Contribution.objects.create(
        process=process,
        author=author,
        organisation=organisation,
        meeting=meeting,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        language=language,
        resources_needed=resources_needed.strip(),
        time_horizon=time_horizon,
        source=source,
        status=Contribution.Status.SUBMITTED if submit else Contribution.Status.DRAFT,
        submitted_at=now if submit else None,
    )
    contribution.domains.set(domains)
    contribution.settlements.set(settlements)
    contribution.target_groups.set(target_groups)
    activity_record(
        actor=author,
        verb="contribution.submitted" if submit else "contribution.drafted",
        target=contribution,
        process=process,
        changes={"status": [None, contribution.status], "kind": kind},
    )
    return contribution


@transaction.atomic
def contribution_change_status(
    *, contribution: Contribution, actor, target: str, reason: str = ""
) -> Contribution:
    """Move a contribution along its workflow (CONTRIBUTION_TRANSITIONS)."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    rules.can_change_status(actor, contribution, target).enforce()
    before = contribution.status
    contribution.status = target
    if target == Contribution.Status.SUBMITTED and contribution.submitted_at is None:
        contribution.submitted_at = timezone.now()
    contribution.save(update_fields=["status", "submitted_at", "updated_at"])
    changes = {"status": [before, target]}
    if reason:
        changes["reason"] = reason
    activity_record(
        actor=actor,
        verb=f"contribution.{target}",
        target=contribution,
        process=contribution.process,
        changes=changes,
    )
    return contribution
