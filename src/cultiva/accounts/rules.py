"""Who may see and change organisations."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cultiva.accounts.models import Membership, Organisation
from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.processes.models import ProcessRole
from cultiva.processes.rules import Role, is_platform_staff, processes_where


def can_view_organisation(user, organisation: Organisation) -> Verdict:
    # The directory of cultural organisations is public, as in the county's own registers.
    return ALLOW


def coordinates_for(user, organisation: Organisation) -> bool:
    """A coordinator of a process where one of the organisation's people holds a role (a role
    in one process grants nothing over the organisations of another); platform staff: all."""
    if not user.is_authenticated:
        return False
    if is_platform_staff(user):
        return True
    return ProcessRole.objects.filter(
        process__in=processes_where(user, Role.COORDINATOR),
        user__memberships__organisation=organisation,
    ).exists()


def can_view_members(user, organisation: Organisation) -> Verdict:
    """Member names are personal data: shown to the organisation's own people and coordinators."""
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if coordinates_for(user, organisation) or organisation.memberships.filter(user=user).exists():
        return ALLOW
    return deny(_("Only the organisation's members and coordinators can see its members."))


def can_edit_organisation(user, organisation: Organisation) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if coordinates_for(user, organisation):
        return ALLOW
    if organisation.memberships.filter(user=user, role=Membership.Role.CONTACT).exists():
        return ALLOW
    return deny(_("Only the organisation's contact people and coordinators can edit it."))
