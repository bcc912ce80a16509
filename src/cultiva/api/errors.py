"""JSON errors for everything the API may raise, in the request's language."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError

from cultiva.core.http import not_found_message

# A Django ValidationError with this code refuses a request that clashes with the current
# state (e.g. registering twice): 409 Conflict instead of 422.
CONFLICT = "conflict"


def install_exception_handlers(api: NinjaAPI) -> None:
    def not_found(request, exc):
        # Only our translated messages; never Django's English "No X matches the given query."
        detail = not_found_message(exc) or _("Not found.")
        return api.create_response(request, {"detail": detail}, status=404)

    def permission_denied(request, exc):
        detail = str(exc) if exc.args else _("You may not do this.")
        return api.create_response(request, {"detail": detail}, status=403)

    def validation_error(request, exc):
        status = 409 if CONFLICT in _codes(exc) else 422
        return api.create_response(request, {"detail": exc.messages}, status=status)

    def http_error(request, exc):
        # ninja's only 400 is a request body that is not JSON
        unreadable = exc.status_code == 400
        detail = _("The request body is not valid JSON.") if unreadable else str(exc)
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    def unauthenticated(request, exc):
        response = api.create_response(
            request, {"detail": exc.message or _("Authentication failed.")}, status=401
        )
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ObjectDoesNotExist, not_found)
    api.add_exception_handler(PermissionDenied, permission_denied)
    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(AuthenticationError, unauthenticated)


def _codes(exc: ValidationError) -> set[str | None]:
    if hasattr(exc, "error_dict"):
        return {error.code for errors in exc.error_dict.values() for error in errors}
    return {error.code for error in exc.error_list}
