"""The shape every permission check returns: allowed or not, and why not."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def enforce(self) -> None:
        """Raise PermissionDenied with the reason when not allowed."""
        if not self.allowed:
            raise PermissionDenied(self.reason)


ALLOW = Verdict(True)


def deny(reason: str) -> Verdict:
    return Verdict(False, str(reason))


def activity_log_processes(user):
    """The processes whose activity the user may read: where they coordinate (platform staff
    and superusers: every process)."""
    from cultiva.processes.models import Process
    from cultiva.processes.rules import Role, is_platform_staff, processes_where

    if is_platform_staff(user):
        return Process.objects.all()
    return processes_where(user, Role.COORDINATOR)


def activity_log_visible_q(user):
    """The log entries the user may read: those of `activity_log_processes`; entries of no
    process (platform-wide changes) only for platform staff."""
    from django.db.models import Q

    from cultiva.processes.rules import is_platform_staff

    if is_platform_staff(user):
        return Q()
    return Q(process__in=activity_log_processes(user))


def can_view_activity_log(user) -> Verdict:
    from django.utils.translation import gettext as _

    from cultiva.processes.rules import is_any_coordinator

    if not user.is_authenticated:
        return deny(_("Please log in."))
    if is_any_coordinator(user) or user.is_staff:
        return ALLOW
    return deny(_("Only coordinators can read the activity log."))
