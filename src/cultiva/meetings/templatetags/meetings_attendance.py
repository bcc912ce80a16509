"""The meeting page's attendance panel: check-in links, personal code, certificates."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cultiva.meetings import rules
from cultiva.meetings.conf import checkin_opens_minutes
from cultiva.meetings.models import Registration
from cultiva.meetings.rules import can_get_series_certificate
from cultiva.meetings.selectors.attendance import personal_registration

register = template.Library()


@register.simple_tag(takes_context=True)
def attendance_panel(context, meeting):
    request = context.get("request")
    if request is None:
        return ""
    user = request.user
    process = meeting.process
    can_check_in = bool(rules.can_check_in(user, meeting))
    can_view_cohort = bool(rules.can_view_cohort(user, process))
    registration = personal_registration(meeting=meeting, user=user)
    confirmed = bool(registration and registration.status == Registration.Status.CONFIRMED)
    present = confirmed and registration.attendance == Registration.Attendance.PRESENT
    series = user.is_authenticated and bool(can_get_series_certificate(user, process))
    if not (can_check_in or can_view_cohort or confirmed or series):
        return ""
    return mark_safe(  # noqa: S308 - a rendered template, escaped by Django
        render_to_string(
            "meetings/attendance/panel.html",
            {
                "meeting": meeting,
                "process": process,
                "can_check_in": can_check_in,
                "can_view_cohort": can_view_cohort,
                "registration": registration,
                "present": present,
                "taken_place": present and bool(rules.has_taken_place(meeting)),
                "checkin_opens_minutes": checkin_opens_minutes(),
                "series": series,
                "needs_name": not rules.has_name_for_certificate(user),
            },
            request=request,
        )
    )
