"""The registration panel of the meeting page: places, the user's status, the buttons."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cultiva.accounts.models import Membership
from cultiva.meetings import rules
from cultiva.meetings.models import Registration
from cultiva.meetings.selectors import registration as selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def registration_panel(context, meeting):
    request = context["request"]
    user = request.user
    counts = selectors.place_counts(meeting=meeting)
    registration = selectors.registration_of(user=user, meeting=meeting)
    if registration is not None:
        registration.meeting = meeting
    active = registration is not None and registration.status != Registration.Status.CANCELLED
    verdict = rules.can_register(user, meeting)
    memberships = selectors.user_memberships(user=user) if verdict else []
    is_staff = rules.is_staff(user, meeting.process)
    can_register_self = bool(verdict) and not active
    refused_full = can_register_self and counts.is_full and not meeting.waiting_list_enabled
    quick = (
        can_register_self
        and not refused_full
        and len(memberships) <= 1
        and not meeting.registration_questions.exists()
    )
    html = render_to_string(
        "meetings/registration/panel.html",
        {
            "meeting": meeting,
            "process": meeting.process,
            "counts": counts,
            "registration": registration,
            "active": active,
            "verdict": verdict,
            "can_register_self": can_register_self and not refused_full,
            "refused_full": refused_full,
            "quick": quick,
            "quick_organisation": memberships[0].organisation_id if memberships else "",
            "is_contact": any(m.role == Membership.Role.CONTACT for m in memberships),
            "is_staff": is_staff,
            "can_cancel": active and rules.can_cancel_registration(user, registration),
            "next": request.get_full_path(),
        },
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by a template with autoescaping
