"""'Not found' with a message written for people, and the rule that only such messages show.

Django's own 404 texts ("No Registration matches the given query.") are English and meant for
developers. Pages and the API show the message of a `NotFound` (translated, raised by our
code) and otherwise only a translated generic one: see core.views.page_not_found and
api.errors.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import Http404

# Where cultiva.urls mounts the REST API (api/v1/): requests below it answer JSON.
API_PREFIX = "/api/"


class NotFound(Http404):
    """A 404 whose message is translated and meant for the user."""


def get_or_not_found(queryset: QuerySet | type[Model], message: str, **lookup):
    """The one object matching `lookup`, or NotFound(message)."""
    if not isinstance(queryset, QuerySet):
        queryset = queryset._default_manager.all()
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise NotFound(message) from None


def not_found_message(exception) -> str | None:
    """The user-facing message of a 404 exception, or None for a generic one."""
    if isinstance(exception, NotFound) and exception.args:
        return str(exception)
    return None


def stored_file_response(file, *, title: str, fallback: str, content_type: str):
    """A stored upload sent as a download named after its title (with the stored file's
    extension), never rendered by the browser: no sniffing, and a sandbox if it is opened.
    404 when the file is gone from storage."""
    from pathlib import PurePath

    from django.http import FileResponse
    from django.utils.text import slugify

    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    extension = PurePath(file.name).suffix.lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(title)[:80] or fallback}{extension}",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
