"""Who may see and shape the project portfolio."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cultiva.core.rules import Verdict
from cultiva.ideas.models import Contribution
from cultiva.portfolio.models import Project
from cultiva.processes.rules import can_facilitate, can_manage_process, can_view_process


def can_view_portfolio(user, process) -> Verdict:
    return can_view_process(user, process)


def can_view_project(user, project: Project) -> Verdict:
    return can_view_process(user, project.process)


def can_promote(user, contribution: Contribution) -> Verdict:
    verdict = can_facilitate(user, contribution.process)
    if not verdict:
        return verdict
    from cultiva.core.rules import ALLOW, deny

    if contribution.status not in (Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO):
        return deny(_("Only submitted contributions can become projects."))
    return ALLOW


def can_link_measure(user, project: Project) -> Verdict:
    return can_manage_process(user, project.process)
