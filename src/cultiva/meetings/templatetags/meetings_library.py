"""Meeting page panels: materials, minutes and feedback; and a filter for material types."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cultiva.core.markdown import render_markdown
from cultiva.meetings import rules, uploads
from cultiva.meetings.models import FeedbackResponse
from cultiva.meetings.selectors.feedback import has_given_feedback
from cultiva.meetings.selectors.library import meeting_materials
from cultiva.meetings.selectors.minutes import minutes_for_meeting

register = template.Library()

_TYPE_LABELS = {kind.content_type: kind.label for kind in uploads.KINDS.values()}


@register.filter
def material_type(material) -> str:
    """A short name of a material's file type: PDF, PPTX, …"""
    return _TYPE_LABELS.get(material.content_type, "")


def _render(name: str, request, context: dict) -> str:
    return mark_safe(render_to_string(name, context, request=request))  # noqa: S308


@register.simple_tag(takes_context=True)
def materials_panel(context, meeting):
    request = context["request"]
    user = request.user
    materials = list(meeting_materials(user=user, meeting=meeting))
    for material in materials:
        material.can_delete = bool(rules.can_delete_material(user, material))
    return _render(
        "meetings/library/_panel.html",
        request,
        {
            "process": meeting.process,
            "meeting": meeting,
            "materials": materials,
            "can_add": rules.can_add_material(user, meeting),
        },
    )


@register.simple_tag(takes_context=True)
def minutes_panel(context, meeting):
    request = context["request"]
    user = request.user
    minutes = minutes_for_meeting(meeting=meeting)
    can_read = minutes is not None and bool(rules.can_view_minutes(user, minutes))
    can_edit = rules.can_edit_minutes(user, meeting)
    if not can_read and not can_edit:
        return ""
    return _render(
        "meetings/minutes/_panel.html",
        request,
        {
            "process": meeting.process,
            "meeting": meeting,
            "minutes": minutes if can_read else None,
            "body_html": render_markdown(minutes.body, heading_offset=2) if can_read else "",
            "can_edit": can_edit,
        },
    )


@register.simple_tag(takes_context=True)
def feedback_panel(context, meeting):
    request = context["request"]
    user = request.user
    can_results = rules.can_view_feedback_results(user, meeting)
    can_give = rules.can_give_feedback(user, meeting)
    if not can_results and not can_give:
        return ""
    return _render(
        "meetings/feedback/_panel.html",
        request,
        {
            "process": meeting.process,
            "meeting": meeting,
            "can_give": can_give,
            "given": bool(can_give) and has_given_feedback(user=user, meeting=meeting),
            "can_results": can_results,
            "can_define": rules.can_manage_feedback_questions(user, meeting.process),
            "responses": (
                FeedbackResponse.objects.filter(meeting=meeting).count() if can_results else 0
            ),
        },
    )
