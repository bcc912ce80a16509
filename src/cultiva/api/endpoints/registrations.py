"""Registrations and attendance: register, cancel, and (for staff) record who came.

Writing needs a token; the token's owner is the one who registers or checks people in,
and the same rules apply as on the site.
"""

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from cultiva.accounts.models import Organisation
from cultiva.api.auth import request_user, require_token
from cultiva.api.pagination import PageNumberPagination
from cultiva.api.params import MAX_BIGINT, ObjectId, ProcessSlug
from cultiva.api.queries import meeting_is_visible, visible_process_or_404
from cultiva.api.responses import ApiRouter, ObjectIn, errors
from cultiva.api.schemas import Multilingual
from cultiva.core.http import NotFound, get_or_not_found
from cultiva.core.i18n import localize
from cultiva.meetings import rules
from cultiva.meetings.models import AgendaItem, Meeting, Registration
from cultiva.meetings.services import attendance as attendance_services
from cultiva.meetings.services import registration as registration_services

router = ApiRouter(tags=["registrations and attendance"])


class AgendaItemOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: Multilingual
    display_title: str
    speakers: list[str]

    @staticmethod
    def resolve_display_title(obj) -> str:
        return localize(obj.title)

    @staticmethod
    def resolve_speakers(obj) -> list[str]:
        return [speaker.full_name for speaker in obj.speakers.all()]


class RegistrationIn(ObjectIn):
    organisation: Annotated[int, Field(ge=1, le=MAX_BIGINT)] | None = Field(
        None, description="One of your organisations, if you come on its behalf."
    )
    answers: dict[str, str | int | bool] = Field(
        default_factory=dict,
        description="Answers keyed by question id: text, the chosen option's index, or yes/no.",
        max_length=50,
    )


class RegistrationOut(Schema):
    id: int
    meeting: int = Field(description="Meeting id.")
    person: str = Field(description="The participant's name.")
    organisation: int | None
    status: Literal["confirmed", "waiting", "cancelled"]
    attendance: Literal["", "present", "absent", "excused"]
    created_at: dt.datetime
    checked_in_at: dt.datetime | None

    @staticmethod
    def resolve_meeting(obj) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.get_full_name()

    @staticmethod
    def resolve_organisation(obj) -> int | None:
        return obj.organisation_id


class OwnRegistrationOut(RegistrationOut):
    personal_code: str = Field(description="Your code for self check-in at the venue.")


class AttendanceIn(ObjectIn):
    attendance: Literal["present", "absent", "excused"]


def _meeting_or_404(user, slug: str, meeting_id: int) -> Meeting:
    process = visible_process_or_404(user=user, slug=slug)
    meeting = Meeting.objects.filter(process=process, pk=meeting_id).first()
    if meeting is None or not meeting_is_visible(user, meeting, process):
        raise NotFound(_("No meeting with this id in the process."))
    return meeting


@router.get(
    "/{slug}/meetings/{id}/agenda",
    response={200: list[AgendaItemOut], **errors(404)},
    summary="The agenda of a meeting",
)
@paginate(PageNumberPagination)
def agenda(request, slug: ProcessSlug, id: ObjectId):
    meeting = _meeting_or_404(request_user(request), slug, id)
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related("speakers")
        .order_by("starts_at", "id")
    )


@router.post(
    "/{slug}/meetings/{id}/registrations",
    response={201: OwnRegistrationOut, **errors(403, 404, 409)},
    summary="Register yourself (a place, or the waiting list when full)",
)
def register(request, slug: ProcessSlug, id: ObjectId, payload: RegistrationIn):
    user = request_user(request)
    require_token(user)
    meeting = _meeting_or_404(user, slug, id)
    organisation = None
    if payload.organisation is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation).first()
        if organisation is None:
            raise ValidationError({"organisation": [_("No organisation with this id.")]})
    registration = registration_services.registration_create(
        actor=user, meeting=meeting, organisation=organisation, answers=payload.answers
    )
    return Status(201, registration)


@router.get(
    "/{slug}/meetings/{id}/registrations",
    response={200: list[RegistrationOut], **errors(403, 404)},
    summary="Everybody registered for a meeting, with attendance (staff only)",
)
@paginate(PageNumberPagination)
def registrations(request, slug: ProcessSlug, id: ObjectId):
    user = request_user(request)
    meeting = _meeting_or_404(user, slug, id)
    rules.can_view_registrations(user, meeting).enforce()
    return (
        Registration.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("created_at", "id")
    )


@router.put(
    "/{slug}/meetings/{id}/registrations/{registration_id}/attendance",
    response={200: RegistrationOut, **errors(403, 404)},
    summary="Record someone as present, absent or excused (staff only)",
)
def record_attendance(
    request, slug: ProcessSlug, id: ObjectId, registration_id: ObjectId, payload: AttendanceIn
):
    user = request_user(request)
    require_token(user)
    meeting = _meeting_or_404(user, slug, id)
    rules.can_check_in(user, meeting).enforce()
    registration = get_or_not_found(
        Registration,
        _("No registration with this id."),
        pk=registration_id,
        meeting=meeting,
    )
    return attendance_services.attendance_record(
        registration=registration, actor=user, attendance=payload.attendance
    )


me_router = ApiRouter(tags=["registrations and attendance"])


@me_router.get(
    "/registrations",
    response={200: list[OwnRegistrationOut], **errors(403)},
    summary="Your own registrations",
)
@paginate(PageNumberPagination)
def my_registrations(request):
    user = request_user(request)
    require_token(user)
    return (
        Registration.objects.filter(person=user)
        .select_related("person", "meeting")
        .order_by("-meeting__starts_at", "-id")
    )


@me_router.delete(
    "/registrations/{id}",
    response={200: OwnRegistrationOut, **errors(403, 404)},
    summary="Cancel your registration (the next person waiting moves up)",
)
def cancel_registration(request, id: ObjectId):
    user = request_user(request)
    require_token(user)
    registration = get_or_not_found(
        Registration.objects.select_related("person"), _("No registration with this id."), pk=id
    )
    if registration.person_id != user.pk and not rules.is_staff(user, registration.meeting.process):
        raise NotFound(_("No registration with this id."))
    return registration_services.registration_cancel(actor=user, registration=registration)
