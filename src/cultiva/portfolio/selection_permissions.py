"""Who may see, make and compare saved portfolios.

- Viewing: everyone who may view the process's portfolio may open a saved portfolio and the
  catalogue (a saved portfolio shows nothing the portfolio list does not already show).
- Making, comparing, renaming, deleting: the process's coordinators, facilitators and
  decision-makers. A facilitator or decision-maker renames and deletes the ones they made;
  a coordinator any of the process's.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.processes.models import ProcessRole
from cultiva.processes.rules import can_view_process, has_role

Role = ProcessRole.Role
SELECTION_ROLES = (Role.COORDINATOR, Role.FACILITATOR, Role.DECISION_MAKER)


def can_view_selections(user, process) -> Verdict:
    return can_view_process(user, process)


def can_make_selections(user, process) -> Verdict:
    verdict = can_view_selections(user, process)
    if not verdict:
        return verdict
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if has_role(user, process, *SELECTION_ROLES):
        return ALLOW
    return deny(
        _(
            "Only the process's coordinators, facilitators and decision-makers can save and "
            "compare portfolios."
        )
    )


def can_change_selection(user, selection) -> Verdict:
    verdict = can_make_selections(user, selection.process)
    if not verdict:
        return verdict
    if has_role(user, selection.process, Role.COORDINATOR) or selection.created_by_id == user.pk:
        return ALLOW
    return deny(_("Only its author and the process's coordinators can change this portfolio."))
