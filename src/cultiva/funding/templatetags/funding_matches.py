"""`{% project_matches_url project %}`: the address of a project's "where could this be
funded" page for those who may see it, else "" (the portfolio's card page shows the link
without importing funding)."""

from django import template
from django.urls import reverse

from cultiva.funding.rules import can_view_project_matches

register = template.Library()


@register.simple_tag(takes_context=True)
def project_matches_url(context, project) -> str:
    request = context.get("request")
    if request is None or project is None or not project.process_id:
        return ""
    if not can_view_project_matches(request.user, project):
        return ""
    return reverse("funding:project_matches", args=[project.process.slug, project.pk])
