"""Reads for attendance: the check-in list, walk-in candidates and the cohort matrix.

Each read costs a fixed number of queries whatever the number of rows: the lists are
built from one query of registrations (and one of meetings) and shaped in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from cultiva.accounts.models import Organisation, User
from cultiva.core.text import fold
from cultiva.meetings.models import CODE_ALPHABET, Certificate, Meeting, Registration
from cultiva.meetings.rules import visible_meetings_q

WALKIN_CANDIDATES_LIMIT = 10
VERIFICATION_CODE_LENGTH = 12


def _organisation_name(registration: Registration) -> str:
    return str(registration.organisation) if registration.organisation_id else ""


def checkin_list(*, meeting: Meeting) -> list[Registration]:
    """The meeting's confirmed registrations, sorted by name. One query.

    A meeting has at most a few hundred registrations, so searching them happens in
    Python (see `search_registrations`), which folds diacritics the same on every database.
    """
    registrations = list(
        Registration.objects.filter(meeting=meeting, status=Registration.Status.CONFIRMED)
        .select_related("person", "organisation")
        .order_by("id")
    )
    registrations.sort(key=lambda r: (fold(r.person.get_full_name()), r.pk))
    return registrations


def search_registrations(
    registrations: list[Registration], query: str | None
) -> list[Registration]:
    """Those whose name, e-mail or organisation holds every word, ignoring case and accents.

    'szekely csik' finds 'Székely Anna' of 'Csíki Hagyományőrző Egyesület'.
    """
    words = fold(query).split()
    if not words:
        return registrations

    def haystack(registration: Registration) -> str:
        return " ".join(
            (
                fold(registration.person.full_name),
                fold(registration.person.email),
                fold(_organisation_name(registration)),
            )
        )

    return [r for r in registrations if all(word in haystack(r) for word in words)]


def attendance_counts(registrations: list[Registration]) -> dict[str, int]:
    counts = {"total": len(registrations), "unknown": 0}
    for value in Registration.Attendance.values:
        if value:
            counts[value] = 0
    for registration in registrations:
        counts[registration.attendance or "unknown"] += 1
    return counts


def walkin_candidates(*, meeting: Meeting, query: str) -> list[User]:
    """Accounts matching a name or e-mail that hold no confirmed place at the meeting."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    confirmed = Registration.objects.filter(
        meeting=meeting, status=Registration.Status.CONFIRMED
    ).values("person_id")
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(email__icontains=query) | Q(full_name__icontains=query))
        .exclude(pk__in=confirmed)
        .order_by("full_name", "email")[:WALKIN_CANDIDATES_LIMIT]
    )


def personal_registration(*, meeting: Meeting, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(meeting=meeting, person=user)
        .select_related("meeting__process")
        .first()
    )


def meeting_by_checkin_code(*, code: str) -> Meeting | None:
    code = "".join((code or "").split()).upper()
    if not code or len(code) > 12:
        return None
    return Meeting.objects.select_related("process", "settlement").filter(checkin_code=code).first()


# --- the cohort -------------------------------------------------------------------------------


UNREGISTERED = "none"
REGISTERED = "registered"


@dataclass
class CohortRow:
    person: User
    organisation: Organisation | None
    cells: list[str]  # one per meeting: present / absent / excused / registered / none
    registered: int = 0  # confirmed places at meetings that have begun
    present: int = 0

    @property
    def rate(self) -> float | None:
        return self.present / self.registered if self.registered else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


@dataclass
class OrganisationRow:
    organisation: Organisation | None
    people: set[int] = field(default_factory=set)
    registered: int = 0
    present: int = 0

    @property
    def people_count(self) -> int:
        return len(self.people)

    @property
    def rate(self) -> float | None:
        return self.present / self.registered if self.registered else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


@dataclass
class Cohort:
    meetings: list[Meeting]
    rows: list[CohortRow]
    organisations: list[OrganisationRow]
    organisation_choices: list[Organisation]
    totals: OrganisationRow


def cohort_meetings(*, user, process) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(process=process)
        .filter(visible_meetings_q(user, process))
        .select_related("settlement")
        .order_by("starts_at", "id")
    )


def cohort_matrix(*, user, process, organisation_id: int | None = None, now=None) -> Cohort:
    """People × meetings of the series, with attendance rates per person and organisation.

    A rate is the share of a person's confirmed places at meetings that have already begun
    where they were recorded present. Three queries in all, whatever the size.
    """
    now = now or timezone.now()
    meetings = list(cohort_meetings(user=user, process=process))
    column = {meeting.pk: index for index, meeting in enumerate(meetings)}
    begun = {meeting.pk for meeting in meetings if meeting.starts_at <= now}
    registrations = Registration.objects.filter(
        meeting__in=[meeting.pk for meeting in meetings],
        status=Registration.Status.CONFIRMED,
    ).select_related("person", "organisation")
    if organisation_id:
        registrations = registrations.filter(organisation_id=organisation_id)
    rows: dict[int, CohortRow] = {}
    organisations: dict[int | None, OrganisationRow] = {}
    totals = OrganisationRow(organisation=None)
    for registration in registrations.order_by("meeting__starts_at", "id"):
        row = rows.get(registration.person_id)
        if row is None:
            row = rows[registration.person_id] = CohortRow(
                person=registration.person,
                organisation=registration.organisation,
                cells=[UNREGISTERED] * len(meetings),
            )
        if registration.organisation_id:
            row.organisation = registration.organisation  # the latest one named
        row.cells[column[registration.meeting_id]] = registration.attendance or REGISTERED
        summary = organisations.get(registration.organisation_id)
        if summary is None:
            summary = organisations[registration.organisation_id] = OrganisationRow(
                organisation=registration.organisation
            )
        present = registration.attendance == Registration.Attendance.PRESENT
        counted = registration.meeting_id in begun or bool(registration.attendance)
        for target in (row, summary, totals):
            if counted:
                target.registered += 1
            if present:
                target.present += 1
        summary.people.add(registration.person_id)
        totals.people.add(registration.person_id)
    organisation_choices = sorted(
        Organisation.objects.filter(registrations__meeting__process=process).distinct(),
        key=lambda o: fold(str(o)),
    )
    return Cohort(
        meetings=meetings,
        rows=sorted(rows.values(), key=lambda r: (fold(r.person.get_full_name()), r.person.pk)),
        organisations=sorted(
            organisations.values(),
            key=lambda o: (o.organisation is None, fold(str(o.organisation or ""))),
        ),
        organisation_choices=organisation_choices,
        totals=totals,
    )


# --- certificates -----------------------------------------------------------------------------


def _attended(*, person, process, until=None) -> QuerySet[Registration]:
    """PRESENT registrations at the process's meetings that were over by `until` (now):
    a meeting that has not taken place counts for no certificate."""
    return Registration.objects.filter(
        person=person,
        meeting__process=process,
        meeting__ends_at__lte=until or timezone.now(),
        status=Registration.Status.CONFIRMED,
        attendance=Registration.Attendance.PRESENT,
    )


def attended_registrations(*, person, process, until=None) -> list[Registration]:
    """The person's attended meetings of the process, in date order (see `_attended`)."""
    registrations = _attended(person=person, process=process, until=until)
    return list(
        registrations.select_related("meeting__settlement", "organisation").order_by(
            "meeting__starts_at", "meeting_id"
        )
    )


def attended_count(*, person, process) -> int:
    return _attended(person=person, process=process).count()


def normalise_verification_code(raw: str | None) -> str | None:
    """'abcd-efgh-jkmn' → 'ABCDEFGHJKMN'; None when it cannot be a verification code."""
    code = "".join((raw or "").split()).replace("-", "").upper()
    if len(code) != VERIFICATION_CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def certificate_by_code(*, code: str) -> Certificate | None:
    normalised = normalise_verification_code(code)
    if normalised is None:
        return None
    return (
        Certificate.objects.select_related("process", "meeting__settlement", "person")
        .filter(verification_code=normalised)
        .first()
    )
