"""People, organisations and their memberships; API tokens for clients."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import MultilingualField, localize


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with an e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_(
            "Shown to others next to what you contribute. Your e-mail address is never shown."
        ),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, blank=True
    )
    # Languages the person also reads (codes of settings.LANGUAGES): what to show them when
    # a text is not in their preferred language.
    reads_languages = models.JSONField(_("languages I read"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("can use the admin site"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Set when the person's personal data was erased (GDPR art. 17): the row stays so that
    # what they gave the community keeps its place and counts, attributed to "former participant".
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """How this person is named to everyone: never the e-mail address.

        The one place every page, API response, export, e-mail and document gets a person's
        name from (`str(user)`, `get_full_name()` and `{{ user }}` all come here).
        """
        if self.erased_at:
            return str(_("former participant"))
        return self.full_name.strip() or str(_("participant"))

    @property
    def masked_email(self) -> str:
        """Enough of the address to tell two "participant"s apart, not enough to write to."""
        local, _at, domain = self.email.partition("@")
        return f"{local[:1]}…@{domain}" if not self.erased_at else ""

    def reading_languages(self) -> list[str]:
        """The languages to show this person, best first: the preferred one, the others they
        read, then the site's default (codes of settings.LANGUAGES, no repeats)."""
        known = {code for code, _name in settings.LANGUAGES}
        wanted = [self.preferred_language, *(self.reads_languages or []), settings.LANGUAGE_CODE]
        return [code for code in dict.fromkeys(wanted) if code in known]

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name.split(" ")[0]


class Organisation(models.Model):
    """A cultural organisation, public or civil."""

    class LegalForm(models.TextChoices):
        PUBLIC_INSTITUTION = "public_institution", _("public institution")
        LOCAL_GOVERNMENT = "local_government", _("local government")
        ASSOCIATION = "association", _("association")
        FOUNDATION = "foundation", _("foundation")
        CHURCH = "church", _("church")
        COMPANY = "company", _("company")
        INFORMAL_GROUP = "informal_group", _("informal group")

    class SizeBand(models.TextChoices):
        MICRO = "micro", _("1–4 people")
        SMALL = "small", _("5–19 people")
        MEDIUM = "medium", _("20–99 people")
        LARGE = "large", _("100 or more people")

    name = MultilingualField(_("name"))
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    sector = models.ForeignKey(
        "core.TaxonomyTerm",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary": "sector"},
        verbose_name=_("sector"),
    )
    settlement = models.ForeignKey(
        "core.Settlement",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("settlement"),
    )
    domains = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="organisations",
        limit_choices_to={"vocabulary": "domain"},
        blank=True,
        verbose_name=_("cultural domains"),
    )
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    # The organisation's own public contact address (not a person's): shown to signed-in people.
    email = models.EmailField(_("contact e-mail address"), blank=True)
    # Romanian tax code (CUI/CIF) as digits, without the "RO" VAT prefix; empty: none given.
    registry_code = models.CharField(_("tax code (CUI/CIF)"), max_length=12, blank=True)
    # Where it is registered (ISO 3166 code): funders admit applicants by country, and
    # transnational calls count the partners' countries.
    country = models.CharField(_("country"), max_length=2, default="RO")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A duplicate merged into another organisation: kept so old links lead to the right one.
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry_code"],
                condition=~models.Q(registry_code="") & models.Q(merged_into__isnull=True),
                name="organisation_registry_code_unique",
            )
        ]

    def __str__(self) -> str:
        return localize(self.name)

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class Membership(models.Model):
    """A person belongs to an organisation; a contact may act for its colleagues."""

    class Role(models.TextChoices):
        CONTACT = "contact", _("contact person")
        STAFF = "staff", _("staff member")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    position = models.CharField(_("job title"), max_length=120, blank=True)
    # Administrators edit the organisation and accept or refuse those who ask to join.
    is_administrator = models.BooleanField(_("administrator"), default=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class MembershipRequest(models.Model):
    """A person asks to join an organisation; its administrators accept or refuse."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="membership_requests")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="membership_requests"
    )
    message = models.CharField(_("message to the administrators"), max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(state="pending"),
                name="membership_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for API clients. Only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=8, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return "cv_" + secrets.token_urlsafe(32)


class NotificationPreference(models.Model):
    """A person's choice for one kind of e-mail (`cultiva.accounts.notifications.KINDS`).

    Only choices the person made are stored; without a row the kind's default holds.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind of e-mail"), max_length=40)
    email = models.BooleanField(_("send by e-mail"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.kind}: {self.email}"
