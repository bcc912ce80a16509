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
    if project.proposal_status != Project.ProposalStatus.ACCEPTED:
        return can_view_proposal(user, project)
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
    if has_role(user, project.process, *STAFF_ROLES):
        return ALLOW
    if is_lead_person(user, project):
        return proposal_editable_by_lead(project)
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


# --- proposals and partners (portfolio.proposals holds the workflow) -------------------------


def user_organisation_ids(user) -> frozenset[int]:
    """The organisations the person belongs to (cached on the user, like is_lead_person)."""
    if not user.is_authenticated:
        return frozenset()
    if "_cultiva_organisations" not in user.__dict__:
        user.__dict__["_cultiva_organisations"] = frozenset(
            Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
        )
    return user.__dict__["_cultiva_organisations"]


def can_propose(user, process) -> Verdict:
    """Members propose projects for their own organisation: a role in the process and at
    least one organisation they belong to."""
    if not user.is_authenticated:
        return deny(_("Please log in."))
    verdict = can_view_process(user, process)
    if not verdict:
        return verdict
    if not has_role(user, process, *roles_of_participants()):
        return deny(_("Only the people taking part in this process can propose projects."))
    if not user_organisation_ids(user) and not user.is_superuser:
        return deny(
            _("Projects are proposed for an organisation: join your organisation on Cultiva first.")
        )
    return ALLOW


def roles_of_participants() -> tuple[str, ...]:
    from cultiva.processes.rules import Role

    return tuple(Role.values)


def can_view_proposal(user, project: Project) -> Verdict:
    """A proposal not (yet) in the portfolio: its lead organisation's people, its proposer and
    the process's facilitators and coordinators only."""
    if has_role(user, project.process, *STAFF_ROLES) or is_lead_person(user, project):
        return ALLOW
    if user.is_authenticated and project.created_by_id == user.pk:
        return ALLOW
    return deny(_("This proposal is seen only by its organisation and the process's staff."))


def proposal_editable_by_lead(project: Project) -> Verdict:
    from cultiva.portfolio.proposals import EDITABLE_BY_LEAD

    if project.proposal_status == Project.ProposalStatus.ACCEPTED:
        return ALLOW
    if project.proposal_status in EDITABLE_BY_LEAD:
        return ALLOW
    return deny(_("The proposal is waiting for a decision: it cannot be changed now."))


def can_edit_proposal(user, project: Project) -> Verdict:
    verdict = can_view_proposal(user, project)
    if not verdict:
        return verdict
    if project.proposal_status == Project.ProposalStatus.ACCEPTED:
        return deny(_("The project is in the portfolio: edit its card instead."))
    if has_role(user, project.process, *STAFF_ROLES):
        return ALLOW
    if not is_lead_person(user, project):
        return deny(_("Only the people of the lead organisation can change this proposal."))
    return proposal_editable_by_lead(project)


def can_take_proposal_step(user, project: Project, target: str) -> Verdict:
    from cultiva.portfolio.proposals import PROPOSAL_TRANSITIONS

    verdict = can_view_proposal(user, project)
    if not verdict:
        return verdict
    return transition_verdict(
        PROPOSAL_TRANSITIONS,
        source=project.proposal_status,
        target=target,
        actor_roles=project_actor_roles(user, project),
    )


def proposal_targets(user, project: Project) -> list[str]:
    from cultiva.portfolio.proposals import PROPOSAL_TRANSITIONS

    if not can_view_proposal(user, project):
        return []
    return targets_from(
        PROPOSAL_TRANSITIONS, project.proposal_status, project_actor_roles(user, project)
    )


def can_view_proposal_queue(user, process) -> Verdict:
    return can_facilitate(user, process)


def can_manage_partner_search(user, project: Project) -> Verdict:
    """The lead organisation's people (and the process's staff) say whom they look for."""
    verdict = can_view_project(user, project)
    if not verdict:
        return verdict
    if has_role(user, project.process, *STAFF_ROLES) or is_lead_person(user, project):
        return ALLOW
    return deny(_("Only the people of the lead organisation can look for partners."))


def can_express_interest(user, project: Project, organisation=None) -> Verdict:
    """People taking part in the process offer one of their organisations as a partner of a
    project that looks for partners (not the lead, not an organisation already a partner)."""
    if not user.is_authenticated:
        return deny(_("Please log in."))
    verdict = can_view_partner_search(user, project)
    if not verdict:
        return verdict
    search = getattr(project, "partner_search", None)
    if search is None or not search.is_open:
        return deny(_("This project is not looking for partners."))
    if not roles_in(user, project.process) and not user.is_superuser:
        return deny(_("Only the people taking part in this process can offer partnership."))
    if organisation is not None:
        if organisation.pk not in user_organisation_ids(user):
            return deny(_("You can speak only for an organisation you belong to."))
        if organisation.pk == project.lead_organisation_id:
            return deny(_("The lead organisation cannot be its own partner."))
    return ALLOW


def can_decide_interest(user, project: Project) -> Verdict:
    return can_manage_partner_search(user, project)


# A lead looking for partners shows the search to the process once the proposal is submitted
# (a draft stays with its organisation and the process's staff).
PARTNER_SEARCH_SHOWN = frozenset(
    {
        Project.ProposalStatus.SUBMITTED,
        Project.ProposalStatus.CHANGES_REQUESTED,
        Project.ProposalStatus.ACCEPTED,
    }
)


def can_view_partner_search(user, project: Project) -> Verdict:
    if project.proposal_status in PARTNER_SEARCH_SHOWN:
        return can_view_process(user, project.process)
    return can_view_project(user, project)
