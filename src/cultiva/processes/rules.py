"""Who may do what in a process. Every other app asks these questions through here."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.processes.models import Process, ProcessRole

Role = ProcessRole.Role
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.FACILITATOR})


def roles_in(user, process: Process) -> frozenset[str]:
    """The user's roles in the process, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_cultiva_roles", {})
    if process.pk not in cache:
        cache[process.pk] = frozenset(
            ProcessRole.objects.filter(user=user, process=process).values_list("role", flat=True)
        )
    return cache[process.pk]


def has_role(user, process: Process, *roles: str) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return bool(roles_in(user, process) & set(roles))


def is_any_coordinator(user) -> bool:
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser or ProcessRole.objects.filter(user=user, role=Role.COORDINATOR).exists()
    )


def is_platform_staff(user) -> bool:
    """Superusers and the platform's staff: their rights are not held per process."""
    return bool(user.is_authenticated and (user.is_superuser or user.is_staff))


def processes_where(user, *roles: str) -> QuerySet[Process]:
    """The processes where the user holds one of the roles (all of them for superusers)."""
    if user.is_authenticated and user.is_superuser:
        return Process.objects.all()
    if not user.is_authenticated:
        return Process.objects.none()
    return Process.objects.filter(
        pk__in=ProcessRole.objects.filter(user=user, role__in=roles).values("process_id")
    )


def can_view_process(user, process: Process) -> Verdict:
    if process.is_published or has_role(user, process, *Role.values):
        return ALLOW
    return deny(_("This process is not published yet."))


def can_manage_process(user, process: Process) -> Verdict:
    if has_role(user, process, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the process's coordinators can do this."))


def can_create_process(user) -> Verdict:
    """Platform administrators create processes; so may the coordinator of any process (a
    county office starting its next year's round, often by copying this one), and the creator
    who is not a platform administrator becomes the new process's coordinator. Facilitators,
    experts and members do not: a process is the coordinator's to set up."""
    if not user.is_authenticated:
        return deny(_("Please log in."))
    if is_platform_staff(user) or is_any_coordinator(user):
        return ALLOW
    return deny(_("Only platform administrators and coordinators can create a process."))


def can_copy_process(user, source: Process) -> Verdict:
    """Copying reads the source's set-up (phases, templates, criteria): its coordinators only,
    and only those who may create a process."""
    verdict = can_create_process(user)
    if not verdict:
        return verdict
    return can_manage_process(user, source)


def can_find_people(user) -> Verdict:
    """Searching people by name or e-mail address, to name a new process's coordinators."""
    return can_create_process(user)


def can_facilitate(user, process: Process) -> Verdict:
    if has_role(user, process, *STAFF_ROLES):
        return ALLOW
    return deny(_("Only the process's facilitators and coordinators can do this."))


def can_see_email_addresses(user, process: Process) -> bool:
    """E-mail addresses of the people taking part are shown to the process's coordinators only
    (and each person sees their own); everyone else sees names (`User.public_name`)."""
    return has_role(user, process, Role.COORDINATOR)


def can_erase_on_request(user, process: Process) -> Verdict:
    """A coordinator erases, on their request, the personal data of people taking part."""
    if has_role(user, process, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the process's coordinators can do this."))


def can_erase_person(user, process: Process, person) -> Verdict:
    """`person` is the account found by the given address (None when there is none)."""
    from cultiva.accounts.data_rights import takes_part_in

    verdict = can_erase_on_request(user, process)
    if not verdict:
        return verdict
    if person is None or person.erased_at or not takes_part_in(person, process):
        return deny(_("No one with this e-mail address takes part in this process."))
    if person.is_superuser or person.is_staff:
        return deny(_("Only an administrator can erase an administrator's data."))
    return ALLOW


def can_manage_people(user, process: Process) -> Verdict:
    """Giving and taking roles, and inviting people, in the process."""
    if has_role(user, process, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the process's coordinators can give roles and invite people."))
