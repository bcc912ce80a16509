"""Territory, taxonomy and the activity log: the shared ground of every app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import MultilingualField, localize


class County(models.Model):
    siruta = models.PositiveIntegerField(_("SIRUTA code"), unique=True)
    name_ro = models.CharField(_("Romanian name"), max_length=120)
    name_hu = models.CharField(_("Hungarian name"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name_ro"]

    def __str__(self) -> str:
        return bilingual_name(self.name_hu, self.name_ro)


class MicroRegion(models.Model):
    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="micro_regions")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("micro-region")
        verbose_name_plural = _("micro-regions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="micro_region_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Settlement(models.Model):
    """An administrative unit (UAT): municipality, town or commune."""

    class Kind(models.TextChoices):
        COUNTY_SEAT = "county_seat", _("county seat municipality")
        MUNICIPALITY = "municipality", _("municipality")
        TOWN = "town", _("town")
        COMMUNE = "commune", _("commune")

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="settlements")
    micro_region = models.ForeignKey(
        MicroRegion, on_delete=models.PROTECT, related_name="settlements", null=True, blank=True
    )
    siruta = models.PositiveIntegerField(_("SIRUTA code"), unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name_ro = models.CharField(_("Romanian name"), max_length=120)
    name_hu = models.CharField(_("Hungarian name"), max_length=120, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["name_ro"]

    def __str__(self) -> str:
        return bilingual_name(self.name_hu, self.name_ro)

    @property
    def name(self) -> str:
        return settlement_name(self.name_hu, self.name_ro)


class Locality(models.Model):
    settlement = models.ForeignKey(Settlement, on_delete=models.CASCADE, related_name="localities")
    siruta = models.PositiveIntegerField(_("SIRUTA code"), unique=True)
    name_ro = models.CharField(_("Romanian name"), max_length=120)
    name_hu = models.CharField(_("Hungarian name"), max_length=120, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True)

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["name_ro"]

    def __str__(self) -> str:
        return bilingual_name(self.name_hu, self.name_ro)


def settlement_name(name_hu: str, name_ro: str) -> str:
    """The settlement's name in the active language, the other one as fallback."""
    if (translation.get_language() or "").startswith("hu") and name_hu:
        return name_hu
    return name_ro or name_hu


def bilingual_name(name_hu: str, name_ro: str) -> str:
    """Both official names, the active language first: 'Csíkszereda / Miercurea Ciuc'."""
    primary = settlement_name(name_hu, name_ro)
    secondary = name_ro if primary == name_hu else name_hu
    if secondary and secondary != primary:
        return f"{primary} / {secondary}"
    return primary


class TaxonomyTerm(models.Model):
    """A term of a controlled vocabulary, named in every content language."""

    class Vocabulary(models.TextChoices):
        DOMAIN = "domain", _("cultural domain")
        TARGET_GROUP = "target_group", _("target group")
        SECTOR = "sector", _("organisation sector")
        EXPERTISE = "expertise", _("expertise area")

    vocabulary = models.CharField(_("vocabulary"), max_length=20, choices=Vocabulary.choices)
    slug = models.SlugField(_("key"), max_length=60)
    name = MultilingualField(_("name"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["vocabulary", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "slug"], name="taxonomy_unique_slug")
        ]

    def __str__(self) -> str:
        return localize(self.name) or self.slug


class ActivityLog(models.Model):
    """One state change: who did what to which object, and when."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("actor"),
    )
    verb = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    target_repr = models.CharField(_("object"), max_length=255, blank=True)
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("process"),
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.target_repr}"


class ImportBatchBase(models.Model):
    """An uploaded spreadsheet, checked (dry run) and then committed as a whole.

    The import wizard (core.imports) keeps every kind's uploads in a model with these fields.
    """

    class Status(models.TextChoices):
        CHECKED = "checked", _("checked")
        COMMITTED = "committed", _("imported")
        FAILED = "failed", _("refused")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    file_hash = models.CharField(max_length=64)
    # The uploaded bytes are kept until the import is committed or abandoned.
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    row_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class SpreadsheetImport(ImportBatchBase):
    """An upload of any import kind that keeps no model of its own (organisations, invitations)."""

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    # Empty for platform-wide kinds (the organisations directory).
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="spreadsheet_imports",
    )

    class Meta(ImportBatchBase.Meta):
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
