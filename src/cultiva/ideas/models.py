"""Contributions: the ideas, needs, shortcomings and good practices participants put forward."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import MultilingualField, localize
from cultiva.core.models import ImportBatchBase
from cultiva.core.workflow import Transition


def guest_name_field() -> models.CharField:
    """The name a guest of the live wall gave (they have no account)."""
    return models.CharField(_("guest's name"), max_length=120, blank=True, default="")


def guest_organisation_field() -> models.CharField:
    return models.CharField(_("guest's organisation"), max_length=200, blank=True, default="")


def domain_field() -> models.ForeignKey:
    """An optional cultural domain of the taxonomy."""
    return models.ForeignKey(
        "core.TaxonomyTerm",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": "domain"},
        verbose_name=_("cultural domain"),
    )


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
        MERGED = "merged", _("merged into another contribution")

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
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("Organisations or people you would work with.")
    )
    resources_needed = models.TextField(_("resources needed"), blank=True)
    resources_amount_min = models.DecimalField(
        _("amount needed, from"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    resources_amount_max = models.DecimalField(
        _("amount needed, up to"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    time_horizon = models.CharField(
        _("time horizon"), max_length=10, choices=TimeHorizon.choices, blank=True
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Values of the process template's extra fields, keyed by ExtraField.key.
    extra = models.JSONField(_("extra fields"), default=dict, blank=True)
    # Provenance beyond `source` and `meeting`: who typed it in, and from which file row or
    # wall card it came.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    import_batch = models.ForeignKey(
        "ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("import"),
    )
    import_row = models.PositiveIntegerField(_("row in the file"), null=True, blank=True)
    # A stable fingerprint of an imported row, so importing the same file again adds nothing.
    import_key = models.CharField(max_length=64, blank=True, default="")
    wall_card = models.OneToOneField(
        "WallCard",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contribution",
        verbose_name=_("wall card"),
    )
    # A guest of the live wall has no account: the name and organisation they gave are kept
    # here (the author is then the facilitator who closed the wall). Erasure may empty the
    # name; `is_guest` still tells the card was not the author's.
    is_guest = models.BooleanField(_("from a guest of the live wall"), default=False)
    guest_name = guest_name_field()
    guest_organisation_name = guest_organisation_field()
    # Set when a facilitator merged this duplicate into another contribution (undoable).
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        verbose_name=_("merged into"),
    )
    # Normalised words (folded diacritics, stems) for search where no full-text engine is.
    search_document = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["process", "status", "kind"]),
            # The list's order: newest first within a process.
            models.Index(fields=["process", "-created_at", "-id"], name="contribution_newest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "import_key"],
                condition=~models.Q(import_key=""),
                name="contribution_import_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def proposer_name(self) -> str:
        """Who put it forward, by name: the wall guest as they signed, else the author."""
        if self.is_guest:
            return self.guest_name or str(_("former participant"))
        return self.author.public_name


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


class ExtraField(models.Model):
    """A typed field a coordinator adds to the process's contribution template."""

    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        NUMBER = "number", _("number")
        SINGLE_CHOICE = "single_choice", _("single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("multiple choice")
        SETTLEMENT = "settlement", _("settlement")
        DOMAIN = "domain", _("cultural domain")
        MONEY_RANGE = "money_range", _("amount range")
        YES_NO = "yes_no", _("yes or no")
        DATE = "date", _("date")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="extra_fields"
    )
    key = models.SlugField(_("key"), max_length=40)
    label = MultilingualField(_("label"))
    help_text = MultilingualField(_("help text"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # For choice fields: [{"hu": "...", "ro": "...", "en": "..."}, ...]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    is_required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("extra field")
        verbose_name_plural = _("extra fields")
        ordering = ["process", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="extra_field_unique_key")
        ]

    def __str__(self) -> str:
        return localize(self.label) or self.key


class ContributionRevision(models.Model):
    """A contribution as it was after each change: its history."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    data = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contribution revision")
        verbose_name_plural = _("contribution revisions")
        ordering = ["contribution", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "number"], name="contribution_revision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contribution} #{self.number}"


class ContributionTranslation(models.Model):
    """A contribution's title and text in another official language, kept apart from the
    original (which stays as written) and shown with a "translated" mark."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("description"))
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("translated by"),
    )
    translated_at = models.DateTimeField(_("translated"), auto_now=True)

    class Meta:
        verbose_name = _("contribution translation")
        verbose_name_plural = _("contribution translations")
        ordering = ["contribution", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "language"], name="contribution_translation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id} ({self.language})"


class Support(models.Model):
    """A person backs a contribution (one support each)."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="supports"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "person"], name="support_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.contribution}"


class Comment(models.Model):
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contribution_comments"
    )
    body = models.TextField(_("comment"))
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["contribution", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class Follow(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="follows")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "person"], name="follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} follows {self.contribution}"


class Notification(models.Model):
    """Something a person should know: a new comment on what they follow, a promotion…"""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=60)
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "read_at"])]

    def __str__(self) -> str:
        return self.text


class Report(models.Model):
    """Someone flags a contribution or a comment for the moderators."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contribution__isnull=False, comment__isnull=True)
                | models.Q(contribution__isnull=True, comment__isnull=False),
                name="report_has_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.reason[:40]


class ImportBatch(ImportBatchBase):
    """A spreadsheet of contributions, checked (dry run) and then committed as a whole."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="import_batches"
    )

    class Meta(ImportBatchBase.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")


def new_wall_code() -> str:
    from cultiva.meetings.models import random_code

    return random_code(6)


class Wall(models.Model):
    """The live brainstorm wall of a workshop: cards, columns, a timer and dot voting."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="walls")
    title = models.CharField(_("question on the wall"), max_length=200)
    code = models.CharField(
        _("join code"), max_length=8, unique=True, default=new_wall_code, editable=False
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    allow_guests = models.BooleanField(_("guests may join with a name"), default=False)
    dots_per_person = models.PositiveSmallIntegerField(_("dots per person"), default=3)
    voting_open = models.BooleanField(default=False)
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("wall")
        verbose_name_plural = _("walls")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class WallColumn(models.Model):
    wall = models.ForeignKey(Wall, on_delete=models.CASCADE, related_name="columns")
    title = models.CharField(_("title"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    # The facilitator may say which cultural domain the column's cards belong to.
    domain = domain_field()

    class Meta:
        verbose_name = _("wall column")
        verbose_name_plural = _("wall columns")
        ordering = ["wall", "position", "id"]

    def __str__(self) -> str:
        return self.title


class WallParticipant(models.Model):
    """Someone on the wall: a member with an account, or a guest the facilitator allowed."""

    wall = models.ForeignKey(Wall, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    guest_name = models.CharField(_("name"), max_length=120, blank=True)
    guest_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # Secret the participant's browser holds, so a reconnect finds the same participant.
    token = models.CharField(max_length=64, unique=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wall participant")
        verbose_name_plural = _("wall participants")
        constraints = [
            models.UniqueConstraint(
                fields=["wall", "person"],
                condition=models.Q(person__isnull=False),
                name="wall_participant_once",
            )
        ]

    def __str__(self) -> str:
        return str(self.person) if self.person_id else self.guest_name


class WallCard(models.Model):
    wall = models.ForeignKey(Wall, on_delete=models.CASCADE, related_name="cards")
    column = models.ForeignKey(
        WallColumn, on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
    )
    author = models.ForeignKey(
        WallParticipant, on_delete=models.SET_NULL, null=True, related_name="cards"
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Contribution.Kind.choices,
        default=Contribution.Kind.IDEA,
    )
    text = models.CharField(_("text"), max_length=500)
    # A guest's name and organisation as they gave them when joining (empty for members).
    guest_name = guest_name_field()
    guest_organisation_name = guest_organisation_field()
    # Carried to the contribution when the wall closes: the meeting's settlement, and the
    # domain of the column the card is in (when the facilitator gave it one).
    settlement = models.ForeignKey(
        "core.Settlement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settlement"),
    )
    domain = domain_field()
    # Chosen by the posting browser: posting the same card again after a dropped
    # connection finds it instead of making a second one.
    client_id = models.CharField(max_length=64)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # A facilitator took the card off the wall while it was open; hidden cards do not become
    # contributions when the wall closes.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("wall card")
        verbose_name_plural = _("wall cards")
        ordering = ["wall", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["wall", "client_id"], name="wall_card_client_once")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class WallDot(models.Model):
    """One dot of a participant's dot votes; a participant may put several on one card."""

    card = models.ForeignKey(WallCard, on_delete=models.CASCADE, related_name="dots")
    participant = models.ForeignKey(WallParticipant, on_delete=models.CASCADE, related_name="dots")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dot")
        verbose_name_plural = _("dots")

    def __str__(self) -> str:
        return f"{self.participant} → {self.card}"
