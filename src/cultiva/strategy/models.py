"""The cultural strategy: goals > priority axes > measures > projects."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import MultilingualField, localize


class Strategy(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONSULTATION = "consultation", _("in consultation")
        ADOPTED = "adopted", _("adopted")

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="strategies",
        verbose_name=_("process"),
    )
    title = MultilingualField(_("title"))
    vision = MultilingualField(_("vision"), blank=True)
    summary = MultilingualField(_("executive summary"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-period_start", "-version"]

    def __str__(self) -> str:
        return localize(self.title)


class _StrategyNode(models.Model):
    code = models.CharField(_("code"), max_length=20)
    title = MultilingualField(_("title"))
    description = MultilingualField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {localize(self.title)}"


class Goal(_StrategyNode):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals")

    class Meta(_StrategyNode.Meta):
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")


class PriorityAxis(_StrategyNode):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="axes")

    class Meta(_StrategyNode.Meta):
        verbose_name = _("priority axis")
        verbose_name_plural = _("priority axes")


class Measure(_StrategyNode):
    axis = models.ForeignKey(PriorityAxis, on_delete=models.CASCADE, related_name="measures")
    projects = models.ManyToManyField(
        "portfolio.Project",
        through="MeasureProject",
        related_name="measures",
        blank=True,
        verbose_name=_("projects"),
    )

    class Meta(_StrategyNode.Meta):
        verbose_name = _("measure")
        verbose_name_plural = _("measures")


class MeasureProject(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="project_links")
    project = models.ForeignKey(
        "portfolio.Project", on_delete=models.CASCADE, related_name="measure_links"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("project of a measure")
        verbose_name_plural = _("projects of measures")
        constraints = [
            models.UniqueConstraint(fields=["measure", "project"], name="measure_project_unique")
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} → {self.project.code}"
