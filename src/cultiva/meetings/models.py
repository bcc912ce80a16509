"""Meetings of a process: lectures, workshops, conference sessions, public forums."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import MultilingualField, localize


class Meeting(models.Model):
    class Kind(models.TextChoices):
        LECTURE = "lecture", _("lecture")
        WORKSHOP = "workshop", _("workshop")
        CONFERENCE_SESSION = "conference_session", _("conference session")
        PUBLIC_FORUM = "public_forum", _("public forum")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("process"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    title = MultilingualField(_("title"))
    description = MultilingualField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    settlement = models.ForeignKey(
        "core.Settlement",
        on_delete=models.PROTECT,
        related_name="meetings",
        null=True,
        blank=True,
        verbose_name=_("settlement"),
    )
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    domains = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="meetings",
        blank=True,
        limit_choices_to={"vocabulary__in": ["domain", "expertise"]},
        verbose_name=_("topics"),
    )
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return localize(self.title)
