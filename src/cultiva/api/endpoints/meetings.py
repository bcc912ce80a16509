"""Meetings of a process: published ones for everybody, all of them for its staff."""

from django.utils.translation import gettext as _
from ninja.pagination import paginate

from cultiva.api.auth import request_user
from cultiva.api.pagination import PageNumberPagination
from cultiva.api.params import ObjectId, ProcessSlug
from cultiva.api.queries import meeting_is_visible, visible_process_or_404
from cultiva.api.responses import ApiRouter, errors
from cultiva.api.schemas import MeetingOut
from cultiva.core.http import NotFound
from cultiva.meetings.selectors import meeting_list

router = ApiRouter(tags=["meetings"])


@router.get(
    "/{slug}/meetings",
    response={200: list[MeetingOut], **errors(404)},
    summary="List the meetings of a process",
)
@paginate(PageNumberPagination)
def meetings(request, slug: ProcessSlug):
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    return meeting_list(user=user, process=process)


@router.get(
    "/{slug}/meetings/{id}",
    response={200: MeetingOut, **errors(404)},
    summary="One meeting",
)
def meeting(request, slug: ProcessSlug, id: ObjectId):
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    found = meeting_list(user=user, process=process).filter(pk=id).first()
    if found is None or not meeting_is_visible(user, found, process):
        raise NotFound(_("No meeting with this id in the process."))
    return found
