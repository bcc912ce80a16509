"""JSON errors for everything the API may raise, in the request's language."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from cultiva.core.http import not_found_message


def install_exception_handlers(api: NinjaAPI) -> None:
    def not_found(request, exc):
        # Only our translated messages; never Django's English "No X matches the given query."
        detail = not_found_message(exc) or _("Not found.")
        return api.create_response(request, {"detail": detail}, status=404)

    def permission_denied(request, exc):
        detail = str(exc) if exc.args else _("You may not do this.")
        return api.create_response(request, {"detail": detail}, status=403)

    def validation_error(request, exc):
        return api.create_response(request, {"detail": exc.messages}, status=422)

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
    api.add_exception_handler(AuthenticationError, unauthenticated)
