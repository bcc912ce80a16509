"""Every write to the strategy. Each function is one transaction and leaves an audit row."""

from __future__ import annotations

from django.db import transaction

from cultiva.core.activity import activity_record
from cultiva.portfolio.models import Project
from cultiva.strategy import rules
from cultiva.strategy.models import Measure, MeasureProject


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
