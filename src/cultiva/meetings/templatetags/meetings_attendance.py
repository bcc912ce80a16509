"""Meeting page panels for this feature (scaffold: the feature's owner fills it in)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def attendance_panel(context, meeting):
    return ""
