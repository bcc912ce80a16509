"""Every write to the portfolio. Each function is one transaction and leaves an audit row."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record
from cultiva.core.i18n import localize
from cultiva.ideas.engagement.notifications import notify_promoted
from cultiva.ideas.models import Contribution
from cultiva.meetings import uploads
from cultiva.portfolio import card_checks, rules
from cultiva.portfolio.card_layout import MULTILINGUAL_FIELDS
from cultiva.portfolio.models import (
    BudgetLine,
    MaturityChange,
    Milestone,
    OutputIndicator,
    Project,
    ProjectAttachment,
    ProjectOrigin,
    ProjectPartner,
    ProjectVersion,
    Risk,
)

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


@dataclass(frozen=True)
class PartnerRow:
    """A partner of the project as the card gives it: the organisation and its role."""

    organisation: object
    role: dict[str, str] = field(default_factory=dict)


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
    card: dict | None = None,
    target_groups: Sequence | None = None,
    synergy_projects: Sequence | None = None,
    meetings: Sequence | None = None,
    milestones: Sequence[dict] | None = None,
    budget_lines: Sequence[dict] | None = None,
    risks: Sequence[dict] | None = None,
    indicators: Sequence[dict] | None = None,
    new_attachments: Sequence[tuple[str, object]] = (),
    remove_attachments: Sequence[int] = (),
) -> Project:
    """Edit a project's card. An edit based on an older version than the stored one is
    refused (ValidationError), never silently written over the other person's changes.

    `partners` are organisations (an existing partner keeps its role) or `PartnerRow`s.
    `card` holds the programme card's other own fields (CARD_EXTRA_FIELDS); the child rows
    (milestones, budget lines, risks, indicators) are given whole as lists of dicts and
    replace the stored ones; None leaves a part as it is. Every save that changes something
    keeps the whole card as a `ProjectVersion`."""
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
    card = dict(card or {})
    unknown = set(card) - set(CARD_EXTRA_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of the card: {sorted(unknown)}")
    start = card.get("start_date", current.start_date)
    end = card.get("end_date", current.end_date)
    errors = card_checks.card_errors(
        start=start,
        end=end,
        budget_lines=budget_lines or [],
        budget_total=budget_total,
        milestones=milestones or [],
        indicators=indicators or [],
    )
    if errors:
        raise ValidationError(errors)
    if current.versions.count() == 0:
        # The card as it was before versions were kept: the first edit's diff needs it.
        ProjectVersion.objects.create(
            project=current, number=current.version, snapshot=card_snapshot(current), actor=None
        )
    values = {
        "title": title,
        "summary": summary,
        "objectives": objectives,
        "rationale": rationale,
        "expected_results": expected_results,
        "lead_organisation": lead_organisation,
        "budget_total": budget_total,
        "currency": currency,
        **card,
    }
    changes = fields_assign(current, values)
    if _set_partners(current, partners):
        changes["partners"] = sorted(_organisation(p).pk for p in partners)
    links = {"settlements": settlements, "domains": domains}
    links.update(
        (name, chosen)
        for name, chosen in (
            ("target_groups", target_groups),
            ("synergy_projects", synergy_projects),
            ("meetings", meetings),
        )
        if chosen is not None
    )
    if synergy_projects is not None and any(
        p.process_id != current.process_id or p.pk == current.pk for p in synergy_projects
    ):
        raise ValidationError({"synergy_projects": _("Choose other projects of the same process.")})
    changes.update(links_assign(current, links))
    rows = {
        "milestones": (Milestone, milestones, ("date", "name")),
        "budget_lines": (BudgetLine, budget_lines, ("year", "source", "planned", "secured")),
        "risks": (Risk, risks, ("description", "mitigation")),
        "output_indicators": (OutputIndicator, indicators, ("name", "unit", "target")),
    }
    for related, (model, given, names) in rows.items():
        if given is not None and _replace_rows(current, related, model, given, names):
            changes[related] = len(given)
    attachment_changes = _attachments_change(
        actor=actor, project=current, new=new_attachments, remove=remove_attachments
    )
    changes.update(attachment_changes)
    if not changes:
        return current
    current.version = F("version") + 1
    current.save(update_fields=[*values, "version", "updated_at"])
    current.refresh_from_db(fields=["version"])
    ProjectVersion.objects.create(
        project=current, number=current.version, snapshot=card_snapshot(current), actor=actor
    )
    activity_record(
        actor=actor,
        verb="project.updated",
        target=current,
        process=current.process,
        changes=changes,
    )
    return current


# The programme card's own fields beyond the original ones, given to project_update as `card`.
CARD_EXTRA_FIELDS = (
    "development_area",
    "programme_theme",
    "activities",
    "synergies",
    "financing",
    "responsible_body",
    "presentation_ideas",
    "related_proposals",
    "start_date",
    "end_date",
    "private_notes",
)


def _organisation(partner):
    return partner.organisation if isinstance(partner, PartnerRow) else partner


def _set_partners(project: Project, partners: Sequence) -> bool:
    """Make the partners those given (with their roles); True when anything changed."""
    stored = {p.organisation_id: p for p in ProjectPartner.objects.filter(project=project)}
    wanted: dict[int, dict | None] = {}
    for partner in partners:
        organisation = _organisation(partner)
        if organisation.pk == project.lead_organisation_id:
            raise ValidationError(
                {"partners": _("The lead organisation cannot also be a partner.")}
            )
        wanted[organisation.pk] = partner.role if isinstance(partner, PartnerRow) else None
    changed = False
    for organisation_id, row in stored.items():
        if organisation_id not in wanted:
            row.delete()
            changed = True
    for organisation_id, role in wanted.items():
        row = stored.get(organisation_id)
        if row is None:
            ProjectPartner.objects.create(
                project=project, organisation_id=organisation_id, role=role or {}
            )
            changed = True
        elif role is not None and row.role != role:
            row.role = role
            row.save(update_fields=["role"])
            changed = True
    return changed


def _replace_rows(project: Project, related: str, model, given: Sequence[dict], names) -> bool:
    """Replace a child list of the card by the given rows; True when it differs."""
    existing = [
        tuple(_plain(getattr(row, n)) for n in names) for row in getattr(project, related).all()
    ]
    wanted = [tuple(_plain(row.get(n)) for n in names) for row in given]
    if existing == wanted:
        return False
    model.objects.filter(project=project).delete()
    ordered = any(f.name == "position" for f in model._meta.fields)
    model.objects.bulk_create(
        model(
            project=project,
            **{n: row[n] if row.get(n) is not None else _default(model, n) for n in names},
            **({"position": index} if ordered else {}),
        )
        for index, row in enumerate(given)
    )
    return True


def _default(model, name):
    return model._meta.get_field(name).get_default()


def _plain(value):
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return tuple(sorted((k, v) for k, v in value.items() if v))
    return value


def _attachments_change(*, actor, project: Project, new, remove) -> dict:
    changes: dict = {}
    if remove:
        doomed = list(ProjectAttachment.objects.filter(project=project, pk__in=list(remove)))
        names = [a.file.name for a in doomed]
        storage = ProjectAttachment._meta.get_field("file").storage
        ProjectAttachment.objects.filter(pk__in=[a.pk for a in doomed]).delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
        if doomed:
            changes["attachments_removed"] = [a.title for a in doomed]
    added = []
    stored: list[str] = []
    try:
        for title, file in new:
            checked = uploads.check_upload(file, max_bytes=settings.MATERIAL_MAX_BYTES)
            file.seek(0)
            attachment = ProjectAttachment(
                project=project,
                title=(title or "").strip()[:200] or PurePath(file.name).stem[:200],
                content_type=checked.content_type,
                size=checked.size,
                uploaded_by=actor,
            )
            attachment.file.save(
                f"{secrets.token_urlsafe(16)}{checked.extension}", file, save=False
            )
            stored.append(attachment.file.name)
            attachment.save()
            added.append(attachment.title)
    except Exception:
        # Nothing is kept when the card cannot be saved: remove the stored files too.
        storage = ProjectAttachment._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        raise
    if added:
        changes["attachments_added"] = added
    return changes


def card_snapshot(project: Project) -> dict:
    """The whole card as JSON: what a `ProjectVersion` keeps and the history page diffs."""
    project = (
        Project.objects.select_related("lead_organisation")
        .prefetch_related(
            "partnerships__organisation",
            "settlements",
            "domains",
            "target_groups",
            "synergy_projects",
            "meetings",
            "milestones",
            "budget_lines",
            "risks",
            "output_indicators",
            "attachments",
        )
        .get(pk=project.pk)
    )
    lead = project.lead_organisation
    return {
        "code": project.code,
        **{name: getattr(project, name) for name in MULTILINGUAL_FIELDS},
        "lead_organisation": {"id": lead.pk, "name": lead.name} if lead else None,
        "partners": [
            {"id": p.organisation_id, "name": p.organisation.name, "role": p.role}
            for p in sorted(project.partnerships.all(), key=lambda p: p.organisation_id)
        ],
        "settlements": sorted(str(s) for s in project.settlements.all()),
        "domains": sorted(localize(d.name) for d in project.domains.all()),
        "target_groups": sorted(localize(g.name) for g in project.target_groups.all()),
        "synergy_projects": sorted(
            f"{p.code} {localize(p.title)}" for p in project.synergy_projects.all()
        ),
        "meetings": sorted(localize(m.title) for m in project.meetings.all()),
        "start_date": project.start_date.isoformat() if project.start_date else None,
        "end_date": project.end_date.isoformat() if project.end_date else None,
        "milestones": [
            {"date": m.date.isoformat(), "name": m.name} for m in project.milestones.all()
        ],
        "budget_total": str(project.budget_total) if project.budget_total is not None else None,
        "currency": project.currency,
        "budget_lines": [
            {
                "year": b.year,
                "source": b.source,
                "planned": str(b.planned),
                "secured": str(b.secured),
            }
            for b in project.budget_lines.all()
        ],
        "risks": [
            {"description": r.description, "mitigation": r.mitigation} for r in project.risks.all()
        ],
        "indicators": [
            {"name": i.name, "unit": i.unit, "target": str(i.target)}
            for i in project.output_indicators.all()
        ],
        "attachments": [{"title": a.title, "size": a.size} for a in project.attachments.all()],
        "private_notes": project.private_notes,
    }


def fields_assign(project: Project, values: dict) -> dict:
    """Set the project's fields to `values` (not saved); the changes, as the log keeps them."""
    changes = {}
    for name, value in values.items():
        before = getattr(project, name)
        if before != value:
            changes[name] = [_loggable(before), _loggable(value)]
            setattr(project, name, value)
    return changes


def links_assign(project: Project, links: dict) -> dict:
    """Set the project's many-to-many links to the chosen objects; the changes (id lists)."""
    changes = {}
    for name, chosen in links.items():
        manager = getattr(project, name)
        before = set(manager.values_list("pk", flat=True))
        after = {obj.pk for obj in chosen}
        if before != after:
            manager.set(after)
            changes[name] = [sorted(before), sorted(after)]
    return changes


def _loggable(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
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
