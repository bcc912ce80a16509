"""Background tasks of processes: thin wrappers that load by id and call a service."""

from __future__ import annotations

from django_tasks import task

from cultiva.processes import people


@task()
def send_role_invitation(invitation_id: int, base_url: str) -> bool:
    """E-mail an invitation to a role, with a new link code (see processes.people)."""
    return people.invitation_email_send(invitation_id=invitation_id, base_url=base_url)
