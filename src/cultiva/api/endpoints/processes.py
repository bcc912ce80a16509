"""Participatory processes: the published ones, and those the caller has a role in."""

from django.utils.translation import gettext as _
from ninja.pagination import paginate

from cultiva.api.auth import request_user
from cultiva.api.pagination import PageNumberPagination
from cultiva.api.params import ProcessSlug
from cultiva.api.responses import ApiRouter, errors
from cultiva.api.schemas import ProcessDetailOut, ProcessOut
from cultiva.core.http import NotFound
from cultiva.processes.rules import can_view_process
from cultiva.processes.selectors import process_list

router = ApiRouter(tags=["processes"])


@router.get("", response=list[ProcessOut], summary="List processes")
@paginate(PageNumberPagination)
def processes(request):
    """Published processes, plus unpublished ones the caller holds a role in."""
    return process_list(user=request_user(request))


@router.get("/{slug}", response={200: ProcessDetailOut, **errors(404)}, summary="One process")
def process(request, slug: ProcessSlug):
    user = request_user(request)
    found = process_list(user=user).prefetch_related("phases").filter(slug=slug).first()
    if found is None or not can_view_process(user, found):
        raise NotFound(_("No process with this address."))
    return found
