"""Attendance shown on an organisation's page: how many of its people attended which meeting
(counts only, no names; registered into accounts)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cultiva.accounts.organisation_pages import OrganisationSection, SectionContent, register
from cultiva.core.i18n import localize
from cultiva.meetings.models import Registration

SHOWN = 10


def _attendance(organisation, viewer) -> SectionContent:
    present = Registration.objects.filter(
        organisation=organisation,
        attendance=Registration.Attendance.PRESENT,
        meeting__is_published=True,
        meeting__process__is_published=True,
    )
    per_meeting = (
        present.values("meeting_id", "meeting__title", "meeting__process__slug")
        .annotate(people=Count("id"))
        .order_by("-meeting__starts_at")
    )
    items = [
        (
            ngettext(
                "%(meeting)s: %(count)d person attended",
                "%(meeting)s: %(count)d people attended",
                row["people"],
            )
            % {"meeting": localize(row["meeting__title"]), "count": row["people"]},
            reverse("meetings:detail", args=[row["meeting__process__slug"], row["meeting_id"]]),
        )
        for row in per_meeting[:SHOWN]
    ]
    return SectionContent(count=present.count(), items=items)


def register_sections() -> None:
    register(OrganisationSection("meetings.attendance", _("Attendance"), 40, _attendance))
