"""The people of a process: their roles, and invitations by e-mail to take one.

Writes (services) and reads (selectors) of the "people of this process" pages, kept apart from
`processes.services` (the process and its phases). Every write is one transaction, checks the
actor's right in the process, and records itself in the activity log with the process.

Invitations keep only a hash of their link's code. The code is made by the background task that
sends the e-mail, so it rests nowhere but in the invitee's mailbox (not in the task table);
sending again makes a new code and the previous link stops working. The hash stays after the
invitation is accepted or withdrawn, so its link then says so instead of "unknown link".
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cultiva.accounts.models import User, hash_token
from cultiva.core.activity import activity_record
from cultiva.processes.models import Invitation, Process, ProcessRole
from cultiva.processes.rules import Role, can_manage_people, processes_where

INVITATION_VALID_FOR = dt.timedelta(days=14)
# A list import is one transaction and one e-mail per row: a county's list fits, a mistake
# (the whole address book) does not.
MAX_INVITATIONS_AT_ONCE = 500
ROLE_LABELS = dict(Role.choices)


def _forget_cached_roles(person) -> None:
    person.__dict__.pop("_cultiva_roles", None)


def _role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def _check_role(role: str, field_name: str = "role") -> None:
    if role not in Role.values:
        raise ValidationError({field_name: _("Choose one of the roles offered.")})


# --- reads -----------------------------------------------------------------------------------


def people_of_process(*, process: Process, query: str = "", with_email: bool = False):
    """The people holding a role in the process, each with `roles_here` (their roles in it),
    found by name (and by e-mail address when `with_email`); two queries for any number."""
    people = User.objects.filter(process_roles__process=process).distinct()
    if query:
        match = Q(full_name__icontains=query)
        if with_email:
            match |= Q(email__icontains=query)
        people = people.filter(match)
    return people.order_by("full_name", "email", "pk").prefetch_related(
        Prefetch(
            "process_roles",
            queryset=ProcessRole.objects.filter(process=process).order_by("role"),
            to_attr="roles_here",
        )
    )


def people_reachable(*, user, process: Process) -> QuerySet[User]:
    """Whom the user may give a role in the process without an invitation: people taking part
    in it or in another process the user coordinates (whose e-mail addresses the user may see)."""
    coordinated = processes_where(user, Role.COORDINATOR)
    return User.objects.filter(
        Q(process_roles__process=process) | Q(process_roles__process__in=coordinated),
        is_active=True,
        erased_at__isnull=True,
    ).distinct()


def people_found_elsewhere(*, user, process: Process, query: str, limit: int = 20) -> list[User]:
    """People of the user's other processes matching the query (name or e-mail), not yet in
    this one: candidates for a role."""
    if not query:
        return []
    return list(
        people_reachable(user=user, process=process)
        .exclude(process_roles__process=process)
        .filter(Q(full_name__icontains=query) | Q(email__icontains=query))
        .order_by("full_name", "email", "pk")[:limit]
    )


def invitations_of_process(*, process: Process) -> QuerySet[Invitation]:
    return Invitation.objects.filter(process=process).select_related("invited_by", "accepted_by")


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation whose link carries this code, or None."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("process", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def account_for(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


# --- roles -----------------------------------------------------------------------------------


@transaction.atomic
def role_grant(*, actor, process: Process, person: User, role: str) -> ProcessRole:
    can_manage_people(actor, process).enforce()
    _check_role(role)
    process_role, created = ProcessRole.objects.get_or_create(
        process=process, user=person, role=role
    )
    if not created:
        raise ValidationError(
            _("%(name)s is already %(role)s in this process.")
            % {"name": person.public_name, "role": _role_label(role)}
        )
    activity_record(
        actor=actor,
        verb="process.role_granted",
        target=person,
        process=process,
        changes={"role": role},
    )
    _forget_cached_roles(person)
    return process_role


@transaction.atomic
def role_revoke(*, actor, process: Process, person: User, role: str) -> None:
    """Take a role away; the process's last coordinator keeps theirs.

    Taking a coordinator's role locks the process's row first, so two coordinators removing
    each other at the same moment are served one after the other, and one of them stays.
    """
    can_manage_people(actor, process).enforce()
    _check_role(role)
    if role == Role.COORDINATOR:
        Process.objects.select_for_update().filter(pk=process.pk).first()
    process_role = ProcessRole.objects.filter(process=process, user=person, role=role).first()
    if process_role is None:
        raise ValidationError(
            _("%(name)s is not %(role)s in this process.")
            % {"name": person.public_name, "role": _role_label(role)}
        )
    if (
        role == Role.COORDINATOR
        and ProcessRole.objects.filter(process=process, role=Role.COORDINATOR).count() <= 1
    ):
        raise ValidationError(
            _(
                "A process always keeps at least one coordinator: give the role to someone "
                "else before taking it from %(name)s."
            )
            % {"name": person.public_name}
        )
    process_role.delete()
    activity_record(
        actor=actor,
        verb="process.role_revoked",
        target=person,
        process=process,
        changes={"role": role},
    )
    _forget_cached_roles(person)


# --- invitations -----------------------------------------------------------------------------


def normalised_email(email: str, field_name: str = "email") -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {field_name: _("This is not a valid e-mail address: %(address)s") % {"address": email}}
        ) from None
    return email


def invitation_obstacles(
    *, process: Process, pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """Why each (address, role) cannot be invited now, for those that cannot: the person
    already holds the role, or an invitation is open (it is sent again, not made twice).
    Two queries for any number of pairs; addresses are expected lower-case."""
    pairs = set(pairs)
    emails = {email for email, _role in pairs}
    held = set(
        ProcessRole.objects.filter(process=process, user__email__in=emails).values_list(
            "user__email", "role"
        )
    )
    held = {(email.lower(), role) for email, role in held}
    open_ = set(
        Invitation.objects.filter(
            process=process, email__in=emails, accepted_at__isnull=True, revoked_at__isnull=True
        ).values_list("email", "role")
    )
    obstacles = {}
    for email, role in pairs:
        if (email, role) in held:
            obstacles[(email, role)] = _("This person is already %(role)s in this process.") % {
                "role": _role_label(role)
            }
        elif (email, role) in open_:
            obstacles[(email, role)] = _(
                "This address has already been invited as %(role)s: send that invitation "
                "again from the list of invitations."
            ) % {"role": _role_label(role)}
    return obstacles


def invitation_obstacle(*, process: Process, email: str, role: str) -> str:
    """Why this address cannot be invited to this role now ("" when it can)."""
    return invitation_obstacles(process=process, pairs=[(email, role)]).get((email, role), "")


def _invitation_enqueue(invitation: Invitation, base_url: str) -> None:
    from cultiva.processes.tasks import send_role_invitation

    send_role_invitation.enqueue(invitation.pk, base_url)


def _check_language(language: str) -> None:
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": _("Choose one of the languages offered.")})


@transaction.atomic
def invitation_create(
    *,
    actor,
    process: Process,
    email: str,
    role: str,
    language: str,
    name: str = "",
    base_url: str,
) -> Invitation:
    """Invite one address to a role; the e-mail goes out through the task worker."""
    can_manage_people(actor, process).enforce()
    email = normalised_email(email)
    _check_role(role)
    _check_language(language)
    obstacle = invitation_obstacle(process=process, email=email, role=role)
    if obstacle:
        raise ValidationError({"email": obstacle})
    invitation = Invitation.objects.create(
        process=process,
        email=email,
        role=role,
        language=language,
        name=name.strip()[:150],
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_VALID_FOR,
    )
    activity_record(
        actor=actor,
        verb="invitation.created",
        target=invitation,
        process=process,
        changes={"role": role, "language": language},
    )
    _invitation_enqueue(invitation, base_url)
    return invitation


@dataclass
class InvitationRow:
    """One invitation of a list: address (lower-case), role, language, name."""

    email: str
    role: str
    language: str
    name: str = ""


@transaction.atomic
def invitations_create_many(
    *, actor, process: Process, rows: list[InvitationRow], base_url: str
) -> list[Invitation]:
    """Invite every row of a checked list in one transaction (the import wizard's commit:
    all or nothing). Rows whose address was invited, or took the role, since the check are
    left out, so repeating a list never invites anyone twice."""
    can_manage_people(actor, process).enforce()
    Process.objects.select_for_update().filter(pk=process.pk).first()  # one list at a time
    for row in rows:
        _check_role(row.role)
        _check_language(row.language)
    obstacles = invitation_obstacles(process=process, pairs=[(r.email, r.role) for r in rows])
    now = timezone.now()
    created = []
    seen = set(obstacles)
    for row in rows:
        if (row.email, row.role) in seen:
            continue
        seen.add((row.email, row.role))
        created.append(
            Invitation.objects.create(
                process=process,
                email=row.email,
                role=row.role,
                language=row.language,
                name=row.name.strip()[:150],
                invited_by=actor,
                created_at=now,
                expires_at=now + INVITATION_VALID_FOR,
            )
        )
    if created:
        activity_record(
            actor=actor,
            verb="invitation.list_imported",
            target=process,
            process=process,
            changes={"invited": len(created), "left_out": len(rows) - len(created)},
        )
    for invitation in created:
        _invitation_enqueue(invitation, base_url)
    return created


def _locked_invitation(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("process")
        .get(pk=invitation.pk)
    )


@transaction.atomic
def invitation_resend(*, actor, invitation: Invitation, base_url: str) -> Invitation:
    """Send again with a new link (the previous one stops working) and a new expiry date."""
    can_manage_people(actor, invitation.process).enforce()
    invitation = _locked_invitation(invitation)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("Only an open invitation can be sent again."))
    invitation.expires_at = timezone.now() + INVITATION_VALID_FOR
    invitation.save(update_fields=["expires_at"])
    activity_record(
        actor=actor,
        verb="invitation.resent",
        target=invitation,
        process=invitation.process,
        changes={"expires_at": invitation.expires_at.isoformat()},
    )
    _invitation_enqueue(invitation, base_url)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    can_manage_people(actor, invitation.process).enforce()
    invitation = _locked_invitation(invitation)
    if invitation.accepted_at:
        raise ValidationError(
            _("This invitation has been accepted: take the role away in the list of people.")
        )
    if invitation.revoked_at:
        return invitation
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    activity_record(
        actor=actor, verb="invitation.revoked", target=invitation, process=invitation.process
    )
    return invitation


def invitation_email_send(*, invitation_id: int, base_url: str) -> bool:
    """Make the invitation's link code, keep its hash, and e-mail the link in the invitee's
    language. An invitation no longer open is not sent (False)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("process", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.state != Invitation.State.PENDING:
            return False
        token = secrets.token_urlsafe(32)
        invitation.token_hash = hash_token(token)
        invitation.last_sent_at = timezone.now()
        invitation.send_count += 1
        invitation.save(update_fields=["token_hash", "last_sent_at", "send_count"])
        context = {
            "invitation": invitation,
            "process": invitation.process,
            "invited_by": invitation.invited_by,
            "accept_url": base_url.rstrip("/")
            + reverse("processes:invitation_accept", args=[token]),
            "process_url": base_url.rstrip("/")
            + reverse("processes:detail", args=[invitation.process.slug]),
        }
        with translation.override(invitation.language):
            context["role"] = _role_label(invitation.role)
            subject = render_to_string("processes/people/email/invitation_subject.txt", context)
            body = render_to_string("processes/people/email/invitation.txt", context)
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    return True


class InvitationClosed(Exception):
    """The invitation can no longer be accepted: the message says why, for the visitor."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def invitation_closed_reason(invitation: Invitation) -> str:
    """Why the invitation cannot be accepted ("" when it can), for the visitor who holds it."""
    state = invitation.state
    if state == Invitation.State.ACCEPTED:
        return _("This invitation has already been accepted. Log in to take part in the process.")
    if state == Invitation.State.REVOKED:
        return _("This invitation has been withdrawn by the process's coordinators.")
    if state == Invitation.State.EXPIRED:
        return _("This invitation has expired. Ask the process's coordinators to send it again.")
    return ""


def _accept(invitation: Invitation, person: User) -> None:
    """Give the role and close the invitation (the invitation is locked by the caller)."""
    reason = invitation_closed_reason(invitation)
    if reason:
        raise InvitationClosed(reason)
    ProcessRole.objects.get_or_create(process=invitation.process, user=person, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = person
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    activity_record(
        actor=person,
        verb="invitation.accepted",
        target=invitation,
        process=invitation.process,
        changes={"role": invitation.role, "same_address": person.email == invitation.email},
    )
    _forget_cached_roles(person)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, person: User) -> Invitation:
    """The signed-in person accepts: the role is theirs (whichever address they signed in with:
    the link reached them through the invited mailbox)."""
    invitation = _locked_invitation(invitation)
    _accept(invitation, person)
    return invitation


@transaction.atomic
def invitation_accept_with_new_account(
    *, invitation: Invitation, full_name: str, password: str, preferred_language: str
) -> User:
    """Create the invitee's account at the invited address (verified: the link proves the
    mailbox) and give it the role."""
    from allauth.account.models import EmailAddress

    invitation = _locked_invitation(invitation)
    reason = invitation_closed_reason(invitation)
    if reason:
        raise InvitationClosed(reason)
    if account_for(invitation.email) is not None:
        raise ValidationError(
            _("An account with this e-mail address already exists: log in to accept.")
        )
    person = User.objects.create_user(
        email=invitation.email,
        password=password,
        full_name=full_name.strip(),
        preferred_language=preferred_language,
    )
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    activity_record(
        actor=person,
        verb="person.created_from_invitation",
        target=person,
        process=invitation.process,
    )
    _accept(invitation, person)
    return person
