"""Who may see and change organisations.

Organisations are platform-wide: a person registers one and administers it; a coordinator of
any process verifies organisations, merges duplicates and imports the county's list. Member
names are shown to the organisation's people and to coordinators of a process where one of
its people takes part; an e-mail address only to the person and to coordinators of a
process that person takes part in (`email_visible_for`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cultiva.accounts.models import Membership, MembershipRequest, Organisation
from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.processes.models import ProcessRole
from cultiva.processes.rules import Role, is_any_coordinator, is_platform_staff, processes_where


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


def _membership(user, organisation: Organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_cultiva_memberships", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = Membership.objects.filter(
            user=user, organisation=organisation
        ).first()
    return cache[organisation.pk]


def is_administrator(user, organisation: Organisation) -> bool:
    membership = _membership(user, organisation)
    return bool(membership and membership.is_administrator)


def can_view_members(user, organisation: Organisation) -> Verdict:
    """Member names are personal data: shown to the organisation's own people and coordinators."""
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if _membership(user, organisation) or coordinates_for(user, organisation):
        return ALLOW
    return deny(_("Only the organisation's members and coordinators can see its members."))


def email_visible_for(user, people_ids) -> set[int]:
    """Of these people, those whose e-mail address the user may read: themselves, and people
    taking part in a process the user coordinates (platform staff: everyone)."""
    if not user.is_authenticated:
        return set()
    ids = set(people_ids)
    if is_platform_staff(user):
        return ids
    visible = {user.pk} & ids
    visible |= set(
        ProcessRole.objects.filter(
            process__in=processes_where(user, Role.COORDINATOR), user_id__in=ids
        ).values_list("user_id", flat=True)
    )
    return visible


def can_see_contact_email(user, organisation: Organisation) -> Verdict:
    """The organisation's own contact address: for signed-in people, not for crawlers."""
    if not user.is_authenticated:
        return deny(_("Please log in."))
    return ALLOW


def can_register_organisation(user) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in."))
    return ALLOW


def can_edit_organisation(user, organisation: Organisation) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if organisation.merged_into_id:
        return deny(_("This organisation has been merged into another."))
    if coordinates_for(user, organisation):
        return ALLOW
    membership = _membership(user, organisation)
    if membership and (membership.is_administrator or membership.role == Membership.Role.CONTACT):
        return ALLOW
    return deny(_("Only the organisation's administrators and coordinators can edit it."))


def can_administer_organisation(user, organisation: Organisation) -> Verdict:
    """Accept or refuse those who ask to join, name administrators, remove members."""
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if organisation.merged_into_id:
        return deny(_("This organisation has been merged into another."))
    if is_administrator(user, organisation) or is_platform_staff(user):
        return ALLOW
    return deny(_("Only the organisation's administrators can answer requests to join."))


def can_ask_to_join(user, organisation: Organisation) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if organisation.merged_into_id:
        return deny(_("This organisation has been merged into another."))
    if _membership(user, organisation):
        return deny(_("You are already a member of this organisation."))
    if MembershipRequest.objects.filter(
        user=user, organisation=organisation, state=MembershipRequest.State.PENDING
    ).exists():
        return deny(_("You have already asked to join; the administrators will answer."))
    return ALLOW


def can_verify_organisation(user) -> Verdict:
    if is_any_coordinator(user) or is_platform_staff(user):
        return ALLOW
    return deny(_("Only coordinators can verify organisations."))


def can_merge_organisations(user) -> Verdict:
    if is_any_coordinator(user) or is_platform_staff(user):
        return ALLOW
    return deny(_("Only coordinators can merge organisations."))


def can_import_organisations(user) -> Verdict:
    if is_any_coordinator(user) or is_platform_staff(user):
        return ALLOW
    return deny(_("Only coordinators can import the list of organisations."))
