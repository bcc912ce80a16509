"""Every write to API tokens. Each function is one transaction and leaves an audit row."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cultiva.accounts.models import ApiToken, hash_token
from cultiva.api import permissions
from cultiva.core.activity import activity_record

_SELF = object()


@transaction.atomic
def api_token_create(*, user, name: str, actor=_SELF) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it with the raw secret, which is never stored.

    `actor` is who asks for it: the user themself by default, `None` for the server's
    operator at the command line.
    """
    actor = user if actor is _SELF else actor
    permissions.can_create_token(actor, user).enforce()
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[: ApiToken._meta.get_field("name").max_length],
        prefix=raw[:8],
        token_hash=hash_token(raw),
    )
    activity_record(
        actor=actor,
        verb="api_token.created",
        target=token,
        changes={"user": user.pk, "name": token.name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token for good. Revoking a revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    permissions.can_revoke_token(actor, token).enforce()
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    activity_record(
        actor=actor,
        verb="api_token.revoked",
        target=token,
        changes={"revoked_at": [None, token.revoked_at.isoformat()]},
    )
    return token
