"""Proposals: projects an organisation proposes, and each step of their way into the
portfolio (the workflow is declared as data in portfolio.proposals)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cultiva.portfolio.models.projects import Project


class ProposalStep(models.Model):
    """One step of a proposal through the proposal workflow, with the reason given: what the
    proposer reads on "my proposals" (why changes are asked for, why it was declined)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="proposal_steps")
    source = models.CharField(
        _("from"), max_length=20, choices=Project.ProposalStatus.choices, blank=True
    )
    target = models.CharField(_("to"), max_length=20, choices=Project.ProposalStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    taken_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal step")
        verbose_name_plural = _("proposal steps")
        ordering = ["-taken_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.source} → {self.target}"
