"""Who may see and do what in a process's funding: the catalogue, matches, applications and
the dashboard. Every question is asked in the process the object belongs to."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.core.workflow import targets_from, transition_verdict
from cultiva.funding.application_workflow import APPLICANT, APPLICATION_TRANSITIONS
from cultiva.portfolio.models import Project
from cultiva.portfolio.rules import user_organisation_ids
from cultiva.processes.rules import (
    STAFF_ROLES,
    Role,
    can_manage_process,
    can_view_process,
    has_role,
    roles_in,
)


def can_view_catalogue(user, process) -> Verdict:
    """Funders, programmes and calls are public facts: whoever sees the process sees them."""
    return can_view_process(user, process)


def can_manage_catalogue(user, process) -> Verdict:
    """Adding, editing and importing calls, and keeping the exchange rates."""
    return can_manage_process(user, process)


def sees_all_matches(user, process) -> bool:
    """Which portfolio projects fit a call: all of them for the process's staff and
    decision-makers; the others see their own organisations' projects only."""
    return has_role(user, process, *STAFF_ROLES, Role.DECISION_MAKER)


def is_applicant_person(user, organisation_id: int | None) -> bool:
    return organisation_id is not None and organisation_id in user_organisation_ids(user)


def can_view_project_matches(user, project: Project) -> Verdict:
    """ "Where could this be funded": the project's lead organisation and the staff and
    decision-makers of its process."""
    verdict = can_view_process(user, project.process)
    if not verdict:
        return verdict
    if sees_all_matches(user, project.process):
        return ALLOW
    if is_applicant_person(user, project.lead_organisation_id):
        return ALLOW
    return deny(_("Only the project's organisation and the process's staff see its matches."))


def can_start_application(user, project: Project) -> Verdict:
    verdict = can_view_project_matches(user, project)
    if not verdict:
        return verdict
    if project.proposal_status != Project.ProposalStatus.ACCEPTED:
        return deny(_("Only projects of the portfolio apply for funding."))
    if project.lead_organisation_id is None:
        return deny(_("The project has no lead organisation to apply."))
    if has_role(user, project.process, *STAFF_ROLES):
        return ALLOW
    if is_applicant_person(user, project.lead_organisation_id):
        return ALLOW
    return deny(_("Only the lead organisation's people and the process's staff can apply."))


def application_actor_roles(user, application) -> frozenset[str]:
    if user.is_authenticated and user.is_superuser:
        return frozenset({*STAFF_ROLES, APPLICANT})
    roles = set(roles_in(user, application.process))
    if is_applicant_person(user, application.organisation_id):
        roles.add(APPLICANT)
    return frozenset(roles)


def can_view_application(user, application) -> Verdict:
    """An application is the applicant's business: its organisation's people and the
    process's coordinators and facilitators see it. Others see aggregates only."""
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if has_role(user, application.process, *STAFF_ROLES):
        return ALLOW
    if is_applicant_person(user, application.organisation_id):
        return ALLOW
    return deny(_("Only the applying organisation and the process's staff see an application."))


def can_edit_application(user, application) -> Verdict:
    return can_view_application(user, application)


def can_take_application_step(user, application, target: str) -> Verdict:
    verdict = can_view_application(user, application)
    if not verdict:
        return verdict
    return transition_verdict(
        APPLICATION_TRANSITIONS,
        source=application.status,
        target=target,
        actor_roles=application_actor_roles(user, application),
    )


def application_targets(user, application) -> list[str]:
    if not can_view_application(user, application):
        return []
    return targets_from(
        APPLICATION_TRANSITIONS, application.status, application_actor_roles(user, application)
    )


def can_view_dashboard(user, process) -> Verdict:
    """The funding dashboard: the process's staff and decision-makers, and everyone who sees
    the process once a coordinator has published the aggregates."""
    verdict = can_view_process(user, process)
    if not verdict:
        return verdict
    if has_role(user, process, *STAFF_ROLES, Role.DECISION_MAKER):
        return ALLOW
    settings = getattr(process, "funding_settings", None)
    if settings is not None and settings.aggregates_published:
        return ALLOW
    return deny(_("The funding dashboard is seen by the process's staff and decision-makers."))


def can_publish_aggregates(user, process) -> Verdict:
    return can_manage_process(user, process)


def visible_applications_q(user):
    """The applications `can_view_application` lets the user see, as a filter (for lists):
    their organisations' ones, and every one of the processes where they are staff."""
    from django.db.models import Q

    from cultiva.processes.models import ProcessRole

    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    staff_of = ProcessRole.objects.filter(user=user, role__in=STAFF_ROLES).values("process_id")
    return Q(organisation_id__in=user_organisation_ids(user)) | Q(process_id__in=staff_of)
