"""Who may see and shape the project portfolio."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cultiva.accounts.models import Membership
from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.core.workflow import targets_from, transition_verdict
from cultiva.ideas.models import Contribution
from cultiva.portfolio.maturity import LEAD, MATURITY_TRANSITIONS
from cultiva.portfolio.models import Project
from cultiva.processes.rules import (
    STAFF_ROLES,
    can_facilitate,
    can_manage_process,
    can_view_process,
    has_role,
    roles_in,
)


def can_view_portfolio(user, process) -> Verdict:
    return can_view_process(user, process)


def can_view_project(user, project: Project) -> Verdict:
    return can_view_process(user, project.process)


def is_lead_person(user, project: Project) -> bool:
    """One of the people of the project's lead organisation (cached on the user)."""
    if not user.is_authenticated or project.lead_organisation_id is None:
        return False
    if "_cultiva_organisations" not in user.__dict__:
        user.__dict__["_cultiva_organisations"] = frozenset(
            Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
        )
    return project.lead_organisation_id in user.__dict__["_cultiva_organisations"]


def project_actor_roles(user, project: Project) -> frozenset[str]:
    """The roles the maturity workflow knows this person by: their roles in the project's
    process, plus "lead" for the people of its lead organisation."""
    if user.is_authenticated and user.is_superuser:
        return frozenset({*STAFF_ROLES, LEAD})
    roles = set(roles_in(user, project.process))
    if is_lead_person(user, project):
        roles.add(LEAD)
    return frozenset(roles)


def can_edit_project(user, project: Project) -> Verdict:
    verdict = can_view_project(user, project)
    if not verdict:
        return verdict
    if has_role(user, project.process, *STAFF_ROLES) or is_lead_person(user, project):
        return ALLOW
    return deny(
        _(
            "Only the people of the lead organisation and the process's facilitators and "
            "coordinators can edit this project."
        )
    )


def can_change_lead_organisation(user, project: Project) -> Verdict:
    """The lead organisation is chosen by the people running the process (a lead could
    otherwise hand the project away and lose it by mistake)."""
    return can_facilitate(user, project.process)


def can_change_maturity(user, project: Project, target: str) -> Verdict:
    verdict = can_edit_project(user, project)
    if not verdict:
        return verdict
    return transition_verdict(
        MATURITY_TRANSITIONS,
        source=project.maturity,
        target=target,
        actor_roles=project_actor_roles(user, project),
    )


def maturity_targets(user, project: Project) -> list[str]:
    """The maturities this person may move the project to now (none if they may not edit)."""
    if not can_edit_project(user, project):
        return []
    return targets_from(MATURITY_TRANSITIONS, project.maturity, project_actor_roles(user, project))


def can_promote(user, contribution: Contribution) -> Verdict:
    verdict = can_facilitate(user, contribution.process)
    if not verdict:
        return verdict
    if contribution.status not in (Contribution.Status.SUBMITTED, Contribution.Status.IN_PORTFOLIO):
        return deny(_("Only submitted contributions can become projects."))
    return ALLOW


def can_link_measure(user, project: Project) -> Verdict:
    return can_manage_process(user, project.process)
