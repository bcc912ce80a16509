"""System checks for a safe deployment, and the refusal the server entry points share.

The repository's development secret key is public, so anyone could forge sessions, password
reset links and signed values with it. It is accepted only with CULTIVA_DEBUG on (a developer's
machine); `check --deploy` reports it, and cultiva.asgi / cultiva.wsgi refuse to start with it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

INSECURE_KEY_ID = "cultiva.E001"
INSECURE_KEY_MESSAGE = (
    "The secret key is the repository's public development key, and CULTIVA_DEBUG is off."
)
INSECURE_KEY_HINT = (
    "Set CULTIVA_SECRET_KEY to a long random value (for instance the output of "
    '`python -c "import secrets; print(secrets.token_urlsafe(50))"`), or run '
    "`manage.py make_secret_key` once to store one in var/secret_key (`make run` does this)."
)


def uses_insecure_secret_key() -> bool:
    from cultiva.settings import _INSECURE_DEV_KEY

    return not settings.DEBUG and settings.SECRET_KEY == _INSECURE_DEV_KEY


@register(Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs) -> list[Error]:
    if not uses_insecure_secret_key():
        return []
    return [Error(INSECURE_KEY_MESSAGE, hint=INSECURE_KEY_HINT, id=INSECURE_KEY_ID)]


def refuse_insecure_secret_key() -> None:
    """Called by the ASGI and WSGI entry points: the server does not start with the dev key."""
    if uses_insecure_secret_key():
        raise ImproperlyConfigured(f"{INSECURE_KEY_MESSAGE} {INSECURE_KEY_HINT}")


SITE_URL_MISSING_ID = "cultiva.E002"


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs) -> list[Error]:
    """Links in e-mails are built on CULTIVA_SITE_URL: without it they would point at
    127.0.0.1, which no recipient can open."""
    if settings.DEBUG or settings.SITE_URL.strip():
        return []
    return [
        Error(
            "CULTIVA_SITE_URL is not set, and CULTIVA_DEBUG is off.",
            hint="Set CULTIVA_SITE_URL to the site's public address, e.g. "
            "https://kultura.example.ro: links in e-mails, certificates and calendar feeds "
            "are built on it.",
            id=SITE_URL_MISSING_ID,
        )
    ]
