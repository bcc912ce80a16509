"""The rows a project card holds several of: milestones, budget lines, risks, output
indicators, attachments, and the versions of the card kept at every save."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import MultilingualField, localize
from cultiva.portfolio.models.projects import Project


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    name = MultilingualField(_("milestone"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {localize(self.name)}"


class BudgetLine(models.Model):
    """What one source gives in one year: planned, and how much of it is secured."""

    class Source(models.TextChoices):
        OWN = "own", _("own contribution")
        LOCAL = "local", _("local government")
        COUNTY = "county", _("county")
        NATIONAL = "national", _("national")
        EU = "eu", _("European Union")
        PRIVATE = "private", _("private")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    planned = models.DecimalField(_("planned"), max_digits=14, decimal_places=2)
    secured = models.DecimalField(_("secured"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "source", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned__gte=0, secured__gte=0),
                name="budget_line_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(secured__lte=models.F("planned")),
                name="budget_line_secured_within_planned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.source}: {self.planned}"


class Risk(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    description = MultilingualField(_("risk"))
    mitigation = MultilingualField(_("mitigation"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return localize(self.description)


class OutputIndicator(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="output_indicators")
    name = MultilingualField(_("indicator"))
    unit = models.CharField(_("unit"), max_length=40)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("output indicator")
        verbose_name_plural = _("output indicators")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{localize(self.name)}: {self.target} {self.unit}"


class ProjectAttachment(models.Model):
    """A file on the card, checked by its content as meeting materials are."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="project-attachments/%Y/%m/")
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ProjectVersion(models.Model):
    """The whole card as it was after one save (JSON), who saved it and when."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("card"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("version of a project card")
        verbose_name_plural = _("versions of project cards")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="project_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} v{self.number}"
