"""The personal data `accounts` holds (the account, memberships, tokens, sign-in records), and
the activity log's (core is below accounts, so accounts registers it)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.data_rights import (
    PersonalData,
    identifying_words,
    register,
    rows,
    without_words,
)


def _account(person) -> list[dict]:
    from cultiva.accounts.models import User

    return rows(
        User.objects.filter(pk=person.pk),
        [
            "email",
            "full_name",
            "preferred_language",
            "reads_languages",
            "date_joined",
            "last_login",
            "is_active",
        ],
    )


def _notification_preferences(person) -> list[dict]:
    from cultiva.accounts.models import NotificationPreference

    return rows(
        NotificationPreference.objects.filter(user=person).order_by("kind"),
        ["kind", "email", "updated_at"],
    )


def _erase_notification_preferences(person) -> int:
    from cultiva.accounts.models import NotificationPreference

    return NotificationPreference.objects.filter(user=person).delete()[0]


def _email_addresses(person) -> list[dict]:
    from allauth.account.models import EmailAddress

    return rows(EmailAddress.objects.filter(user=person), ["email", "verified", "primary"])


def _erase_sign_in(person) -> int:
    from allauth.account.models import EmailAddress
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    count = EmailAddress.objects.filter(user=person).delete()[0]
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        count += model.objects.filter(username__iexact=person.email).delete()[0]
    return count


def _memberships(person) -> list[dict]:
    from cultiva.accounts.models import Membership

    return rows(
        Membership.objects.filter(user=person), ["organisation__short_name", "role", "position"]
    )


def _erase_memberships(person) -> int:
    from cultiva.accounts.models import Membership

    return Membership.objects.filter(user=person).delete()[0]


def _tokens(person) -> list[dict]:
    from cultiva.accounts.models import ApiToken

    return rows(
        ApiToken.objects.filter(user=person),
        ["name", "prefix", "created_at", "last_used_at", "revoked_at"],
    )


def _erase_tokens(person) -> int:
    from cultiva.accounts.models import ApiToken

    return ApiToken.objects.filter(user=person).delete()[0]


def _activity(person) -> list[dict]:
    from cultiva.core.models import ActivityLog

    return rows(
        ActivityLog.objects.filter(actor=person).order_by("created_at", "id"),
        ["created_at", "verb", "target_repr", "process__slug"],
    )


def _erase_activity(person) -> int:
    """The log keeps every event; the actor stays the (erased) account, so it reads
    "former participant". The person's name and address are taken out of the logged text."""
    from django.contrib.contenttypes.models import ContentType

    from cultiva.core.models import ActivityLog

    words = identifying_words(person)
    if not words:
        return 0
    mine = Q(actor=person) | Q(
        target_type=ContentType.objects.get_for_model(person), target_id=str(person.pk)
    )
    # The address is ASCII, so it can be found in the stored JSON of `changes` on every database.
    mentions = Q(changes__icontains=person.email)
    for word in words:
        mentions |= Q(target_repr__icontains=word)
    scrub = without_words(words)

    count = 0
    for entry in ActivityLog.objects.filter(mine | mentions).only("target_repr", "changes"):
        text, changes = scrub(entry.target_repr), scrub(entry.changes)
        if text != entry.target_repr or changes != entry.changes:
            entry.target_repr = text.strip(" –-") or "–"
            entry.changes = changes
            entry.save(update_fields=["target_repr", "changes"])
            count += 1
    return count


def register_sources() -> None:
    register(PersonalData("account", _("Account"), _account))
    register(
        PersonalData("email_addresses", _("E-mail addresses"), _email_addresses, _erase_sign_in)
    )
    register(PersonalData("memberships", _("Organisations"), _memberships, _erase_memberships))
    register(PersonalData("api_tokens", _("API tokens"), _tokens, _erase_tokens))
    register(
        PersonalData(
            "notification_preferences",
            _("E-mail settings"),
            _notification_preferences,
            _erase_notification_preferences,
        )
    )
    register(PersonalData("activity", _("Activity log"), _activity, _erase_activity))
