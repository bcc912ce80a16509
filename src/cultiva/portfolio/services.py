"""Every write to the portfolio. Each function is one transaction and leaves an audit row."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record
from cultiva.ideas.engagement.notifications import notify_promoted
from cultiva.ideas.models import Contribution
from cultiva.portfolio import rules
from cultiva.portfolio.models import MaturityChange, Project, ProjectOrigin

# The card's own fields that `project_update` writes (the many-to-many ones apart).
CARD_TEXT_FIELDS = ("title", "summary", "objectives", "rationale", "expected_results")
CARD_FIELDS = (*CARD_TEXT_FIELDS, "lead_organisation", "budget_total", "currency")
CARD_LINKS = ("partners", "settlements", "domains")


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
        lead_organisation=lead_organisation,
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


def _locked_current(project: Project) -> Project:
    """The project's row as it is now, locked until the transaction ends."""
    return Project.objects.select_for_update().select_related("process").get(pk=project.pk)


@transaction.atomic
def project_update(
    *,
    actor,
    project: Project,
    expected_version: int,
    title: dict[str, str],
    summary: dict[str, str],
    objectives: dict[str, str],
    rationale: dict[str, str],
    expected_results: dict[str, str],
    lead_organisation,
    partners: Sequence,
    settlements: Sequence,
    domains: Sequence,
    budget_total: Decimal | None,
    currency: str,
) -> Project:
    """Edit a project's card. An edit based on an older version than the stored one is
    refused (ValidationError), never silently written over the other person's changes."""
    current = _locked_current(project)
    rules.can_edit_project(actor, current).enforce()
    if current.version != expected_version:
        raise ValidationError(
            _(
                "Someone else saved a newer version of this project while you were editing "
                "it, so your changes were not saved. They are still in the form: open the "
                "project in another tab to see the current version, then save again if your "
                "changes should replace it."
            ),
            code="stale",
        )
    if lead_organisation != current.lead_organisation:
        rules.can_change_lead_organisation(actor, current).enforce()
    if not title:
        raise ValidationError({"title": _("Fill in the text in at least one language.")})
    values = {
        "title": title,
        "summary": summary,
        "objectives": objectives,
        "rationale": rationale,
        "expected_results": expected_results,
        "lead_organisation": lead_organisation,
        "budget_total": budget_total,
        "currency": currency,
    }
    changes = {}
    for name, value in values.items():
        before = getattr(current, name)
        if before != value:
            changes[name] = [_loggable(before), _loggable(value)]
            setattr(current, name, value)
    links = {"partners": partners, "settlements": settlements, "domains": domains}
    for name, chosen in links.items():
        manager = getattr(current, name)
        before = set(manager.values_list("pk", flat=True))
        after = {obj.pk for obj in chosen}
        if before != after:
            manager.set(after)
            changes[name] = [sorted(before), sorted(after)]
    if not changes:
        return current
    current.version = F("version") + 1
    current.save(update_fields=[*values, "version", "updated_at"])
    current.refresh_from_db(fields=["version"])
    activity_record(
        actor=actor,
        verb="project.updated",
        target=current,
        process=current.process,
        changes=changes,
    )
    return current


def _loggable(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    return value


@transaction.atomic
def project_maturity_change(
    *, actor, project: Project, source: str, target: str, note: str = ""
) -> MaturityChange:
    """Move a project one step through the maturity workflow (portfolio.maturity) and keep
    the step in its history. `source` is the maturity the person saw: if the project has
    moved since, the step is refused."""
    current = _locked_current(project)
    if current.maturity != source:
        raise ValidationError(
            _(
                "The project's maturity changed to “%(current)s” while you were looking at it; "
                "nothing was changed. Choose the next step again."
            )
            % {"current": current.get_maturity_display()},
            code="stale",
        )
    verdict = rules.can_change_maturity(actor, current, target)
    if not verdict:
        raise ValidationError(verdict.reason, code="refused")
    change = MaturityChange.objects.create(
        project=current, source=source, target=target, actor=actor, note=note.strip()
    )
    current.maturity = target
    current.save(update_fields=["maturity", "updated_at"])
    activity_record(
        actor=actor,
        verb="project.maturity_changed",
        target=current,
        process=current.process,
        changes={"maturity": [source, target], "note": change.note},
    )
    return change
