"""Attendance pages: facilitator check-in, the QR poster, self check-in and the cohort."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.accounts.models import User
from cultiva.core import spreadsheets
from cultiva.core.activity import activity_record
from cultiva.core.forms import error_text
from cultiva.core.i18n import localize
from cultiva.meetings import rules
from cultiva.meetings.conf import checkin_opens_minutes
from cultiva.meetings.forms.attendance import AttendanceForm, SelfCheckinForm, WalkInForm
from cultiva.meetings.models import Meeting, Registration
from cultiva.meetings.selectors import attendance as selectors
from cultiva.meetings.services import attendance as services
from cultiva.meetings.services.certificates import qr_svg, qr_svg_file
from cultiva.meetings.views.common import visible_meeting
from cultiva.processes.rules import can_see_email_addresses
from cultiva.processes.views import get_visible_process

# Self check-in: refuse a session after this many wrong codes within the window.
GUESS_LIMIT = 10
GUESS_WINDOW_SECONDS = 600


def self_checkin_url(request, meeting: Meeting) -> str:
    return request.build_absolute_uri(reverse("meetings:self_checkin", args=[meeting.checkin_code]))


# --- facilitator check-in -------------------------------------------------------------------


def checkin(request, slug: str, pk: int):
    meeting = visible_meeting(request, slug, pk)
    rules.can_check_in(request.user, meeting).enforce()
    query = (request.GET.get("q") or "").strip()[:100]
    walkin_query = (request.GET.get("walkin") or "").strip()[:100]
    registrations = selectors.checkin_list(meeting=meeting)
    shown = selectors.search_registrations(registrations, query)
    return render(
        request,
        "meetings/attendance/checkin.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "registrations": shown,
            "counts": selectors.attendance_counts(registrations),
            "query": query,
            "walkin_query": walkin_query,
            "show_email": can_see_email_addresses(request.user, meeting.process),
            "candidates": selectors.walkin_candidates(meeting=meeting, query=walkin_query)
            if walkin_query
            else [],
            "choices": AttendanceForm.base_fields["attendance"].choices,
            "checkin_closed": rules.checkin_window_verdict(meeting).reason,
        },
    )


def _back_to_checkin(request, meeting: Meeting, anchor: str = ""):
    url = reverse("meetings:checkin", args=[meeting.process.slug, meeting.pk])
    query = (request.POST.get("q") or "").strip()[:100]
    if query:
        url += "?" + urlencode({"q": query})
    return redirect(url + (f"#{anchor}" if anchor else ""))


@require_POST
def checkin_mark(request, slug: str, pk: int, registration_pk: int):
    meeting = visible_meeting(request, slug, pk)
    rules.can_check_in(request.user, meeting).enforce()
    registration = (
        Registration.objects.select_related("person").filter(pk=registration_pk, meeting=meeting)
    ).first()
    if registration is None:
        raise Http404
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose present, absent or excused."))
        return _back_to_checkin(request, meeting)
    attendance = form.cleaned_data["attendance"]
    try:
        services.attendance_record(
            registration=registration, actor=request.user, attendance=attendance
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return _back_to_checkin(request, meeting)
    messages.success(
        request,
        _("%(name)s: %(state)s.")
        % {
            "name": registration.person.get_full_name(),
            "state": Registration.Attendance(attendance).label,
        },
    )
    return _back_to_checkin(request, meeting, anchor=f"r{registration.pk}")


@require_POST
def checkin_walkin(request, slug: str, pk: int):
    meeting = visible_meeting(request, slug, pk)
    rules.can_check_in(request.user, meeting).enforce()
    form = WalkInForm(request.POST)
    person = None
    if form.is_valid():
        person = User.objects.filter(pk=form.cleaned_data["person"], is_active=True).first()
    if person is None:
        messages.error(request, _("Choose a person from the search results."))
        return _back_to_checkin(request, meeting)
    try:
        registration = services.attendance_walk_in(
            meeting=meeting, person=person, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return _back_to_checkin(request, meeting)
    messages.success(
        request,
        _("%(name)s has a place now and is checked in.") % {"name": person.get_full_name()},
    )
    return _back_to_checkin(request, meeting, anchor=f"r{registration.pk}")


def checkin_poster(request, slug: str, pk: int):
    meeting = visible_meeting(request, slug, pk)
    rules.can_check_in(request.user, meeting).enforce()
    url = self_checkin_url(request, meeting)
    return render(
        request,
        "meetings/attendance/poster.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "checkin_url": url,
            "qr": qr_svg(url, title=_("QR code of the self check-in page")),
            "checkin_opens_minutes": checkin_opens_minutes(),
            # The county's two official languages, and the reader's own when it is another.
            "poster_languages": list(dict.fromkeys(["hu", "ro", (get_language() or "hu")[:2]])),
        },
    )


def checkin_qr(request, slug: str, pk: int):
    """The QR code alone, as an SVG file to put on slides or name badges."""
    meeting = visible_meeting(request, slug, pk)
    rules.can_check_in(request.user, meeting).enforce()
    svg = qr_svg_file(self_checkin_url(request, meeting))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="checkin-{meeting.pk}.svg"'
    return response


# --- self check-in ------------------------------------------------------------------------------


def _guess_key(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return f"cultiva:self-checkin:guesses:{request.session.session_key}"


def _too_many_guesses(key: str) -> bool:
    return (cache.get(key) or 0) >= GUESS_LIMIT


def _count_guess(key: str) -> None:
    if cache.add(key, 1, GUESS_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, GUESS_WINDOW_SECONDS)


def self_checkin(request, code: str):
    """The page behind the meeting's QR code: type a personal code, or confirm if logged in."""
    meeting = selectors.meeting_by_checkin_code(code=code)
    if meeting is None or not meeting.is_published:
        return render(request, "meetings/attendance/self_checkin_unknown.html", {}, status=404)
    registration = selectors.personal_registration(meeting=meeting, user=request.user)
    form = SelfCheckinForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST":
        try:
            registration, changed = _self_checkin_post(request, meeting, form)
        except services.CheckInError as refusal:
            error = refusal.message
            status = 429 if refusal.rate_limited else 200
        else:
            return render(
                request,
                "meetings/attendance/self_checkin_done.html",
                {
                    "process": meeting.process,
                    "meeting": meeting,
                    "registration": registration,
                    "changed": changed,
                },
            )
    return render(
        request,
        "meetings/attendance/self_checkin.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "form": form,
            "error": error,
            "registration": registration,
            "window_closed": rules.self_checkin_window_verdict(meeting).reason,
        },
        status=status,
    )


def _self_checkin_post(request, meeting: Meeting, form: SelfCheckinForm):
    if "confirm" in request.POST and request.user.is_authenticated:
        return services.attendance_self_check_in(meeting=meeting, user=request.user)
    key = _guess_key(request)
    if _too_many_guesses(key):
        raise services.CheckInError(
            _("Too many wrong codes. Please wait 10 minutes or ask at the desk."),
            rate_limited=True,
        )
    if not form.is_valid():
        raise services.CheckInError(_("Type your personal code."))
    try:
        return services.attendance_self_check_in(meeting=meeting, code=form.cleaned_data["code"])
    except services.CheckInError as refusal:
        if refusal.is_guess:
            _count_guess(key)
        raise


# --- the cohort ---------------------------------------------------------------------------------


def _cohort_filters(request):
    try:
        organisation_id = int(request.GET.get("organisation") or 0) or None
    except ValueError:
        organisation_id = None
    return organisation_id


def cohort(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_view_cohort(request.user, process).enforce()
    organisation_id = _cohort_filters(request)
    data = selectors.cohort_matrix(
        user=request.user, process=process, organisation_id=organisation_id
    )
    query = urlencode({"organisation": organisation_id}) if organisation_id else ""
    return render(
        request,
        "meetings/attendance/cohort.html",
        {
            "process": process,
            "cohort": data,
            "organisation_id": organisation_id,
            "export_query": query,
        },
    )


def cohort_table(data: selectors.Cohort) -> tuple[list[str], list[list], list[str], list[list]]:
    """The cohort as plain rows for the spreadsheet writers: people, then organisations."""
    labels = {
        "present": _("present"),
        "absent": _("absent"),
        "excused": _("excused"),
        selectors.REGISTERED: _("registered, not recorded"),
        selectors.UNREGISTERED: "",
    }
    people_header = [
        _("Name"),
        _("Organisation"),
        *[f"{timezone.localtime(m.starts_at):%Y-%m-%d} {localize(m.title)}" for m in data.meetings],
        _("Attended"),
        _("Registered (begun)"),
        _("Attendance rate (%)"),
    ]
    people_rows = [
        [
            row.person.get_full_name(),
            str(row.organisation or ""),
            *[labels[cell] for cell in row.cells],
            row.present,
            row.registered,
            row.percent,
        ]
        for row in data.rows
    ]
    organisation_header = [
        _("Organisation"),
        _("People"),
        _("Attendances"),
        _("Registered (begun)"),
        _("Attendance rate (%)"),
    ]
    organisation_rows = [
        [
            str(summary.organisation or _("No organisation")),
            summary.people_count,
            summary.present,
            summary.registered,
            summary.percent,
        ]
        for summary in data.organisations
    ]
    return people_header, people_rows, organisation_header, organisation_rows


def cohort_export(request, slug: str, fmt: str):
    process = get_visible_process(request, slug)
    rules.can_view_cohort(request.user, process).enforce()
    if fmt not in ("xlsx", "csv"):
        raise Http404
    organisation_id = _cohort_filters(request)
    data = selectors.cohort_matrix(
        user=request.user, process=process, organisation_id=organisation_id
    )
    people_header, people_rows, organisation_header, organisation_rows = cohort_table(data)
    if fmt == "xlsx":
        content = spreadsheets.xlsx_bytes(
            [
                spreadsheets.Sheet(_("People"), people_header, people_rows),
                spreadsheets.Sheet(_("Organisations"), organisation_header, organisation_rows),
            ]
        )
    else:
        content = spreadsheets.csv_bytes(people_header, people_rows)
    activity_record(
        actor=request.user,
        verb="attendance.exported",
        target=process,
        process=process,
        changes={"format": fmt, "organisation": organisation_id, "rows": len(people_rows)},
    )
    stem = f"{slugify(process.slug)}-attendance-{timezone.localdate():%Y%m%d}"
    return spreadsheets.download(content, fmt, stem)
