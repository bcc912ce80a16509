"""The project portfolio of a process, with each project's origins and measures."""

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Query
from ninja.pagination import paginate

from cultiva.api.auth import request_user
from cultiva.api.pagination import PageNumberPagination
from cultiva.api.params import ObjectId, ProcessSlug
from cultiva.api.queries import (
    project_detail_for_api,
    project_list_for_api,
    visible_process_or_404,
)
from cultiva.api.responses import ApiRouter, errors
from cultiva.api.schemas import ProjectDetailOut, ProjectMaturity, ProjectOut
from cultiva.core.http import NotFound
from cultiva.portfolio.rules import can_view_portfolio, can_view_project

router = ApiRouter(tags=["projects"])

MaturityFilter = Annotated[ProjectMaturity | None, Query(description="Maturity of the project.")]


@router.get(
    "/{slug}/projects",
    response={200: list[ProjectOut], **errors(404)},
    summary="List the projects of a process",
)
@paginate(PageNumberPagination)
def projects(request, slug: ProcessSlug, maturity: MaturityFilter = None):
    """By code. `origins` lists only the contributions the caller may read."""
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    if not can_view_portfolio(user, process):
        raise NotFound(_("No process with this address."))
    return project_list_for_api(
        user=user, process=process, maturity=maturity.value if maturity else None
    )


@router.get(
    "/{slug}/projects/{id}",
    response={200: ProjectDetailOut, **errors(404)},
    summary="One project",
)
def project(request, slug: ProcessSlug, id: ObjectId):
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    found = project_detail_for_api(user=user, process=process, pk=id)
    if not can_view_project(user, found):
        raise NotFound(_("No project with this id in the process."))
    return found
