"""Reads about registrations. None of them issues more queries for more rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cultiva.accounts.models import Membership, Organisation
from cultiva.core.i18n import localize
from cultiva.meetings.models import Meeting, Registration, RegistrationQuestion
from cultiva.meetings.services.registration import answer_display

Status = Registration.Status
STATUS_ORDER = {Status.CONFIRMED: 0, Status.WAITING: 1, Status.CANCELLED: 2}


def with_waiting_position(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotate `waiting_position`: 1 for the first person waiting (meaningless otherwise)."""
    ahead = (
        Registration.objects.filter(meeting=OuterRef("meeting"), status=Status.WAITING)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        waiting_position=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1
    )


@dataclass
class PlaceCounts:
    confirmed: int
    waiting: int
    capacity: int | None

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed >= self.capacity


def place_counts(*, meeting: Meeting) -> PlaceCounts:
    """Confirmed and waiting registrations in one query."""
    counts = Registration.objects.filter(meeting=meeting).aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
    )
    return PlaceCounts(
        confirmed=counts["confirmed"] or 0,
        waiting=counts["waiting"] or 0,
        capacity=meeting.capacity,
    )


def registration_of(*, user, meeting: Meeting) -> Registration | None:
    """The user's registration for the meeting (any status), with its waiting position."""
    if not user.is_authenticated:
        return None
    return with_waiting_position(Registration.objects.filter(meeting=meeting, person=user)).first()


def registration_questions(*, meeting: Meeting) -> list[RegistrationQuestion]:
    return list(RegistrationQuestion.objects.filter(meeting=meeting).order_by("position", "id"))


@dataclass
class RegistrationRow:
    registration: Registration
    answers: list[str]
    waiting_position: int | None
    labels: list[str]

    @property
    def cells(self) -> list[tuple[str, str]]:
        return list(zip(self.labels, self.answers, strict=True))


def meeting_registrations(*, meeting: Meeting) -> tuple[list[RegistrationQuestion], list]:
    """The meeting's questions and its registrations: confirmed, then waiting, then cancelled.

    Each row carries the answers in the order of the questions, ready to show.
    """
    questions = registration_questions(meeting=meeting)
    registrations = Registration.objects.filter(meeting=meeting).select_related(
        "person", "organisation", "registered_by"
    )
    rows = sorted(
        registrations,
        key=lambda r: (STATUS_ORDER.get(r.status, 3), r.created_at, r.pk),
    )
    labels = [localize(q.label) for q in questions]
    result = []
    position = 0
    for registration in rows:
        if registration.status == Status.WAITING:
            position += 1
        answers = registration.answers or {}
        result.append(
            RegistrationRow(
                registration=registration,
                answers=[answer_display(q, answers.get(str(q.pk))) for q in questions],
                waiting_position=position if registration.status == Status.WAITING else None,
                labels=labels,
            )
        )
    return questions, result


def my_registrations(*, user) -> tuple[list[Registration], list[Registration]]:
    """The person's registrations: (upcoming, past), upcoming soonest first."""
    registrations = with_waiting_position(
        Registration.objects.filter(person=user).select_related(
            "meeting__process", "meeting__settlement", "organisation"
        )
    ).order_by("meeting__starts_at", "meeting_id")
    now = timezone.now()
    upcoming, past = [], []
    for registration in registrations:
        (upcoming if registration.meeting.ends_at > now else past).append(registration)
    past.reverse()
    return upcoming, past


def user_memberships(*, user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation_id")
    )


def contact_organisations(*, user) -> QuerySet[Organisation]:
    """Organisations for which the user is a contact person."""
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.CONTACT
    ).order_by("id")


def colleagues(*, organisation: Organisation, meeting: Meeting):
    """Members of the organisation, each with their current registration status (or '')."""
    status = Registration.objects.filter(meeting=meeting, person=OuterRef("user")).values("status")[
        :1
    ]
    return (
        Membership.objects.filter(organisation=organisation, user__is_active=True)
        .select_related("user")
        .annotate(registration_status=Subquery(status))
        .order_by("user__full_name", "user__email")
    )
