"""The API's front door, and a JSON 404 for any other address under /api/v1/."""

from django.utils.translation import gettext as _
from ninja import Router

from cultiva.core.http import NotFound

router = Router()


@router.get("", include_in_schema=False)
def index(request):
    """Where to read about the API."""
    return {
        "openapi": request.build_absolute_uri("openapi.json"),
        "docs": request.build_absolute_uri("docs"),
    }


@router.get("/{path:rest}", include_in_schema=False)
def unknown_address(request, rest: str):
    raise NotFound(_("There is no such address in the API."))
