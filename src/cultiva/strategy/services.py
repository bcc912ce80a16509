"""Every write to the strategy. Each function is one transaction and leaves an audit row."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record
from cultiva.portfolio.models import Project
from cultiva.strategy import rules
from cultiva.strategy.models import Goal, Measure, MeasureProject, PriorityAxis, Strategy

StrategyNode = Goal | PriorityAxis | Measure
# A node's kind → its model, the name of its parent field, and its children's kind.
NODE_KINDS: dict[str, tuple[type, str, str | None]] = {
    "goal": (Goal, "strategy", "axis"),
    "axis": (PriorityAxis, "goal", "measure"),
    "measure": (Measure, "axis", None),
}
CHILDREN = {"goal": "axes", "axis": "measures"}


def node_kind(node: StrategyNode) -> str:
    return {Goal: "goal", PriorityAxis: "axis", Measure: "measure"}[type(node)]


def node_strategy(node: StrategyNode) -> Strategy:
    if isinstance(node, Goal):
        return node.strategy
    if isinstance(node, PriorityAxis):
        return node.goal.strategy
    return node.axis.goal.strategy


def _siblings(node_or_model, parent):
    model = node_or_model if isinstance(node_or_model, type) else type(node_or_model)
    kind = {Goal: "goal", PriorityAxis: "axis", Measure: "measure"}[model]
    return model.objects.filter(**{NODE_KINDS[kind][1]: parent})


def _check_period(period_start: int, period_end: int) -> None:
    if period_end < period_start:
        raise ValidationError(
            {"period_end": _("The last year cannot be before the first year.")}, code="period"
        )


@transaction.atomic
def strategy_create(
    *,
    actor,
    process,
    title: dict[str, str],
    vision: dict[str, str],
    summary: dict[str, str],
    period_start: int,
    period_end: int,
) -> Strategy:
    rules.can_create_strategy(actor, process).enforce()
    _check_period(period_start, period_end)
    strategy = Strategy.objects.create(
        process=process,
        title=title,
        vision=vision,
        summary=summary,
        period_start=period_start,
        period_end=period_end,
    )
    activity_record(
        actor=actor,
        verb="strategy.created",
        target=strategy,
        process=process,
        changes={"period": [period_start, period_end]},
    )
    return strategy


@transaction.atomic
def strategy_update(
    *,
    actor,
    strategy: Strategy,
    title: dict[str, str],
    vision: dict[str, str],
    summary: dict[str, str],
    period_start: int,
    period_end: int,
) -> Strategy:
    rules.can_edit_strategy(actor, strategy).enforce()
    _check_period(period_start, period_end)
    values = {
        "title": title,
        "vision": vision,
        "summary": summary,
        "period_start": period_start,
        "period_end": period_end,
    }
    changes = {k: [getattr(strategy, k), v] for k, v in values.items() if getattr(strategy, k) != v}
    for name, value in values.items():
        setattr(strategy, name, value)
    strategy.save(update_fields=[*values, "updated_at"])
    if changes:
        activity_record(
            actor=actor,
            verb="strategy.updated",
            target=strategy,
            process=strategy.process,
            changes=changes,
        )
    return strategy


def _check_code(strategy: Strategy, model, code: str, *, exclude_pk: int | None = None) -> None:
    """Codes name the nodes in documents and links: unique per kind within a strategy."""
    lookup = {
        Goal: "strategy",
        PriorityAxis: "goal__strategy",
        Measure: "axis__goal__strategy",
    }[model]
    taken = model.objects.filter(**{lookup: strategy, "code": code}).exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {"code": _("The code %(code)s is already used in this strategy.") % {"code": code}},
            code="duplicate_code",
        )


@transaction.atomic
def node_create(
    *,
    actor,
    parent: Strategy | Goal | PriorityAxis,
    code: str,
    title: dict[str, str],
    description: dict[str, str],
) -> StrategyNode:
    """A goal of a strategy, an axis of a goal or a measure of an axis, placed last."""
    kind = {Strategy: "goal", Goal: "axis", PriorityAxis: "measure"}[type(parent)]
    strategy = parent if isinstance(parent, Strategy) else node_strategy(parent)
    rules.can_edit_strategy(actor, strategy).enforce()
    model, parent_field, _child = NODE_KINDS[kind]
    code = code.strip()
    _check_code(strategy, model, code)
    last = _siblings(model, parent).aggregate(last=Max("position"))["last"]
    node = model.objects.create(
        **{parent_field: parent},
        code=code,
        title=title,
        description=description,
        position=0 if last is None else last + 1,
    )
    activity_record(
        actor=actor,
        verb=f"strategy.{kind}_created",
        target=node,
        process=strategy.process,
        changes={"code": code, "parent": str(parent)},
    )
    return node


@transaction.atomic
def node_update(
    *, actor, node: StrategyNode, code: str, title: dict[str, str], description: dict[str, str]
) -> StrategyNode:
    strategy = node_strategy(node)
    rules.can_edit_strategy(actor, strategy).enforce()
    code = code.strip()
    _check_code(strategy, type(node), code, exclude_pk=node.pk)
    values = {"code": code, "title": title, "description": description}
    changes = {k: [getattr(node, k), v] for k, v in values.items() if getattr(node, k) != v}
    for name, value in values.items():
        setattr(node, name, value)
    node.save(update_fields=list(values))
    if changes:
        activity_record(
            actor=actor,
            verb=f"strategy.{node_kind(node)}_updated",
            target=node,
            process=strategy.process,
            changes=changes,
        )
    return node


def node_dependents(node: StrategyNode) -> dict[str, int]:
    """What goes with the node when it is deleted: its axes, measures and project links."""
    if isinstance(node, Goal):
        axes = PriorityAxis.objects.filter(goal=node)
        measures = Measure.objects.filter(axis__goal=node)
    elif isinstance(node, PriorityAxis):
        axes = PriorityAxis.objects.none()
        measures = Measure.objects.filter(axis=node)
    else:
        axes = PriorityAxis.objects.none()
        measures = Measure.objects.filter(pk=node.pk)
    return {
        "axes": axes.count(),
        "measures": measures.count() if not isinstance(node, Measure) else 0,
        "project_links": MeasureProject.objects.filter(measure__in=measures).count(),
    }


@transaction.atomic
def node_delete(*, actor, node: StrategyNode) -> dict[str, int]:
    """Delete the node with everything under it (the projects themselves stay)."""
    strategy = node_strategy(node)
    rules.can_edit_strategy(actor, strategy).enforce()
    removed = node_dependents(node)
    kind = node_kind(node)
    parent = getattr(node, NODE_KINDS[kind][1])
    activity_record(
        actor=actor,
        verb=f"strategy.{kind}_deleted",
        target=node,
        process=strategy.process,
        changes={"code": node.code, "title": node.title, "removed": removed},
    )
    node.delete()
    _renumber(_siblings(type(node), parent))
    return removed


def _renumber(siblings) -> list:
    ordered = list(siblings.order_by("position", "code", "pk"))
    for position, sibling in enumerate(ordered):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    return ordered


@transaction.atomic
def node_move(*, actor, node: StrategyNode, direction: str) -> StrategyNode:
    """One place up or down among its siblings (positions renumbered 0, 1, 2 …)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a node up or down."), code="direction")
    strategy = node_strategy(node)
    rules.can_edit_strategy(actor, strategy).enforce()
    kind = node_kind(node)
    ordered = _renumber(_siblings(node, getattr(node, NODE_KINDS[kind][1])))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == node.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return ordered[index]
    ordered[index].position, ordered[other].position = other, index
    for moved in (ordered[index], ordered[other]):
        moved.save(update_fields=["position"])
    activity_record(
        actor=actor,
        verb=f"strategy.{kind}_moved",
        target=node,
        process=strategy.process,
        changes={"position": [index, other]},
    )
    return ordered[index]


@transaction.atomic
def measure_link_project(*, actor, measure: Measure, project: Project) -> MeasureProject:
    rules.can_link_project(actor, measure, project).enforce()
    link, created = MeasureProject.objects.get_or_create(measure=measure, project=project)
    if created:
        activity_record(
            actor=actor,
            verb="strategy.measure_linked",
            target=project,
            process=project.process,
            changes={"measure": measure.code},
        )
    return link


@transaction.atomic
def measure_unlink_project(*, actor, measure: Measure, project: Project) -> None:
    rules.can_link_project(actor, measure, project).enforce()
    deleted, _ = MeasureProject.objects.filter(measure=measure, project=project).delete()
    if deleted:
        activity_record(
            actor=actor,
            verb="strategy.measure_unlinked",
            target=project,
            process=project.process,
            changes={"measure": measure.code},
        )
