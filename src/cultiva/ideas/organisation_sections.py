"""The contributions shown on an organisation's page (registered into accounts)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.organisation_pages import OrganisationSection, SectionContent, register
from cultiva.ideas.models import Contribution
from cultiva.ideas.rules import PUBLIC_STATUSES

SHOWN = 10


def _contributions(organisation, viewer) -> SectionContent:
    # Public contributions of published processes: what anyone may read anyway.
    public = Contribution.objects.filter(
        organisation=organisation, status__in=PUBLIC_STATUSES, process__is_published=True
    )
    items = [
        (title, reverse("ideas:detail", args=[pk]))
        for pk, title in public.order_by("-submitted_at", "-id").values_list("pk", "title")[:SHOWN]
    ]
    return SectionContent(count=public.count(), items=items)


def register_sections() -> None:
    register(OrganisationSection("ideas.contributions", _("Contributions"), 20, _contributions))
