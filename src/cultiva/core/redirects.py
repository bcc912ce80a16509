"""Where to send someone back to after a form: only to a page of this site."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def local_url(request, target: str | None) -> str | None:
    """`target` when it is a path on this site ("/p/…/themes/board/"), else None.

    Never another host (an open redirect), and never a bare word: `django.shortcuts.redirect`
    would try to reverse "back" or "-1" as a URL name and fail with a server error.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return target


def redirect_back(request, target: str | None, fallback: str) -> HttpResponseRedirect:
    """To `target` if it is a page of this site (`local_url`), else to `fallback`."""
    return HttpResponseRedirect(local_url(request, target) or fallback)
