"""Who is calling the API: a bearer token gives its owner's rights, no token means anonymous.

The two callables are used together as the API's auth list, `[BearerAuth(), AnonymousAuth()]`.
ninja tries them in order: a request without an `Authorization: Bearer` header falls through
to `AnonymousAuth`, while a request that presents a bearer token which is unknown, revoked or
belongs to an inactive person is refused with 401 and never downgraded to anonymous access.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from cultiva.accounts.models import ApiToken, hash_token

LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
MAX_TOKEN_LENGTH = 200


class InvalidToken(AuthenticationError):
    """A bearer token was presented but does not open the door."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(status_code=401, message=message or _("Invalid or revoked API token."))


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>`; returns the token's owner."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header, "").strip()
        if not header:
            return None  # no credentials at all: let AnonymousAuth answer
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            # Another scheme (e.g. HTTP basic auth of a proxy in front of the site) is not ours.
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str):
        if not token or len(token) > MAX_TOKEN_LENGTH:
            raise InvalidToken()
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if api_token is None:
            raise InvalidToken()
        if not api_token.user.is_active:
            raise InvalidToken(_("The account of this API token is not active."))
        _touch(api_token)
        request.api_token = api_token
        return api_token.user


class AnonymousAuth:
    """The fallback of the auth list: a request without a token reads as the public."""

    def __call__(self, request: HttpRequest):
        return AnonymousUser()


def _touch(api_token: ApiToken) -> None:
    """Record the use, writing at most once a minute per token."""
    now = timezone.now()
    last = api_token.last_used_at
    if last is not None and now - last < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=api_token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ).update(last_used_at=now)
    api_token.last_used_at = now


def request_user(request: HttpRequest):
    """The person the API request acts for (AnonymousUser without a token)."""
    user = getattr(request, "auth", None)
    return user if user is not None else AnonymousUser()


def require_token(user) -> None:
    """Writing needs a token: refuse the anonymous caller with 403."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Send a token to do this."))
