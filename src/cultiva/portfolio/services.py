"""Every write to the portfolio. Each function is one transaction and leaves an audit row."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from cultiva.core.activity import activity_record
from cultiva.ideas.engagement.notifications import notify_promoted
from cultiva.ideas.models import Contribution
from cultiva.portfolio import rules
from cultiva.portfolio.models import Project, ProjectOrigin


def next_project_code(process) -> str:
    prefix = process.slug.split("-")[0][:3].upper() or "P"
    last = (
        Project.objects.filter(process=process, code__startswith=f"{prefix}-")
        .aggregate(last=Max("code"))
        .get("last")
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}-{number:04d}"


@transaction.atomic
def project_promote_from_contributions(
    *,
    actor,
    contributions: Sequence[Contribution],
    title: dict[str, str],
    summary: dict[str, str],
    lead_organisation=None,
    budget_total: Decimal | None = None,
) -> Project:
    """Turn one or more contributions into a portfolio project that records its origins."""
    if not contributions:
        raise ValueError("A project needs at least one originating contribution.")
    process = contributions[0].process
    for contribution in contributions:
        rules.can_promote(actor, contribution).enforce()
    project = Project.objects.create(
        process=process,
        code=next_project_code(process),
        title=title,
        summary=summary,
        lead_organisation=lead_organisation or contributions[0].organisation,
        budget_total=budget_total,
        created_by=actor,
    )
    domain_ids, settlement_ids = set(), set()
    for contribution in contributions:
        ProjectOrigin.objects.create(project=project, contribution=contribution, added_by=actor)
        notify_promoted(contribution=contribution, project=project, actor=actor)
        domain_ids.update(contribution.domains.values_list("pk", flat=True))
        settlement_ids.update(contribution.settlements.values_list("pk", flat=True))
        if contribution.status != Contribution.Status.IN_PORTFOLIO:
            before = contribution.status
            contribution.status = Contribution.Status.IN_PORTFOLIO
            contribution.save(update_fields=["status", "updated_at"])
            activity_record(
                actor=actor,
                verb="contribution.in_portfolio",
                target=contribution,
                process=process,
                changes={"status": [before, contribution.status], "project": project.code},
            )
    project.domains.set(domain_ids)
    project.settlements.set(settlement_ids)
    activity_record(
        actor=actor,
        verb="project.promoted",
        target=project,
        process=process,
        changes={"origins": [c.pk for c in contributions]},
    )
    return project
