"""Who a login attempt was for, as django-axes records and counts it.

allauth authenticates with ``email=…, password=…`` (the form's field is ``login``), while
axes, left to itself, reads one fixed key, so it recorded every failed attempt with an
empty username and the account+address lock became an address lock: five wrong passwords
on a workshop's shared Wi-Fi locked out the whole room. This reads the address allauth
really passes, folded to lower case as allauth compares it, so ``Anna@`` and ``anna@``
count as one account.
"""

from __future__ import annotations

from django.http import HttpRequest

# allauth passes the login under the name of its login method; the form posts it as `login`.
CREDENTIAL_KEYS = ("email", "username", "login")


def login_attempt_username(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """The e-mail address (or username) an attempt names, lower-cased; None when it names none."""
    sources = [credentials or {}]
    if request is not None:
        sources.append(getattr(request, "data", None) or request.POST)
    for source in sources:
        for key in CREDENTIAL_KEYS:
            value = source.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip().lower()[:255]
    return None
