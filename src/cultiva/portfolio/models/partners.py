"""Looking for partners: the partner a project's lead wants, and the organisations that
offer themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import MultilingualField
from cultiva.portfolio.models.projects import Project


class PartnerSearch(models.Model):
    """The lead organisation looks for a partner of this profile (open until closed)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="partner_search")
    is_open = models.BooleanField(_("looking for partners"), default=True, db_index=True)
    sector = models.ForeignKey(
        "core.TaxonomyTerm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": "sector"},
        verbose_name=_("sector wanted"),
    )
    domains = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="+",
        blank=True,
        limit_choices_to={"vocabulary": "domain"},
        verbose_name=_("cultural domains wanted"),
    )
    settlements = models.ManyToManyField(
        "core.Settlement", related_name="+", blank=True, verbose_name=_("settlements wanted")
    )
    role = MultilingualField(_("role wanted"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partner search")
        verbose_name_plural = _("partner searches")

    def __str__(self) -> str:
        return f"{self.project_id}: partner search"


class PartnerInterest(models.Model):
    """An organisation offers itself as a partner of a project; the lead answers."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the lead's answer")
        ACCEPTED = "accepted", _("accepted as a partner")
        DECLINED = "declined", _("declined")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partner_interests")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="partner_interests"
    )
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    answer = models.TextField(_("answer"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("partner interest")
        verbose_name_plural = _("partner interests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                condition=models.Q(status="pending"),
                name="partner_interest_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} ← {self.organisation_id}"
