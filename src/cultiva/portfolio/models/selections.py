"""Saved portfolios: a named selection of a process's projects, by hand or by a rule.

A rule is stored with its parameters and evaluated when the selection is viewed (the scores
and budgets of today, not of the day it was saved): see `portfolio.selection_rules`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedPortfolio(models.Model):
    class Kind(models.TextChoices):
        HAND = "hand", _("picked by hand")
        RULE = "rule", _("chosen by a rule")

    class Rule(models.TextChoices):
        TOP_N = "top_n", _("the top N by score")
        BEST_PER_REGION = "best_per_region", _("the best project of each micro-region")
        WITHIN_BUDGET = "within_budget", _("the best projects within a budget")

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="saved_portfolios",
        verbose_name=_("process"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("how projects are chosen"), max_length=10, choices=Kind.choices)
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices, blank=True)
    # The rule's parameters: {"n": 20} for the top N, {"budget": "2000000"} (RON) for a budget.
    parameters = models.JSONField(_("parameters of the rule"), default=dict, blank=True)
    projects = models.ManyToManyField(
        "portfolio.Project",
        related_name="saved_portfolios",
        blank=True,
        verbose_name=_("projects picked by hand"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("saved portfolio")
        verbose_name_plural = _("saved portfolios")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="saved_portfolio_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
