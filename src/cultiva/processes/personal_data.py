"""The personal data `processes` holds: the roles a person has in processes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cultiva.accounts.data_rights import PersonalData, register, rows


def _roles(person) -> list[dict]:
    from cultiva.processes.models import ProcessRole

    return rows(
        ProcessRole.objects.filter(user=person), ["process__slug", "process__title", "role"]
    )


def _takes_part(person, process) -> bool:
    from cultiva.processes.models import ProcessRole

    return ProcessRole.objects.filter(user=person, process=process).exists()


def _invitations_of(person):
    from django.db.models import Q

    from cultiva.processes.models import Invitation

    return Invitation.objects.filter(Q(accepted_by=person) | Q(email__iexact=person.email))


def _invitations(person) -> list[dict]:
    return rows(
        _invitations_of(person),
        ["email", "process__slug", "role", "created_at", "accepted_at", "revoked_at"],
    )


def _erase_invitations(person) -> int:
    return _invitations_of(person).delete()[0]


def register_sources() -> None:
    # Roles stay with the erased account, so a process's counts of people do not change.
    register(PersonalData("process_roles", _("Roles in processes"), _roles, takes_part=_takes_part))
    register(
        PersonalData(
            "processes.invitations",
            _("Invitations to roles"),
            _invitations,
            _erase_invitations,
        )
    )
