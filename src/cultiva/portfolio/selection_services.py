"""Every write to saved portfolios: one transaction each, each leaves an audit row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record
from cultiva.portfolio import selection_permissions as permissions
from cultiva.portfolio.models import Project, SavedPortfolio

MAX_TOP_N = 1000
MAX_NAME = 200


def _clean_name(*, process, name: str, exclude_pk: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the portfolio a name.")})
    if len(name) > MAX_NAME:
        raise ValidationError(
            {"name": _("The name is at most %(max)s characters long.") % {"max": MAX_NAME}}
        )
    taken = SavedPortfolio.objects.filter(process=process, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": _("This process already has a portfolio of that name.")})
    return name


def _clean_rule(rule: str, parameters: Mapping) -> dict:
    if rule not in SavedPortfolio.Rule.values:
        raise ValidationError({"rule": _("Choose one of the rules.")})
    if rule == SavedPortfolio.Rule.TOP_N:
        try:
            n = int(parameters.get("n"))
        except (TypeError, ValueError):
            n = 0
        if not 1 <= n <= MAX_TOP_N:
            raise ValidationError(
                {"n": _("Give a number of projects between 1 and %(max)s.") % {"max": MAX_TOP_N}}
            )
        return {"n": n}
    if rule == SavedPortfolio.Rule.WITHIN_BUDGET:
        try:
            budget = Decimal(str(parameters.get("budget")))
        except (InvalidOperation, TypeError, ValueError):
            budget = None
        if budget is None or not budget.is_finite():
            raise ValidationError({"budget": _("Give the budget in RON.")})
        if budget < 0:
            raise ValidationError({"budget": _("The budget cannot be negative.")})
        return {"budget": str(budget.quantize(Decimal("0.01")))}
    return {}


def _portfolio_projects(*, process, project_ids: Sequence[int]) -> list[Project]:
    ids = set(project_ids)
    if not ids:
        raise ValidationError({"projects": _("Pick at least one project.")})
    projects = list(Project.objects.in_portfolio().filter(process=process, pk__in=ids))
    if len(projects) != len(ids):
        raise ValidationError(
            {"projects": _("Some of the chosen projects are not in this process's portfolio.")}
        )
    return projects


@transaction.atomic
def saved_portfolio_create(
    *,
    actor,
    process,
    name: str,
    kind: str,
    rule: str = "",
    parameters: Mapping | None = None,
    project_ids: Sequence[int] = (),
) -> SavedPortfolio:
    """A named selection of the process's portfolio: picked by hand, or a rule with its
    parameters (evaluated each time it is viewed)."""
    permissions.can_make_selections(actor, process).enforce()
    name = _clean_name(process=process, name=name)
    if kind == SavedPortfolio.Kind.HAND:
        projects = _portfolio_projects(process=process, project_ids=project_ids)
        rule, clean_parameters = "", {}
    elif kind == SavedPortfolio.Kind.RULE:
        projects = []
        clean_parameters = _clean_rule(rule, parameters or {})
    else:
        raise ValidationError({"kind": _("Choose how the projects are chosen.")})
    selection = SavedPortfolio.objects.create(
        process=process,
        name=name,
        kind=kind,
        rule=rule,
        parameters=clean_parameters,
        created_by=actor,
    )
    selection.projects.set(projects)
    activity_record(
        actor=actor,
        verb="saved_portfolio.created",
        target=selection,
        process=process,
        changes={
            "name": name,
            "kind": kind,
            "rule": rule,
            "parameters": clean_parameters,
            "projects": sorted(p.code for p in projects),
        },
    )
    return selection


@transaction.atomic
def saved_portfolio_rename(*, actor, selection: SavedPortfolio, name: str) -> SavedPortfolio:
    permissions.can_change_selection(actor, selection).enforce()
    name = _clean_name(process=selection.process, name=name, exclude_pk=selection.pk)
    before = selection.name
    if name != before:
        selection.name = name
        selection.save(update_fields=["name", "updated_at"])
        activity_record(
            actor=actor,
            verb="saved_portfolio.renamed",
            target=selection,
            process=selection.process,
            changes={"name": [before, name]},
        )
    return selection


@transaction.atomic
def saved_portfolio_delete(*, actor, selection: SavedPortfolio) -> None:
    permissions.can_change_selection(actor, selection).enforce()
    activity_record(
        actor=actor,
        verb="saved_portfolio.deleted",
        target=selection,
        process=selection.process,
        changes={"name": selection.name, "kind": selection.kind, "rule": selection.rule},
    )
    selection.delete()
