"""Expert review of portfolio projects: rounds, criteria, assignments, conflicts, scores.

The ranking and its stability are computed from these rows in plain modules
(`portfolio.ranking`); nothing here computes.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import MultilingualField, localize


class ReviewRound(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("being set up")
        OPEN = "open", _("open for reviews")
        CLOSED = "closed", _("closed")
        PUBLISHED = "published", _("results published")

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="review_rounds",
        verbose_name=_("process"),
    )
    title = MultilingualField(_("title"))
    instructions = MultilingualField(_("instructions for reviewers"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    reviewers_per_project = models.PositiveSmallIntegerField(
        _("reviewers per project"), default=2, validators=[MinValueValidator(1)]
    )
    # Blind review: a reviewer sees no one else's scores (the default, as in most funds).
    reviewers_see_others = models.BooleanField(
        _("reviewers see each other's scores"), default=False
    )
    publish_reviewer_names = models.BooleanField(
        _("publish reviewers' names with the results"), default=False
    )
    # The keys of the eligibility pre-checks a project must pass to enter the round
    # (see portfolio.eligibility for the catalogue of checks).
    eligibility_checks = models.JSONField(_("eligibility pre-checks"), default=list, blank=True)
    # How many projects the money is expected to reach: the line the stability labels use.
    funding_line = models.PositiveIntegerField(_("funding line (top N)"), null=True, blank=True)
    normalise_severity = models.BooleanField(_("normalise reviewer severity"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return localize(self.title)


class Criterion(models.Model):
    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = MultilingualField(_("name"))
    guidance = MultilingualField(_("guidance for reviewers"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=3,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    scale_min = models.SmallIntegerField(_("lowest score"), default=1)
    scale_max = models.SmallIntegerField(_("highest score"), default=5)
    reason_required = models.BooleanField(_("a written reason is required"), default=False)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="criterion_scale_ordered",
            )
        ]

    def __str__(self) -> str:
        return localize(self.name)


class RoundProject(models.Model):
    """A project entered into a round, with the result of its eligibility pre-checks."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="entries")
    project = models.ForeignKey(
        "portfolio.Project", on_delete=models.CASCADE, related_name="review_entries"
    )
    eligible = models.BooleanField(_("eligible"), default=True)
    # The keys of the checks the project failed, with a short explanation each.
    eligibility_failures = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("project in a review round")
        verbose_name_plural = _("projects in a review round")
        constraints = [
            models.UniqueConstraint(fields=["round", "project"], name="round_project_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.project}"


class ReviewAssignment(models.Model):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        CONFLICT = "conflict", _("removed: conflict of interest")
        REMOVED = "removed", _("removed by the coordinator")

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="assignments")
    project = models.ForeignKey(
        "portfolio.Project", on_delete=models.CASCADE, related_name="review_assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ASSIGNED
    )
    manual = models.BooleanField(_("assigned by hand"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "project", "reviewer"], name="review_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} → {self.reviewer}"


class ConflictDeclaration(models.Model):
    """What a reviewer declared before seeing a project, or what Cultiva detected."""

    class Kind(models.TextChoices):
        NONE = "none", _("no conflict of interest")
        MEMBER = "member", _("I belong to the lead or a partner organisation")
        PARTNER = "partner", _("my organisation is a partner")
        FAMILY = "family", _("family link")
        BUSINESS = "business", _("business link")
        OTHER = "other", _("other")

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="declaration"
    )
    kind = models.CharField(_("conflict of interest"), max_length=10, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)
    # True when Cultiva found the link (the reviewer belongs to the lead or a partner).
    detected = models.BooleanField(_("detected by Cultiva"), default=False)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")

    def __str__(self) -> str:
        return f"{self.assignment}: {self.kind}"

    @property
    def is_conflict(self) -> bool:
        return self.kind != self.Kind.NONE


class Review(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    class Recommendation(models.TextChoices):
        FUND = "fund", _("fund")
        MAYBE = "maybe", _("maybe")
        DO_NOT_FUND = "no", _("do not fund")

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    recommendation = models.CharField(
        _("overall recommendation"), max_length=5, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("comment to the team"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Why the coordinator reopened a submitted review (the last time), for its history.
    reopened_reason = models.TextField(_("reason for reopening"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.assignment} ({self.status})"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.SmallIntegerField(_("score"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="score_unique")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class ReviewerExpertise(models.Model):
    """The cultural domains an expert declares they can judge, in one process: automatic
    assignment prefers reviewers whose domains match a project's."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="reviewer_expertise"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_expertise"
    )
    domains = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="+",
        blank=True,
        limit_choices_to={"vocabulary": "domain"},
        verbose_name=_("cultural domains I can judge"),
    )
    note = models.CharField(_("other expertise"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reviewer's expertise")
        verbose_name_plural = _("reviewers' expertise")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "reviewer"], name="reviewer_expertise_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} ({self.process})"
