"""The county's cultural project portfolio: project cards and where they came from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import MultilingualField, localize


class ProjectQuerySet(models.QuerySet):
    def in_portfolio(self):
        """Projects of the portfolio proper: not proposals still in draft or review."""
        return self.filter(proposal_status=Project.ProposalStatus.ACCEPTED)


class Project(models.Model):
    class ProposalStatus(models.TextChoices):
        # A project promoted by a facilitator enters the portfolio directly (accepted);
        # one proposed by an organisation goes draft → submitted → accepted, or back to
        # the proposer with a reason (changes requested), or declined.
        DRAFT = "draft", _("draft proposal")
        SUBMITTED = "submitted", _("proposal awaiting a decision")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        ACCEPTED = "accepted", _("in the portfolio")
        DECLINED = "declined", _("proposal declined")

    class Maturity(models.TextChoices):
        IDEA = "idea", _("idea")
        CONCEPT = "concept", _("concept")
        READY = "ready", _("ready to apply")
        APPLIED = "applied", _("applied for funding")
        FUNDED = "funded", _("funded")
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")
        DROPPED = "dropped", _("dropped")

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="projects",
        verbose_name=_("process"),
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = MultilingualField(_("title"))
    summary = MultilingualField(_("summary"), blank=True)
    objectives = MultilingualField(_("objectives"), blank=True)
    rationale = MultilingualField(_("rationale"), blank=True)
    expected_results = MultilingualField(_("expected results"), blank=True)
    lead_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        "accounts.Organisation",
        through="ProjectPartner",
        related_name="partner_projects",
        blank=True,
        verbose_name=_("partners"),
    )
    settlements = models.ManyToManyField(
        "core.Settlement", related_name="projects", blank=True, verbose_name=_("settlements")
    )
    domains = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="projects",
        blank=True,
        limit_choices_to={"vocabulary": "domain"},
        verbose_name=_("cultural domains"),
    )
    # The county programme card (Hargita 2013 strategy) and what funders ask for.
    development_area = MultilingualField(_("development area"), blank=True)
    programme_theme = MultilingualField(_("theme of the programme"), blank=True)
    activities = MultilingualField(_("activities"), blank=True)
    synergies = MultilingualField(_("synergies"), blank=True)
    synergy_projects = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="synergy_of",
        blank=True,
        verbose_name=_("projects it works together with"),
    )
    financing = MultilingualField(_("financing"), blank=True)
    responsible_body = MultilingualField(_("responsible body"), blank=True)
    presentation_ideas = MultilingualField(_("presentation ideas"), blank=True)
    related_proposals = MultilingualField(_("related proposals"), blank=True)
    target_groups = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="target_group_projects",
        blank=True,
        limit_choices_to={"vocabulary": "target_group"},
        verbose_name=_("target groups"),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    # Themes it came from: synthesis.Theme.project (reverse: `themes`).
    meetings = models.ManyToManyField(
        "meetings.Meeting",
        related_name="projects",
        blank=True,
        verbose_name=_("meetings it came from"),
    )
    # For the people who edit the card only: never on a public page, in the API or in documents.
    private_notes = models.TextField(_("private notes"), blank=True)
    budget_total = models.DecimalField(
        _("estimated budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="RON")
    maturity = models.CharField(
        _("maturity"),
        max_length=10,
        choices=Maturity.choices,
        default=Maturity.IDEA,
        db_index=True,
    )
    origins = models.ManyToManyField(
        "ideas.Contribution",
        through="ProjectOrigin",
        related_name="projects",
        verbose_name=_("origins"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    proposal_status = models.CharField(
        _("proposal status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.ACCEPTED,
        db_index=True,
    )
    # Raised by every edit of the card: an edit made on an older version is refused
    # (optimistic concurrency) instead of silently overwriting someone else's changes.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["code"]
        constraints = [
            # A proposal has no code until it is accepted into the portfolio.
            models.UniqueConstraint(
                fields=["process", "code"],
                condition=~models.Q(code=""),
                name="project_unique_code",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {localize(self.title)}"


class ProjectPartner(models.Model):
    """An organisation that works on a project beside its lead, in a role."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="project_partnerships"
    )
    role = MultilingualField(_("role in the project"), blank=True)

    class Meta:
        # The table Django made for the plain many-to-many before partners had roles.
        db_table = "portfolio_project_partners"
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="project_partner_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.code} + {self.organisation}"


class ProjectOrigin(models.Model):
    """A contribution a project grew from: the thread of traceability."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="origin_links")
    contribution = models.ForeignKey(
        "ideas.Contribution", on_delete=models.PROTECT, related_name="project_links"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("project origin")
        verbose_name_plural = _("project origins")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "contribution"], name="project_origin_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.code} ← {self.contribution}"


class MaturityChange(models.Model):
    """One step of a project through the maturity workflow: the project's history."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="maturity_changes")
    source = models.CharField(_("from"), max_length=10, choices=Project.Maturity.choices)
    target = models.CharField(_("to"), max_length=10, choices=Project.Maturity.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("note"), blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("maturity change")
        verbose_name_plural = _("maturity changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.source} → {self.target}"
