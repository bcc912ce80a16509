"""Which e-mails a person wants, and the one way notification e-mails are sent.

Every e-mail Cultiva sends belongs to one of two families:

- **Transactional** e-mails answer something the person did or needs to act on, and are
  always sent: confirming their e-mail address, resetting their password (allauth), the
  receipt of a registration for a meeting (confirmed, on the waiting list, given a place
  from the waiting list, cancelled) — a place someone holds for them is theirs to know
  about, and turning these off would let people miss a meeting they are expected at.
- **Notifications** are news the person did not ask for at that moment, one `KINDS` entry
  each. The person turns each kind on or off on their profile or with the one-click link at
  the bottom of every such e-mail. Senders call `wants(person, kind)` before preparing an
  e-mail (or `notification_mail_send`, which asks it and adds the unsubscribe link and the
  RFC 8058 List-Unsubscribe headers).

Everything is on by default: a person who never opened their profile gets what they got
before. Only the choices a person made are stored (`NotificationPreference`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

UNSUBSCRIBE_SALT = "cultiva.accounts.unsubscribe"


@dataclass(frozen=True)
class Kind:
    label: str | Promise
    help_text: str | Promise
    default: bool = True


KINDS: dict[str, Kind] = {
    "meetings": Kind(
        _("Meeting reminders and changes"),
        _("A reminder before a meeting you registered for starts."),
    ),
    "invitations": Kind(
        _("Invitations and role changes"),
        _("Invitations to meetings and processes, and changes of your role in a process."),
    ),
    "announcements": Kind(
        _("Announcements"),
        _("Messages from the coordinators and facilitators of the processes you take part in."),
    ),
    "comments": Kind(
        _("Comments on my contributions"),
        _("When someone comments on an idea, need or proposal you submitted."),
    ),
    "contributions": Kind(
        _("News about my contributions"),
        _("When a contribution of yours becomes part of a project."),
    ),
    "projects": Kind(
        _("Proposals and partners"),
        _(
            "Decisions on projects you proposed, and organisations offering to be partners "
            "of your organisation's projects (or the answer to your offer)."
        ),
    ),
    "funding_deadlines": Kind(
        _("Funding deadlines"),
        _(
            "A reminder 14, 3 and 1 days before the deadline of a call your organisation "
            "prepares an application for."
        ),
    ),
    "funding_matches": Kind(
        _("New funding calls for my organisation's projects"),
        _(
            "A weekly e-mail naming the funding calls that newly match a portfolio project "
            "your organisation leads."
        ),
    ),
}


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of notification e-mail: {kind!r}")


def can_receive(person) -> bool:
    return bool(
        person is not None
        and getattr(person, "is_active", False)
        and not getattr(person, "erased_at", None)
        and getattr(person, "email", "")
    )


def wants(user, kind: str) -> bool:
    """Whether `user` wants e-mails of this kind (False for no one, the inactive, the erased)."""
    _check_kind(kind)
    if not can_receive(user):
        return False
    from cultiva.accounts.models import NotificationPreference

    choice = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("email", flat=True)
        .first()
    )
    return KINDS[kind].default if choice is None else choice


def preferences_of(user) -> dict[str, bool]:
    """Every kind → whether the person wants it (one query)."""
    from cultiva.accounts.models import NotificationPreference

    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, spec.default) for kind, spec in KINDS.items()}


def people_wanting(people, kind: str):
    """A queryset of people narrowed to those who can receive and want this kind of e-mail
    (one query, however many people: for bulk senders and their previews)."""
    _check_kind(kind)
    from cultiva.accounts.models import NotificationPreference

    people = people.filter(is_active=True, erased_at__isnull=True).exclude(email="")
    if KINDS[kind].default:
        refused = NotificationPreference.objects.filter(kind=kind, email=False)
        return people.exclude(pk__in=refused.values("user_id"))
    chosen = NotificationPreference.objects.filter(kind=kind, email=True)
    return people.filter(pk__in=chosen.values("user_id"))


# --- one-click unsubscribe ------------------------------------------------------------------


def unsubscribe_token(user, kind: str) -> str:
    """A signed token naming the person and the kind. It does not expire: the link in an
    old e-mail must still work, and all it can do is turn one kind of e-mail off."""
    _check_kind(kind)
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"u": user.pk, "k": kind})


def unsubscribe_url(user, kind: str) -> str:
    path = reverse("accounts:unsubscribe", args=[unsubscribe_token(user, kind)])
    return settings.SITE_URL.rstrip("/") + path


def read_unsubscribe_token(token: str):
    """(person, kind) named by a genuine token, or None for a forged, damaged or stale one."""
    from cultiva.accounts.models import User

    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in KINDS:
        return None
    person = User.objects.filter(pk=data.get("u"), erased_at__isnull=True).first()
    if person is None:
        return None
    return person, data["k"]


def unsubscribe_headers(user, kind: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058: mail programs show an "Unsubscribe" button that POSTs the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def notification_mail_send(
    *, person, kind: str, subject: str, body: str, language: str, check: bool = True
) -> bool:
    """Send one notification e-mail of `kind` to `person`, if they want it.

    Adds, in `language`, why they get it and the link that turns this kind off, and the
    List-Unsubscribe headers. `check=False` when the caller has just asked `wants` for
    many people at once. Returns whether the e-mail was sent.
    """
    if check and not wants(person, kind):
        return False
    if not can_receive(person):
        return False
    context = {
        "kind_label": KINDS[kind].label,
        "unsubscribe_url": unsubscribe_url(person, kind),
        "settings_url": settings.SITE_URL.rstrip("/")
        + reverse("accounts:profile")
        + "#notifications",
    }
    with translation.override(language):
        footer = render_to_string("accounts/email/_unsubscribe_footer.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body.rstrip() + "\n\n" + footer,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        headers=unsubscribe_headers(person, kind),
    )
    message.send()
    return True
