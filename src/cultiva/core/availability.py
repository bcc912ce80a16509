"""When the database cannot be reached: a translated "try again" answer (503), not a 500.

A lost or refused connection (PostgreSQL restarting, "too many clients", every pooled
connection busy past CULTIVA_DB_POOL_TIMEOUT, SQLite locked past its timeout) is a passing
state: the next request opens a new connection and the site works again by itself. Pages get
a short page in the visitor's language and the API a JSON body, both with Retry-After.

The middleware catches what views and their templates raise; `server_error` (handler500)
asks `unavailable_response` too, for what the other middleware raise (a session saved after
the view, say). The 503 page is rendered without the context processors, which would ask
the database again.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from cultiva.core.http import API_PREFIX

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


def is_unavailable(error: BaseException | None) -> bool:
    """True for the database errors that mean "not reachable right now"."""
    return isinstance(error, OperationalError | InterfaceError)


def unavailable_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    logger.warning("Database unavailable for %s %s: %s", request.method, request.path, error)
    if request.path.startswith(API_PREFIX):
        response = JsonResponse(
            {"detail": _("The service is temporarily unavailable. Please try again shortly.")},
            status=503,
        )
    else:
        retry_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        response = HttpResponse(
            render_to_string(
                "503.html", {"retry_after": RETRY_AFTER_SECONDS, "retry_url": retry_url}
            ),
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def unavailable_from_current_exception(request: HttpRequest) -> HttpResponse | None:
    """For handler500, which Django calls while handling the exception."""
    error = sys.exc_info()[1]
    return unavailable_response(request, error) if is_unavailable(error) else None


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if is_unavailable(exception):
            return unavailable_response(request, exception)
        return None
