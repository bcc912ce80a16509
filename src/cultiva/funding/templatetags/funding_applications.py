"""The "Applications" section of a project's card page, drawn by the funding app so that the
portfolio's code does not reach into funding (the portfolio template only includes it)."""

from __future__ import annotations

from django import template

from cultiva.funding.application_selectors import project_applications, sees_all_applications
from cultiva.funding.rules import is_applicant_person

register = template.Library()


@register.inclusion_tag("funding/application_project_section.html", takes_context=True)
def project_applications_section(context, project):
    """The project's applications with their status, for its lead organisation's people and
    the process's staff; nothing for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    show = bool(
        user is not None
        and user.is_authenticated
        and (
            sees_all_applications(user, project.process)
            or is_applicant_person(user, project.lead_organisation_id)
        )
    )
    return {
        "show": show,
        "process": project.process,
        "applications": project_applications(project=project) if show else [],
    }
