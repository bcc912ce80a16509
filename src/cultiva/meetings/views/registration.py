"""Registration pages: register, cancel, register colleagues, invite, the staff list, mine."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cultiva.accounts.models import Organisation
from cultiva.core.forms import add_service_errors
from cultiva.core.i18n import localize
from cultiva.core.redirects import redirect_back
from cultiva.core.spreadsheets import neutralise
from cultiva.meetings import rules
from cultiva.meetings.forms.registration import ColleaguesForm, InvitationForm, RegistrationForm
from cultiva.meetings.models import Meeting, Registration
from cultiva.meetings.selectors import registration as selectors
from cultiva.meetings.services import registration as services
from cultiva.meetings.views.common import visible_meeting
from cultiva.processes.rules import can_see_email_addresses

Status = Registration.Status
ACTIVE = (Status.CONFIRMED, Status.WAITING)


def _meeting_url(meeting: Meeting):
    return redirect("meetings:detail", meeting.process.slug, meeting.pk)


def _status_message(registration: Registration) -> str:
    if registration.status == Status.CONFIRMED:
        return _("You have a place. Your personal code is %(code)s; we have sent it by e-mail.") % {
            "code": registration.personal_code
        }
    position = services.waiting_position(registration)
    return _(
        "The meeting is full: you are number %(position)s on the waiting list. "
        "We will write to you if a place frees up."
    ) % {"position": position}


@login_required
def meeting_register(request, slug: str, pk: int):
    meeting = visible_meeting(request, slug, pk, detailed=True)
    verdict = rules.can_register(request.user, meeting)
    if not verdict:
        messages.error(request, verdict.reason)
        return _meeting_url(meeting)
    current = selectors.registration_of(user=request.user, meeting=meeting)
    if current is not None and current.status != Status.CANCELLED:
        messages.info(request, _("You are already registered for this meeting."))
        return _meeting_url(meeting)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        questions=selectors.registration_questions(meeting=meeting),
        memberships=selectors.user_memberships(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                actor=request.user,
                meeting=meeting,
                organisation=form.cleaned_data.get("organisation"),
                answers=form.answers(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _status_message(registration))
            return _meeting_url(meeting)
    counts = selectors.place_counts(meeting=meeting)
    return render(
        request,
        "meetings/registration/register.html",
        {"process": meeting.process, "meeting": meeting, "form": form, "counts": counts},
    )


@require_POST
@login_required
def registration_cancel(request, pk: int):
    registration = get_object_or_404(Registration.objects.select_related("meeting__process"), pk=pk)
    verdict = rules.can_cancel_registration(request.user, registration)
    if not verdict:
        if request.user.pk == registration.person_id:
            messages.error(request, verdict.reason)
            return _back(request, registration.meeting)
        raise PermissionDenied(verdict.reason)
    services.registration_cancel(actor=request.user, registration=registration)
    if request.user.pk == registration.person_id:
        messages.success(request, _("Your registration is cancelled. We have sent a confirmation."))
    else:
        messages.success(
            request, _("The registration of %(name)s is cancelled.") % {"name": registration.person}
        )
    return _back(request, registration.meeting)


def _back(request, meeting: Meeting):
    fallback = reverse("meetings:detail", args=[meeting.process.slug, meeting.pk])
    return redirect_back(request, request.POST.get("next"), fallback)


def _colleague_organisations(user, meeting: Meeting):
    if rules.is_staff(user, meeting.process):
        return Organisation.objects.filter(memberships__isnull=False).distinct().order_by("id")
    return selectors.contact_organisations(user=user)


@login_required
def register_colleagues(request, slug: str, pk: int):
    meeting = visible_meeting(request, slug, pk, detailed=True)
    verdict = rules.can_register(request.user, meeting)
    if not verdict:
        messages.error(request, verdict.reason)
        return _meeting_url(meeting)
    organisations = list(_colleague_organisations(request.user, meeting))
    if not organisations:
        raise PermissionDenied(
            _("Only the organisation's contact people can register its members.")
        )
    chosen_id = request.POST.get("organisation") or request.GET.get("organisation")
    organisation = next((o for o in organisations if str(o.pk) == str(chosen_id)), None)
    organisation = organisation or organisations[0]
    rules.can_register_colleagues(request.user, meeting, organisation).enforce()
    members = list(selectors.colleagues(organisation=organisation, meeting=meeting))
    form = ColleaguesForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            results = services.registrations_create_for_colleagues(
                actor=request.user,
                meeting=meeting,
                organisation=organisation,
                people=form.cleaned_data["people"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            for result in results:
                if result.problem:
                    messages.error(request, result.problem)
                elif result.registration.status == Status.CONFIRMED:
                    messages.success(request, _("%(name)s has a place.") % {"name": result.person})
                else:
                    messages.info(
                        request,
                        _("%(name)s is on the waiting list.") % {"name": result.person},
                    )
            return redirect(f"{request.path}?organisation={organisation.pk}")
    return render(
        request,
        "meetings/registration/colleagues.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "organisations": organisations,
            "organisation": organisation,
            "registered": [m for m in members if m.registration_status in ACTIVE],
            "free_count": sum(1 for m in members if m.registration_status not in ACTIVE),
            "form": form,
            "counts": selectors.place_counts(meeting=meeting),
        },
    )


def meeting_invite(request, slug: str, pk: int):
    meeting = visible_meeting(request, slug, pk, detailed=True)
    rules.can_manage_meetings(request.user, meeting.process).enforce()
    form = InvitationForm(request.POST if request.method == "POST" else None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.invitations_send(
                actor=request.user,
                meeting=meeting,
                organisations=form.cleaned_data["organisations"],
                emails=form.cleaned_data["emails"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if report.sent:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s invitation is on its way.",
                        "%(count)s invitations are on their way.",
                        len(report.sent),
                    )
                    % {"count": len(report.sent)},
                )
            if report.skipped:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s address was already invited and was skipped.",
                        "%(count)s addresses were already invited and were skipped.",
                        len(report.skipped),
                    )
                    % {"count": len(report.skipped)},
                )
            form = InvitationForm()
    return render(
        request,
        "meetings/registration/invite.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "form": form,
            "report": report,
            "invited_count": meeting.invitations.count(),
        },
    )


def meeting_registrations(request, slug: str, pk: int):
    meeting = visible_meeting(request, slug, pk, detailed=True)
    rules.can_view_registrations(request.user, meeting).enforce()
    questions, rows = selectors.meeting_registrations(meeting=meeting)
    counts = selectors.place_counts(meeting=meeting)
    return render(
        request,
        "meetings/registration/list.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "questions": questions,
            "rows": rows,
            "counts": counts,
            "cancelled": sum(1 for r in rows if r.registration.status == Status.CANCELLED),
            # No "register people" button once registering is closed (it would bounce back).
            "can_register": bool(rules.can_register(request.user, meeting)),
            "show_email": can_see_email_addresses(request.user, meeting.process),
        },
    )


def csv_safe(value) -> str:
    """A cell as text that a spreadsheet will not run as a formula."""
    return neutralise("" if value is None else str(value))


def meeting_registrations_csv(request, slug: str, pk: int):
    meeting = visible_meeting(request, slug, pk, detailed=True)
    rules.can_view_registrations(request.user, meeting).enforce()
    questions, rows = selectors.meeting_registrations(meeting=meeting)
    show_email = can_see_email_addresses(request.user, meeting.process)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="meeting-{meeting.pk}-registrations.csv"'
    )
    response.write("\ufeff")  # so that spreadsheet programs read the accents right
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            *([_("E-mail address")] if show_email else []),
            _("Organisation"),
            _("Status"),
            _("Place on the waiting list"),
            _("Registered"),
            _("Registered by"),
            _("Personal code"),
            _("Attendance"),
            *[localize(q.label) for q in questions],
        ]
    )
    for row in rows:
        r = row.registration
        writer.writerow(
            [
                csv_safe(value)
                for value in (
                    r.person.get_full_name(),
                    *([r.person.email] if show_email else []),
                    r.organisation or "",
                    r.get_status_display(),
                    row.waiting_position or "",
                    timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                    r.registered_by.get_full_name() if r.registered_by else "",
                    r.personal_code,
                    r.get_attendance_display() if r.attendance else "",
                    *row.answers,
                )
            ]
        )
    return response


@login_required
def my_registrations(request):
    upcoming, past = selectors.my_registrations(user=request.user)
    return render(
        request,
        "meetings/registration/mine.html",
        {"upcoming": upcoming, "past": past},
    )
