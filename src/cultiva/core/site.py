"""The site's real address (CULTIVA_SITE_URL), for links that leave the browser.

E-mails, certificates' verification links and QR codes, and calendar feeds are read away from
the request that made them (in a mail client, on paper, in a calendar app), often made by the
task worker with no request at all; behind a proxy the request's own host may be an internal
name. Every such link is built here from the configured address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

# What `make run` serves when nothing is configured: only used while CULTIVA_DEBUG is on
# (the deploy check cultiva.E002 refuses a missing address in production).
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """The configured address without a trailing slash, e.g. https://kultura.harghita.ro."""
    return (settings.SITE_URL or DEVELOPMENT_SITE_URL).rstrip("/")


def site_domain() -> str:
    """Host (and port) of the site address, as e-mails name the site."""
    return urlsplit(site_url()).netloc


def absolute_url(path: str) -> str:
    """`path` (from reverse()) on the site's real address; an absolute URL is returned as is."""
    if urlsplit(path).scheme:
        return path
    return site_url() + "/" + path.lstrip("/")
