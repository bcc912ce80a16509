"""Contributions: the ideas, needs, shortcomings and good practices participants put forward."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cultiva.core.workflow import Transition


class Contribution(models.Model):
    class Kind(models.TextChoices):
        IDEA = "idea", _("idea")
        NEED = "need", _("need")
        SHORTCOMING = "shortcoming", _("shortcoming")
        GOOD_PRACTICE = "good_practice", _("good practice")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        IN_PORTFOLIO = "in_portfolio", _("in the portfolio")
        WITHDRAWN = "withdrawn", _("withdrawn")
        HIDDEN = "hidden", _("hidden by moderation")

    class Source(models.TextChoices):
        ONLINE = "online", _("online form")
        MEETING = "meeting", _("at a meeting")
        WALL = "wall", _("live wall")
        IMPORT = "import", _("spreadsheet import")
        PAPER = "paper", _("paper form")

    class TimeHorizon(models.TextChoices):
        SHORT = "short", _("within a year")
        MEDIUM = "medium", _("one to three years")
        LONG = "long", _("more than three years")

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("process"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("meeting"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("description"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    domains = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="contributions",
        verbose_name=_("cultural domains"),
        limit_choices_to={"vocabulary": "domain"},
    )
    settlements = models.ManyToManyField(
        "core.Settlement", related_name="contributions", blank=True, verbose_name=_("settlements")
    )
    target_groups = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="+",
        blank=True,
        verbose_name=_("target groups"),
        limit_choices_to={"vocabulary": "target_group"},
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("proposer"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("organisation"),
    )
    resources_needed = models.TextField(_("resources needed"), blank=True)
    time_horizon = models.CharField(
        _("time horizon"), max_length=10, choices=TimeHorizon.choices, blank=True
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["process", "status", "kind"])]

    def __str__(self) -> str:
        return self.title


S = Contribution.Status
_AUTHOR = frozenset({"author"})
_STAFF = frozenset({"facilitator", "coordinator"})

CONTRIBUTION_TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.DRAFT, S.SUBMITTED, _AUTHOR | _STAFF),
    Transition(S.DRAFT, S.WITHDRAWN, _AUTHOR),
    Transition(S.SUBMITTED, S.WITHDRAWN, _AUTHOR),
    Transition(S.SUBMITTED, S.HIDDEN, _STAFF),
    Transition(S.HIDDEN, S.SUBMITTED, _STAFF),
    Transition(S.SUBMITTED, S.IN_PORTFOLIO, _STAFF),
    Transition(S.IN_PORTFOLIO, S.IN_PORTFOLIO, _STAFF),  # a second project may draw on it
)
