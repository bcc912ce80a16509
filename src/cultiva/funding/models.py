"""Funders, their programmes and calls, exchange rates, and the applications made to calls.

A process keeps its own catalogue (a county's coordinators keep the calls their organisations
apply to): every row here is reached through its process. A call's terms are plain fields and
child rows (areas, deadlines, required documents); `funding.eligibility` reads them as the
call's rule table, so a new call needs no code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import MultilingualField, localize

AMOUNT = {"max_digits": 16, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}


class Currency(models.TextChoices):
    RON = "RON", _("Romanian leu (RON)")
    EUR = "EUR", _("euro (EUR)")
    HUF = "HUF", _("Hungarian forint (HUF)")


class Funder(models.Model):
    class Kind(models.TextChoices):
        LOCAL = "local", _("local government")
        COUNTY = "county", _("county")
        NATIONAL = "national", _("national")
        FOREIGN = "foreign", _("foreign government")
        EU = "eu", _("European Union")
        PRIVATE = "private", _("private foundation or company")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="funders"
    )
    name = MultilingualField(_("name"))
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO code"))
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["short_name", "pk"]

    def __str__(self) -> str:
        return self.short_name or localize(self.name)


class FunderDomain(models.Model):
    """One entry of the funder's own list of domains, mapped to Cultiva's domain terms."""

    funder = models.ForeignKey(Funder, on_delete=models.CASCADE, related_name="domains")
    label = MultilingualField(_("the funder's domain"))
    terms = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="funder_domains",
        blank=True,
        limit_choices_to={"vocabulary": "domain"},
        verbose_name=_("Cultiva's domains"),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("funder's domain")
        verbose_name_plural = _("funder's domains")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return localize(self.label)


class Programme(models.Model):
    funder = models.ForeignKey(Funder, on_delete=models.CASCADE, related_name="programmes")
    name = MultilingualField(_("name"))
    description = MultilingualField(_("description"), blank=True)
    source_url = models.URLField(_("source"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["funder", "pk"]

    def __str__(self) -> str:
        return localize(self.name)


class OwnContributionForm(models.TextChoices):
    CASH = "cash", _("cash")
    IN_KIND = "in_kind", _("in kind")
    VOLUNTEERING = "volunteering", _("volunteering")
    INCOME = "income", _("project income")


class Call(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="calls")
    # Denormalised from programme.funder.process, so that every lookup by id goes through the
    # URL's process in one filter.
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="funding_calls"
    )
    code = models.CharField(_("call code"), max_length=60, blank=True)
    title = MultilingualField(_("title"))
    description = MultilingualField(_("description"), blank=True)
    # Who may apply: legal forms (accounts.Organisation.LegalForm values; empty = any) and
    # sectors (empty = any); `applicant_types` is the call's own wording.
    legal_forms = models.JSONField(_("legal forms admitted"), default=list, blank=True)
    individuals_admitted = models.BooleanField(_("natural persons may apply"), default=False)
    applicant_types = MultilingualField(_("applicants, as the call words it"), blank=True)
    sectors = models.ManyToManyField(
        "core.TaxonomyTerm",
        related_name="funding_calls_by_sector",
        blank=True,
        limit_choices_to={"vocabulary": "sector"},
        verbose_name=_("sectors admitted"),
    )
    # The call's domains in the funder's own words; empty = every domain.
    domains = models.ManyToManyField(
        FunderDomain, related_name="calls", blank=True, verbose_name=_("domains")
    )
    min_amount = models.DecimalField(_("minimum amount"), null=True, blank=True, **AMOUNT)
    max_amount = models.DecimalField(_("maximum amount"), null=True, blank=True, **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    total_budget = models.DecimalField(_("total budget"), null=True, blank=True, **AMOUNT)
    own_contribution_min_pct = models.DecimalField(
        _("minimum own contribution (%)"), null=True, blank=True, **PERCENT
    )
    funding_rate_max_pct = models.DecimalField(
        _("maximum funding rate (%)"), null=True, blank=True, **PERCENT
    )
    own_contribution_forms = models.JSONField(
        _("what may count as own contribution"), default=list, blank=True
    )
    partners_min = models.PositiveSmallIntegerField(_("minimum partners"), null=True, blank=True)
    countries_min = models.PositiveSmallIntegerField(_("minimum countries"), null=True, blank=True)
    duration_max_months = models.PositiveSmallIntegerField(
        _("maximum duration (months)"), null=True, blank=True
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    implementation_start = models.DateField(_("implementation from"), null=True, blank=True)
    implementation_end = models.DateField(_("implementation until"), null=True, blank=True)
    eligible_costs = MultilingualField(_("eligible cost categories"), blank=True)
    max_applications_per_applicant = models.PositiveSmallIntegerField(
        _("applications per applicant"), null=True, blank=True
    )
    exclusions = MultilingualField(_("exclusions"), blank=True)
    source_url = models.URLField(_("source"), blank=True)
    checked_on = models.DateField(_("date checked"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["programme", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_amount__isnull=True)
                | models.Q(max_amount__isnull=True)
                | models.Q(min_amount__lte=models.F("max_amount")),
                name="call_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {localize(self.title)}".strip()


class CallArea(models.Model):
    """Where applicants must be registered, or where the activity must take place: a country,
    a county or a settlement. A call with no rows of a basis sets no condition of it."""

    class Basis(models.TextChoices):
        REGISTERED = "registered", _("registered in")
        ACTIVITY = "activity", _("activity in")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="areas")
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices)
    country = models.CharField(_("country"), max_length=2, blank=True)
    county = models.ForeignKey(
        "core.County", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    settlement = models.ForeignKey(
        "core.Settlement", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("area of a call")
        verbose_name_plural = _("areas of a call")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(country="", county__isnull=True, settlement__isnull=True),
                name="call_area_names_a_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.basis}: {self.country or self.county_id or self.settlement_id}"


class CallDeadline(models.Model):
    """One stage's deadline (a call may have an expression of interest, then a full form)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="deadlines")
    stage = MultilingualField(_("stage"), blank=True)
    due_at = models.DateTimeField(_("deadline"))

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return f"{self.due_at:%Y-%m-%d %H:%M}"


class CallDocument(models.Model):
    """A document the call requires: the checklist of every application to it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    name = MultilingualField(_("document"))
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return localize(self.name)


class ExchangeRate(models.Model):
    """What one unit of a currency was worth in RON on a date (coordinators keep the table;
    amounts are compared through the latest rate on or before the day of the comparison)."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="exchange_rates"
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    ron_per_unit = models.DecimalField(_("value in RON"), max_digits=12, decimal_places=6)
    valid_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-valid_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "currency", "valid_on"], name="exchange_rate_unique_day"
            ),
            models.CheckConstraint(
                condition=models.Q(ron_per_unit__gt=0), name="exchange_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.ron_per_unit} RON ({self.valid_on})"


class Application(models.Model):
    """A project's application to a call, followed from plan to closure
    (`funding.application_workflow` holds the allowed steps and who may take them)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        PREPARATION = "preparation", _("in preparation")
        SUBMITTED = "submitted", _("submitted")
        EVALUATION = "evaluation", _("under evaluation")
        AWARDED = "awarded", _("awarded")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        CONTRACTED = "contracted", _("contracted")
        REPORTING = "reporting", _("reporting")
        CLOSED = "closed", _("closed")

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="funding_applications"
    )
    project = models.ForeignKey(
        "portfolio.Project", on_delete=models.CASCADE, related_name="funding_applications"
    )
    # RESTRICT: a call with applications cannot be deleted alone, but goes with its process.
    call = models.ForeignKey(Call, on_delete=models.RESTRICT, related_name="applications")
    # The applicant: the project's lead organisation when the application was started.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="funding_applications",
        verbose_name=_("applicant"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    requested_amount = models.DecimalField(_("amount requested"), null=True, blank=True, **AMOUNT)
    own_contribution = models.DecimalField(_("own contribution"), null=True, blank=True, **AMOUNT)
    own_contribution_sources = models.JSONField(
        _("own contribution from"), default=list, blank=True
    )
    awarded_amount = models.DecimalField(_("amount awarded"), null=True, blank=True, **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    contracted_on = models.DateField(_("contract signed on"), null=True, blank=True)
    funder_reference = models.CharField(_("funder's reference"), max_length=80, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "call"], name="application_unique_call"),
            models.CheckConstraint(
                condition=models.Q(requested_amount__isnull=True)
                | models.Q(requested_amount__gte=0),
                name="application_requested_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(awarded_amount__isnull=True) | models.Q(awarded_amount__gte=0),
                name="application_awarded_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} → {self.call}"


class ApplicationStep(models.Model):
    """One move of an application through its workflow: its history."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    source = models.CharField(_("from"), max_length=12, choices=Application.Status.choices)
    target = models.CharField(_("to"), max_length=12, choices=Application.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    taken_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["-taken_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class ApplicationDocument(models.Model):
    """A line of the application's checklist (from the call's required documents, or added),
    ticked when ready, with the uploaded file if there is one (checked by its content)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    call_document = models.ForeignKey(
        CallDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = MultilingualField(_("document"))
    required = models.BooleanField(_("required"), default=True)
    ready = models.BooleanField(_("ready"), default=False)
    file = models.FileField(_("file"), upload_to="application-documents/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return localize(self.name)


class DeadlineReminder(models.Model):
    """A reminder e-mail sent for an application's deadline, so that none goes twice."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.ForeignKey(CallDeadline, on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "deadline", "days_before"], name="deadline_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.days_before}"


class MatchNotice(models.Model):
    """A call already announced to an organisation as matching one of its projects, so that
    the weekly digest tells only of new matches."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+")
    notified_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "call"], name="match_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} ← {self.call_id}"


class FundingSettings(models.Model):
    """A process's funding settings: whether the dashboard's aggregates are public."""

    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, related_name="funding_settings"
    )
    aggregates_published = models.BooleanField(_("funding aggregates are public"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.process_id)
