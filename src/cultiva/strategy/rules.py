"""Who may read and shape the strategy."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.processes.rules import STAFF_ROLES, can_manage_process, can_view_process, has_role
from cultiva.strategy.models import Strategy


def can_view_strategy(user, strategy: Strategy) -> Verdict:
    verdict = can_view_process(user, strategy.process)
    if not verdict:
        return verdict
    # Drafts are the working documents of the people running the process.
    if strategy.status != Strategy.Status.DRAFT:
        return ALLOW
    if has_role(user, strategy.process, *STAFF_ROLES, "expert", "decision_maker"):
        return ALLOW
    return deny(_("The strategy draft is not open to the public yet."))


def can_link_project(user, measure, project) -> Verdict:
    strategy = measure.axis.goal.strategy
    if strategy.process_id != project.process_id:
        return deny(_("The project and the measure belong to different processes."))
    if strategy.status == Strategy.Status.ADOPTED:
        return deny(_("An adopted strategy can no longer be changed."))
    return can_manage_process(user, strategy.process)


def can_create_strategy(user, process) -> Verdict:
    return can_manage_process(user, process)


def can_edit_strategy(user, strategy: Strategy) -> Verdict:
    """The tree (goals, axes, measures, their projects) is shaped by the coordinators, until
    the strategy is adopted."""
    verdict = can_manage_process(user, strategy.process)
    if not verdict:
        return verdict
    if strategy.status == Strategy.Status.ADOPTED:
        return deny(_("An adopted strategy can no longer be changed."))
    return ALLOW
