"""The public directory of cultural organisations."""

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Query
from ninja.pagination import paginate

from cultiva.accounts.rules import can_view_organisation
from cultiva.accounts.selectors import organisation_list
from cultiva.api.auth import request_user
from cultiva.api.pagination import PageNumberPagination
from cultiva.api.params import MAX_INTEGER, ObjectId, SearchText, SlugFilter
from cultiva.api.responses import ApiRouter, errors
from cultiva.api.schemas import OrganisationOut
from cultiva.core.http import NotFound

router = ApiRouter(tags=["organisations"])

SettlementFilter = Annotated[
    int | None, Query(ge=1, le=MAX_INTEGER, description="SIRUTA code of the settlement.")
]


@router.get("", response=list[OrganisationOut], summary="List organisations")
@paginate(PageNumberPagination)
def organisations(
    request,
    settlement: SettlementFilter = None,
    sector: SlugFilter = None,
    domain: SlugFilter = None,
    q: SearchText = None,
):
    found = organisation_list(sector=sector, query=q)
    if settlement:
        found = found.filter(settlement__siruta=settlement)
    if domain:
        found = found.filter(domains__slug=domain, domains__vocabulary="domain")
    return found


@router.get("/{id}", response={200: OrganisationOut, **errors(404)}, summary="One organisation")
def organisation(request, id: ObjectId):
    found = organisation_list().filter(pk=id).first()
    if found is None or not can_view_organisation(request_user(request), found):
        raise NotFound(_("No organisation with this id."))
    return found
