from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.models import Organisation
from cultiva.core.forms import MultilingualTextInputs, SettlementChoiceField, TermChoiceField
from cultiva.core.i18n import localize
from cultiva.meetings import uploads
from cultiva.portfolio import card_checks
from cultiva.portfolio.card_layout import MULTILINGUAL_FIELDS
from cultiva.portfolio.models import BudgetLine, Project
from cultiva.strategy.models import Measure

# static/cultiva/select-search.js adds a filter box before such a select.
SEARCHABLE = {"data-searchable": "", "data-search-label": _("Type to filter the list")}


class _SortedByLabel(forms.models.ModelChoiceIterator):
    """Choices sorted by their label in the reader's language (organisation names are
    multilingual, so the database cannot sort them)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(obj) for obj in self.queryset.all()]
        yield from sorted(choices, key=lambda choice: str(choice[1]).casefold())


def _organisation_label(organisation: Organisation) -> str:
    name = localize(organisation.name)
    return f"{name} ({organisation.short_name})" if organisation.short_name else name


class OrganisationChoiceField(forms.ModelChoiceField):
    iterator = _SortedByLabel

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Select(attrs=SEARCHABLE))
        super().__init__(queryset=Organisation.objects.all(), **kwargs)

    def label_from_instance(self, obj):
        return _organisation_label(obj)


class OrganisationMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = _SortedByLabel

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.SelectMultiple(attrs=SEARCHABLE))
        super().__init__(queryset=Organisation.objects.all(), **kwargs)

    def label_from_instance(self, obj):
        return _organisation_label(obj)


class PromoteForm(forms.Form):
    title = MultilingualTextInputs(
        label=_("Project title"),
        help_text=_("Hungarian, Romanian and English; at least one is required."),
    )
    lead_organisation = OrganisationChoiceField(
        label=_("Lead organisation"),
        help_text=_("The organisation that will carry the project. Type to filter the list."),
        error_messages={
            "required": _("Choose the lead organisation."),
            "invalid_choice": _("Choose an organisation from the list."),
        },
    )
    summary = MultilingualTextInputs(label=_("Summary"), textarea=True, required=False)
    budget_total = forms.DecimalField(
        label=_("Estimated budget (RON)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )


def _text(label, **kwargs):
    return MultilingualTextInputs(label=label, textarea=True, required=False, **kwargs)


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectCardForm(forms.Form):
    """The card's own fields (the child rows are formsets, see `ProjectCardEditor`);
    `version` carries the version the edit is based on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    development_area = _text(_("Development area"))
    title = MultilingualTextInputs(
        label=_("Project title"),
        help_text=_("Hungarian, Romanian and English; at least one is required."),
    )
    programme_theme = MultilingualTextInputs(label=_("Theme"), required=False)
    summary = _text(_("Content (summary)"))
    objectives = _text(_("Goal (objectives)"))
    rationale = _text(_("Rationale"))
    activities = _text(_("Activities"))
    expected_results = _text(_("Expected results"))
    synergies = _text(_("Synergies"))
    synergy_projects = forms.ModelMultipleChoiceField(
        label=_("Projects it works together with"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs=SEARCHABLE),
        error_messages={"invalid_choice": _("Choose projects of this process from the list.")},
    )
    financing = _text(_("Financing"))
    responsible_body = _text(_("Responsible body"))
    presentation_ideas = _text(_("Presentation ideas"))
    related_proposals = _text(_("Related proposals"))
    lead_organisation = OrganisationChoiceField(
        label=_("Lead organisation"),
        required=False,
        help_text=_("Chosen by the process's facilitators and coordinators."),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )
    settlements = SettlementChoiceField(
        label=_("Settlements"), required=False, widget=forms.SelectMultiple(attrs=SEARCHABLE)
    )
    domains = TermChoiceField("domain", label=_("Cultural domains"), required=False)
    target_groups = TermChoiceField("target_group", label=_("Target groups"), required=False)
    start_date = forms.DateField(
        label=_("Start"),
        required=False,
        widget=DATE_INPUT,
        error_messages={"invalid": _("Give a date like 2027-03-01.")},
    )
    end_date = forms.DateField(
        label=_("End"),
        required=False,
        widget=DATE_INPUT,
        error_messages={"invalid": _("Give a date like 2027-03-01.")},
    )
    budget_total = forms.DecimalField(
        label=_("Estimated budget"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    currency = forms.RegexField(
        label=_("Currency"),
        regex=r"^[A-Z]{3}$",
        initial="RON",
        max_length=3,
        error_messages={"invalid": _("Give the currency as a three-letter code, e.g. RON or EUR.")},
        widget=forms.TextInput(attrs={"size": 4}),
    )
    meetings = forms.ModelMultipleChoiceField(
        label=_("Meetings it came from"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs=SEARCHABLE),
        error_messages={"invalid_choice": _("Choose meetings of this process from the list.")},
    )
    private_notes = forms.CharField(
        label=_("Private notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen only by the people who edit the card; never published."),
    )
    new_attachment = forms.FileField(label=_("Add an attachment"), required=False)
    new_attachment_title = forms.CharField(
        label=_("Title of the attachment"), required=False, max_length=200
    )
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove attachments"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, project: Project, may_change_lead: bool, **kwargs):
        if not args or args[0] is None:
            kwargs.setdefault("initial", self.initial_of(project))
        super().__init__(*args, **kwargs)
        if not may_change_lead:
            self.fields["lead_organisation"].disabled = True
            self.fields["lead_organisation"].initial = project.lead_organisation_id
        from cultiva.meetings.models import Meeting

        synergy = self.fields["synergy_projects"]
        synergy.queryset = (
            Project.objects.in_portfolio()
            .filter(process_id=project.process_id)
            .exclude(pk=project.pk)
            .order_by("code")
        )
        synergy.label_from_instance = lambda p: f"{p.code} {localize(p.title)}"
        meetings = self.fields["meetings"]
        meetings.queryset = Meeting.objects.filter(process_id=project.process_id).order_by(
            "-starts_at"
        )
        meetings.label_from_instance = lambda m: localize(m.title)
        attachments = self.fields["remove_attachments"]
        attachments.queryset = project.attachments.all()
        attachments.label_from_instance = lambda a: a.title
        self.fields["new_attachment"].help_text = _("%(types)s; at most %(limit)s MB.") % {
            "types": uploads.allowed_types_text(),
            "limit": uploads.megabytes(settings.MATERIAL_MAX_BYTES),
        }

    def clean_new_attachment(self):
        file = self.cleaned_data.get("new_attachment")
        if file:
            uploads.check_upload(file, max_bytes=settings.MATERIAL_MAX_BYTES)
        return file

    def clean(self):
        data = super().clean()
        message = card_checks.dates_error(data.get("start_date"), data.get("end_date"))
        if message:
            self.add_error("end_date", message)
        return data

    @staticmethod
    def initial_of(project: Project) -> dict:
        return {
            "version": project.version,
            **{name: getattr(project, name) for name in TEXT_FIELDS},
            "lead_organisation": project.lead_organisation_id,
            "settlements": [s.pk for s in project.settlements.all()],
            "domains": [d.pk for d in project.domains.all()],
            "target_groups": [g.pk for g in project.target_groups.all()],
            "synergy_projects": [p.pk for p in project.synergy_projects.all()],
            "meetings": [m.pk for m in project.meetings.all()],
            "start_date": project.start_date,
            "end_date": project.end_date,
            "budget_total": project.budget_total,
            "currency": project.currency,
            "private_notes": project.private_notes,
        }


TEXT_FIELDS = MULTILINGUAL_FIELDS


class PartnerForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Partner organisation"),
        error_messages={
            "required": _("Choose the partner organisation."),
            "invalid_choice": _("Choose an organisation from the list."),
        },
    )
    role = MultilingualTextInputs(label=_("Role in the project"), required=False)

    def __init__(self, *args, organisation_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation_choices is not None:
            # The list is read once for all the rows (one query, not one per partner).
            self.fields["organisation"].choices = organisation_choices


class MilestoneForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=DATE_INPUT,
        error_messages={
            "required": _("Give the milestone's date."),
            "invalid": _("Give a date like 2027-03-01."),
        },
    )
    name = MultilingualTextInputs(label=_("Milestone"))


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        error_messages={
            "required": _("Give the year."),
            "invalid": _("Give the year as a number."),
        },
    )
    source = forms.ChoiceField(
        label=_("Source"),
        # An empty first choice: an untouched extra row stays empty (and is not saved).
        choices=[("", "---------"), *BudgetLine.Source.choices],
        error_messages={
            "required": _("Choose a source from the list."),
            "invalid_choice": _("Choose a source from the list."),
        },
    )
    planned = forms.DecimalField(
        label=_("Planned"),
        max_digits=14,
        decimal_places=2,
        error_messages={"required": _("Give the planned amount.")},
    )
    secured = forms.DecimalField(
        label=_("Secured"), required=False, max_digits=14, decimal_places=2
    )

    def clean(self):
        data = super().clean()
        if data.get("secured") is None and "secured" not in self.errors:
            data["secured"] = Decimal(0)
        for name, message in card_checks.budget_line_errors(data).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class RiskForm(forms.Form):
    description = MultilingualTextInputs(label=_("Risk"), textarea=True)
    mitigation = MultilingualTextInputs(label=_("Mitigation"), textarea=True, required=False)


class IndicatorForm(forms.Form):
    name = MultilingualTextInputs(label=_("Indicator"))
    unit = forms.CharField(
        label=_("Unit"), max_length=40, error_messages={"required": _("Give the unit.")}
    )
    target = forms.DecimalField(
        label=_("Target"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={"required": _("Give the target.")},
    )


def _formset(form, **kwargs):
    return forms.formset_factory(form, extra=kwargs.pop("extra", 1), can_delete=True, **kwargs)


# prefix → (formset class, label, initial rows of a project)
CARD_FORMSETS = {
    "partners": (_formset(PartnerForm, extra=0), _("Partners and their roles")),
    "milestones": (_formset(MilestoneForm), _("Milestones")),
    "budget": (_formset(BudgetLineForm), _("Budget by year and source")),
    "risks": (_formset(RiskForm), _("Risks and their mitigation")),
    "indicators": (_formset(IndicatorForm), _("Output indicators")),
}


def _initial_rows(project: Project, prefix: str) -> list[dict]:
    if prefix == "partners":
        return [
            {"organisation": p.organisation_id, "role": p.role} for p in project.partnerships.all()
        ]
    if prefix == "milestones":
        return [{"date": m.date, "name": m.name} for m in project.milestones.all()]
    if prefix == "budget":
        return [
            {"year": b.year, "source": b.source, "planned": b.planned, "secured": b.secured}
            for b in project.budget_lines.all()
        ]
    if prefix == "risks":
        return [
            {"description": r.description, "mitigation": r.mitigation} for r in project.risks.all()
        ]
    return [
        {"name": i.name, "unit": i.unit, "target": i.target}
        for i in project.output_indicators.all()
    ]


class ProjectCardEditor:
    """The card form and its formsets (partners, milestones, budget lines, risks,
    indicators), validated together. A formset whose management data is missing from the
    POST (an older client) leaves its rows as they are."""

    def __init__(self, data=None, files=None, *, project: Project, may_change_lead: bool):
        self.project = project
        self.form = ProjectCardForm(data, files, project=project, may_change_lead=may_change_lead)
        self.formsets = {}
        self.skipped = set()
        for prefix, (formset_class, label) in CARD_FORMSETS.items():
            if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
                self.skipped.add(prefix)
                continue
            kwargs = {}
            if prefix == "partners":
                choices = list(PartnerForm().fields["organisation"].choices)
                kwargs["form_kwargs"] = {"organisation_choices": choices}
            formset = formset_class(
                data,
                prefix=prefix,
                initial=None if data is not None else _initial_rows(project, prefix),
                **kwargs,
            )
            formset.label = label
            self.formsets[prefix] = formset

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        valid = all([fs.is_valid() for fs in self.formsets.values()]) and valid
        if not valid:
            return False
        start = self.form.cleaned_data.get("start_date")
        end = self.form.cleaned_data.get("end_date")
        budget_rows = self._rows("budget")
        for row in budget_rows:
            form = row["_form"]
            for name, message in card_checks.budget_line_errors(row, start=start, end=end).items():
                if name not in form.errors:
                    form.add_error(name, message)
                    valid = False
        seen: set = set()
        for row in budget_rows:
            key = (row.get("year"), row.get("source"))
            if key in seen:
                row["_form"].add_error(
                    "source",
                    _("Each source appears once per year: merge the lines of %(year)s.")
                    % {"year": key[0]},
                )
                valid = False
            seen.add(key)
        organisations = set()
        lead = self.form.cleaned_data.get("lead_organisation") or self.project.lead_organisation
        for row in self._rows("partners"):
            organisation = row["organisation"]
            if organisation in organisations:
                row["_form"].add_error("organisation", _("This organisation is already a partner."))
                valid = False
            elif lead is not None and organisation.pk == lead.pk:
                row["_form"].add_error(
                    "organisation", _("The lead organisation cannot also be a partner.")
                )
                valid = False
            organisations.add(organisation)
        return valid

    def _rows(self, prefix: str) -> list[dict]:
        formset = self.formsets.get(prefix)
        if formset is None:
            return []
        rows = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not form.has_changed():
                continue
            rows.append({**data, "_form": form})
        return rows

    def rows(self, prefix: str) -> list[dict] | None:
        """The kept rows of a formset as plain dicts (None when it was not posted)."""
        if prefix in self.skipped:
            return None
        return [
            {k: v for k, v in row.items() if k not in ("_form", "DELETE")}
            for row in self._rows(prefix)
        ]

    @property
    def has_errors(self) -> bool:
        return bool(self.form.errors) or any(
            fs.total_error_count() for fs in self.formsets.values()
        )


class MaturityForm(forms.Form):
    """One step of the maturity workflow: the choices are the steps open to this person."""

    source = forms.CharField(widget=forms.HiddenInput)
    target = forms.ChoiceField(
        label=_("New maturity"),
        error_messages={"invalid_choice": _("This change of maturity is not possible.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why, or what happened (kept in the project's history)."),
    )

    def __init__(self, *args, project: Project, targets: list[str], **kwargs):
        kwargs.setdefault("initial", {"source": project.maturity})
        super().__init__(*args, **kwargs)
        labels = dict(Project.Maturity.choices)
        self.fields["target"].choices = [(t, str(labels[t]).capitalize()) for t in targets]


class MeasureLinkForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Strategy measure"), queryset=Measure.objects.none())

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures
        self.fields["measure"].label_from_instance = str
