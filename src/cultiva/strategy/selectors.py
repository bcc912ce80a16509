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
