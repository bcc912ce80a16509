"""The projects shown on an organisation's page (registered into accounts)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.organisation_pages import OrganisationSection, SectionContent, register
from cultiva.core.i18n import localize
from cultiva.portfolio.models import Project

SHOWN = 10


def _projects(organisation, viewer) -> SectionContent:
    projects = (
        Project.objects.filter(Q(lead_organisation=organisation) | Q(partners=organisation))
        .filter(process__is_published=True)
        .in_portfolio()
        .distinct()
    )
    items = [
        (f"{code} {localize(title)}", reverse("portfolio:detail", args=[pk]))
        for pk, code, title in projects.order_by("code").values_list("pk", "code", "title")[:SHOWN]
    ]
    return SectionContent(count=projects.count(), items=items)


def register_sections() -> None:
    register(OrganisationSection("portfolio.projects", _("Projects"), 30, _projects))
