"""The process page's link to the funding dashboard, for those who may open it."""

from django import template

from cultiva.funding import rules

register = template.Library()


@register.inclusion_tag("funding/dashboard_link.html", takes_context=True)
def funding_dashboard_link(context, process):
    request = context.get("request")
    user = getattr(request, "user", None)
    can_view = bool(user is not None and rules.can_view_dashboard(user, process))
    return {"process": process, "can_view": can_view}
