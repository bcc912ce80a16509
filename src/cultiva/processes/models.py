"""A participatory process, its phases, and the roles people hold in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import MultilingualField, localize


def all_content_languages() -> list[str]:
    return list(settings.CONTENT_LANGUAGES)


class Process(models.Model):
    slug = models.SlugField(_("short address"), max_length=60, unique=True)
    title = MultilingualField(_("title"))
    description = MultilingualField(_("description"), blank=True)
    county = models.ForeignKey(
        "core.County", on_delete=models.PROTECT, related_name="processes", verbose_name=_("county")
    )
    # The territory the process covers inside its county; empty means the whole county.
    micro_regions = models.ManyToManyField(
        "core.MicroRegion", blank=True, related_name="processes", verbose_name=_("micro-regions")
    )
    settlements = models.ManyToManyField(
        "core.Settlement", blank=True, related_name="processes", verbose_name=_("settlements")
    )
    languages = models.JSONField(
        _("languages offered"),
        default=all_content_languages,
        help_text=_("The languages participants may use in this process."),
    )
    # Checked by its content (processes.logos) before it is stored; served by the logo view.
    logo = models.FileField(_("logo"), upload_to="process-logos/%Y/", blank=True)
    logo_content_type = models.CharField(max_length=40, blank=True, editable=False)
    is_published = models.BooleanField(_("published"), default=False)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    series_certificate_min_meetings = models.PositiveSmallIntegerField(
        _("meetings needed for a series certificate"),
        default=3,
        help_text=_("How many meetings of the series a person must attend to receive one."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["-starts_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="process_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return localize(self.title) or self.slug


class Phase(models.Model):
    """A stretch of the process; its flags decide what participants may do."""

    class Kind(models.TextChoices):
        WORKSHOPS = "workshops", _("workshops and lectures")
        SUBMISSION = "submission", _("collecting ideas")
        SYNTHESIS = "synthesis", _("synthesis")
        PORTFOLIO = "portfolio", _("project portfolio")
        STRATEGY = "strategy", _("strategy drafting")
        CONSULTATION = "consultation", _("public consultation")
        CONFERENCE = "conference", _("cultural conference")
        MONITORING = "monitoring", _("monitoring")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = MultilingualField(_("title"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    accepts_contributions = models.BooleanField(_("accepts contributions"), default=False)
    accepts_votes = models.BooleanField(_("accepts votes"), default=False)
    accepts_comments = models.BooleanField(_("accepts consultation comments"), default=False)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["process", "position", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="phase_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return localize(self.title) or self.get_kind_display()

    def is_current(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on


class ProcessRole(models.Model):
    """A role a person holds in one process (roles are scoped, not global)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        FACILITATOR = "facilitator", _("facilitator")
        EXPERT = "expert", _("expert")
        MEMBER = "member", _("member")
        DECISION_MAKER = "decision_maker", _("decision-maker")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="process_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("process role")
        verbose_name_plural = _("process roles")
        constraints = [
            models.UniqueConstraint(fields=["process", "user", "role"], name="process_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.process}"


class Invitation(models.Model):
    """An e-mail invitation to take a role in a process.

    Only a hash of the link's code is stored (like `accounts.ApiToken`): the code itself is
    made when the e-mail is sent, so it rests nowhere but in the invitee's mailbox. Sending
    again makes a new code, and the previous link stops working.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=ProcessRole.Role.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=150, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="process_invitations_accepted",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to a role")
        verbose_name_plural = _("invitations to roles")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open invitation per address and role: a repeated invitation is resent instead.
            models.UniqueConstraint(
                fields=["process", "email", "role"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="process_invitation_one_open",
            )
        ]

    def __str__(self) -> str:
        local, _at, domain = self.email.partition("@")
        return f"{local[:1]}…@{domain} – {self.get_role_display()}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return self.State(self.state).label
