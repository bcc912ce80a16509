"""Settlements (administrative units) of the territory."""

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Query
from ninja.pagination import paginate

from cultiva.api.pagination import PageNumberPagination
from cultiva.api.params import TEXT_PATTERN, SearchText, Siruta
from cultiva.api.queries import settlement_list
from cultiva.api.responses import ApiRouter, errors
from cultiva.api.schemas import SettlementOut
from cultiva.core.http import NotFound

router = ApiRouter(tags=["territory"])

MicroRegionFilter = Annotated[
    str | None,
    Query(
        max_length=120,
        pattern=TEXT_PATTERN,
        description="Micro-region id, or its exact name (case-insensitive).",
    ),
]


@router.get("/settlements", response=list[SettlementOut], summary="List settlements")
@paginate(PageNumberPagination)
def settlements(request, micro_region: MicroRegionFilter = None, q: SearchText = None):
    """Settlements by Romanian name; `q` searches the Hungarian and Romanian names."""
    return settlement_list(micro_region=micro_region, query=q)


@router.get(
    "/settlements/{siruta}",
    response={200: SettlementOut, **errors(404)},
    summary="One settlement",
)
def settlement(request, siruta: Siruta):
    found = settlement_list().filter(siruta=siruta).first()
    if found is None:
        raise NotFound(_("No settlement with this SIRUTA code."))
    return found
