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


def can_view_activity_log(user) -> Verdict:
    from django.utils.translation import gettext as _

    from cultiva.processes.rules import is_any_coordinator

    if not user.is_authenticated:
        return deny(_("Please log in."))
    if is_any_coordinator(user):
        return ALLOW
    return deny(_("Only coordinators can read the activity log."))
