"""Who may create and revoke API tokens."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cultiva.core.rules import ALLOW, Verdict, deny


def can_create_token(actor, user) -> Verdict:
    if not user.is_active:
        return deny(_("API tokens can only be created for active accounts."))
    if actor is None:  # the command line of the server: its operator may do this
        return ALLOW
    if not actor.is_authenticated:
        return deny(_("Please log in."))
    if actor.pk == user.pk or actor.is_superuser:
        return ALLOW
    return deny(_("You can only create API tokens for yourself."))


def can_revoke_token(actor, token) -> Verdict:
    if actor is None:
        return ALLOW
    if not actor.is_authenticated:
        return deny(_("Please log in."))
    if actor.pk == token.user_id or actor.is_superuser:
        return ALLOW
    return deny(_("You can only revoke your own API tokens."))
