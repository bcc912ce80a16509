"""Reads of the strategy tree, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch

from cultiva.portfolio.models import Project
from cultiva.strategy.models import Goal, Measure, PriorityAxis, Strategy


def strategy_tree(*, pk: int) -> Strategy:
    projects = Project.objects.select_related("lead_organisation").order_by("code")
    measures = Measure.objects.prefetch_related(Prefetch("projects", queryset=projects))
    axes = PriorityAxis.objects.prefetch_related(Prefetch("measures", queryset=measures))
    goals = Goal.objects.prefetch_related(Prefetch("axes", queryset=axes))
    return (
        Strategy.objects.select_related("process__county")
        .prefetch_related(Prefetch("goals", queryset=goals))
        .get(pk=pk)
    )


def current_strategy(*, process) -> Strategy | None:
    return Strategy.objects.filter(process=process).order_by("-version", "-pk").first()


def measures_of_process(*, process):
    return (
        Measure.objects.filter(axis__goal__strategy__process=process)
        .select_related("axis__goal__strategy")
        .order_by("axis__goal__position", "axis__position", "position", "code")
    )


_NODES = {
    "goal": lambda process: Goal.objects.filter(strategy__process=process).select_related(
        "strategy__process"
    ),
    "axis": lambda process: PriorityAxis.objects.filter(
        goal__strategy__process=process
    ).select_related("goal__strategy__process"),
    "measure": lambda process: Measure.objects.filter(
        axis__goal__strategy__process=process
    ).select_related("axis__goal__strategy__process"),
    "strategy": lambda process: Strategy.objects.filter(process=process).select_related("process"),
}


def strategy_nodes(*, process, kind: str):
    """The process's goals, axes, measures or strategies (pick one with .get(pk=)): a node
    reached by id is always looked up through the process in the address."""
    return _NODES[kind](process)


def measure_with_projects(*, measure: Measure) -> list[Project]:
    return list(
        measure.projects.select_related("lead_organisation").order_by("code"),
    )


def projects_to_link(*, measure: Measure):
    """The projects of the measure's process it does not serve yet."""
    process_id = measure.axis.goal.strategy.process_id
    return (
        Project.objects.in_portfolio()
        .filter(process_id=process_id)
        .exclude(measure_links__measure=measure)
        .order_by("code")
    )
