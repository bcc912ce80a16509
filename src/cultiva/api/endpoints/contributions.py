"""Contributions of a process, as far as the caller may read them (see `ideas.rules`)."""

from typing import Annotated

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from cultiva.api.auth import request_user
from cultiva.api.pagination import PageNumberPagination
from cultiva.api.params import ObjectId, ProcessSlug, SearchText, SlugFilter
from cultiva.api.queries import visible_process_or_404
from cultiva.api.schemas import ContributionDetailOut, ContributionKind, ContributionOut, ErrorOut
from cultiva.ideas.models import Contribution
from cultiva.ideas.rules import can_view_contribution
from cultiva.ideas.selectors import contribution_detail, contribution_list

router = Router(tags=["contributions"])

KindFilter = Annotated[ContributionKind | None, Query(description="Kind of contribution.")]


@router.get(
    "/{slug}/contributions",
    response={200: list[ContributionOut], 404: ErrorOut},
    summary="List the contributions of a process",
)
@paginate(PageNumberPagination)
def contributions(
    request,
    slug: ProcessSlug,
    kind: KindFilter = None,
    domain: SlugFilter = None,
    q: SearchText = None,
):
    """Newest first. Drafts appear only to their authors and the process's staff."""
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    return contribution_list(
        user=user,
        process=process,
        kind=kind.value if kind else None,
        domain=domain,
        query=q,
    )


@router.get(
    "/{slug}/contributions/{id}",
    response={200: ContributionDetailOut, 404: ErrorOut},
    summary="One contribution",
)
def contribution(request, slug: ProcessSlug, id: ObjectId):
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    try:
        found = contribution_detail(pk=id)
    except Contribution.DoesNotExist:
        found = None
    if found is None or found.process_id != process.pk or not can_view_contribution(user, found):
        raise Http404(_("No contribution with this id in the process."))
    return found
