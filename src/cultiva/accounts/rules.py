"""Who may see and change organisations."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cultiva.accounts.models import Membership, Organisation
from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.processes.rules import is_any_coordinator


def can_view_organisation(user, organisation: Organisation) -> Verdict:
    # The directory of cultural organisations is public, as in the county's own registers.
    return ALLOW


def can_view_members(user, organisation: Organisation) -> Verdict:
    """Member names are personal data: shown to the organisation's own people and coordinators."""
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if is_any_coordinator(user) or organisation.memberships.filter(user=user).exists():
        return ALLOW
    return deny(_("Only the organisation's members and coordinators can see its members."))


def can_edit_organisation(user, organisation: Organisation) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if is_any_coordinator(user):
        return ALLOW
    if organisation.memberships.filter(user=user, role=Membership.Role.CONTACT).exists():
        return ALLOW
    return deny(_("Only the organisation's contact people and coordinators can edit it."))
