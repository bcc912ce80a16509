"""Forms of the funding catalogue: funder (with its own domain list), programme, call (with
repeated rows for areas, deadlines and required documents), exchange rate."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cultiva.accounts.models import Organisation
from cultiva.core.forms import MultilingualTextInputs, SettlementField, TermChoiceField
from cultiva.core.i18n import localize
from cultiva.core.models import County
from cultiva.funding import call_validation
from cultiva.funding.models import (
    CallArea,
    Currency,
    Funder,
    FunderDomain,
    OwnContributionForm,
    Programme,
)

COUNTRY = re.compile(r"^[A-Z]{2}$")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]


def _country(value: str) -> str:
    value = (value or "").strip().upper()
    if value and not COUNTRY.match(value):
        raise forms.ValidationError(
            _("country: use the two-letter ISO code (RO, HU, …), not “%(value)s”.")
            % {"value": value[:20]}
        )
    return value


class FunderForm(forms.Form):
    name = MultilingualTextInputs(label=gettext_lazy("Name"))
    short_name = forms.CharField(label=gettext_lazy("Short name"), max_length=40, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Funder.Kind.choices)
    country = forms.CharField(
        label=gettext_lazy("Country (ISO code)"), max_length=2, required=False
    )
    website = forms.URLField(label=gettext_lazy("Website"), required=False, max_length=200)

    def clean_country(self):
        return _country(self.cleaned_data.get("country"))


class FunderDomainForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label = MultilingualTextInputs(label=gettext_lazy("The funder's domain"), required=False)
    terms = TermChoiceField("domain", label=gettext_lazy("Cultiva's domains"), required=False)


FunderDomainFormSet = forms.formset_factory(FunderDomainForm, extra=1, can_delete=True)


class ProgrammeForm(forms.Form):
    funder = forms.ModelChoiceField(label=gettext_lazy("Funder"), queryset=Funder.objects.none())
    name = MultilingualTextInputs(label=gettext_lazy("Name"))
    description = MultilingualTextInputs(
        label=gettext_lazy("Description"), required=False, textarea=True
    )
    source_url = forms.URLField(label=gettext_lazy("Source"), required=False, max_length=200)

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Funder.objects.filter(process=process)


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.funder} – {localize(obj.name)}"


class FunderDomainChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.funder}: {localize(obj.label)}"


def _amount(label):
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=16, decimal_places=2
    )


def _percent(label):
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2
    )


def _count(label):
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=1000)


class CallForm(forms.Form):
    programme = ProgrammeChoiceField(
        label=gettext_lazy("Programme"), queryset=Programme.objects.none()
    )
    code = forms.CharField(label=gettext_lazy("Call code"), max_length=60, required=False)
    title = MultilingualTextInputs(label=gettext_lazy("Title"))
    description = MultilingualTextInputs(
        label=gettext_lazy("Description"), required=False, textarea=True
    )
    applicant_types = MultilingualTextInputs(
        label=gettext_lazy("Applicants, as the call words it"), required=False
    )
    legal_forms = forms.MultipleChoiceField(
        label=gettext_lazy("Legal forms admitted (none ticked: any)"),
        choices=Organisation.LegalForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    individuals_admitted = forms.BooleanField(
        label=gettext_lazy("Natural persons may apply"), required=False
    )
    sectors = TermChoiceField(
        "sector", label=gettext_lazy("Sectors admitted (none ticked: any)"), required=False
    )
    domains = FunderDomainChoiceField(
        label=gettext_lazy("Domains, in the funder's words (none ticked: every domain)"),
        queryset=FunderDomain.objects.none(),
        required=False,
    )
    min_amount = _amount(gettext_lazy("Minimum amount"))
    max_amount = _amount(gettext_lazy("Maximum amount"))
    currency = forms.ChoiceField(label=gettext_lazy("Currency"), choices=Currency.choices)
    total_budget = _amount(gettext_lazy("Total budget"))
    own_contribution_min_pct = _percent(gettext_lazy("Minimum own contribution (%)"))
    funding_rate_max_pct = _percent(gettext_lazy("Maximum funding rate (%)"))
    own_contribution_forms = forms.MultipleChoiceField(
        label=gettext_lazy("What may count as own contribution"),
        choices=OwnContributionForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners_min = _count(gettext_lazy("Minimum partners"))
    countries_min = _count(gettext_lazy("Minimum countries"))
    duration_max_months = _count(gettext_lazy("Maximum duration (months)"))
    max_applications_per_applicant = _count(gettext_lazy("Applications per applicant"))
    opens_on = forms.DateField(label=gettext_lazy("Opens on"), required=False, widget=DATE)
    implementation_start = forms.DateField(
        label=gettext_lazy("Implementation from"), required=False, widget=DATE
    )
    implementation_end = forms.DateField(
        label=gettext_lazy("Implementation until"), required=False, widget=DATE
    )
    eligible_costs = MultilingualTextInputs(
        label=gettext_lazy("Eligible cost categories"), required=False, textarea=True
    )
    exclusions = MultilingualTextInputs(
        label=gettext_lazy("Exclusions"), required=False, textarea=True
    )
    source_url = forms.URLField(label=gettext_lazy("Source"), required=False, max_length=200)
    checked_on = forms.DateField(label=gettext_lazy("Date checked"), required=False, widget=DATE)

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(
            funder__process=process
        ).select_related("funder")
        self.fields["domains"].queryset = FunderDomain.objects.filter(
            funder__process=process
        ).select_related("funder")

    def clean(self):
        data = super().clean()
        terms = {k: v for k, v in data.items() if k in call_validation.field_labels()}
        for field, messages in call_validation.call_terms_problems(terms).items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        programme = data.get("programme")
        domains = data.get("domains") or []
        if programme is not None and any(d.funder_id != programme.funder_id for d in domains):
            self.add_error(
                "domains", _("Domains: choose among the domains of the programme's funder.")
            )
        return data

    def terms(self) -> dict:
        data = self.cleaned_data
        return {
            key: data[key] for key in self.fields if key not in ("programme", "sectors", "domains")
        }


class AreaForm(forms.Form):
    basis = forms.ChoiceField(label=gettext_lazy("Basis"), choices=CallArea.Basis.choices)
    country = forms.CharField(
        label=gettext_lazy("Country (ISO code)"), max_length=2, required=False
    )
    county = forms.ModelChoiceField(
        label=gettext_lazy("County"), queryset=County.objects.all(), required=False
    )
    settlement = SettlementField(label=gettext_lazy("Settlement"), required=False)

    def clean_country(self):
        return _country(self.cleaned_data.get("country"))

    def row(self) -> dict | None:
        data = self.cleaned_data
        if not data or data.get("DELETE"):
            return None
        if not (data.get("country") or data.get("county") or data.get("settlement")):
            return None
        return {
            "basis": data["basis"],
            "country": data.get("country") or "",
            "county": data["county"].pk if data.get("county") else None,
            "settlement": data["settlement"].pk if data.get("settlement") else None,
        }


class DeadlineForm(forms.Form):
    stage = MultilingualTextInputs(label=gettext_lazy("Stage"), required=False)
    due_at = forms.DateTimeField(
        label=gettext_lazy("Deadline"),
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
    )

    def clean(self):
        data = super().clean()
        if data.get("stage") and not data.get("due_at") and not data.get("DELETE"):
            self.add_error("due_at", _("Deadline: fill in the date and time of this stage."))
        return data

    def row(self) -> dict | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not data.get("due_at"):
            return None
        return {"due_at": data["due_at"], "stage": data.get("stage") or {}}


class DocumentForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = MultilingualTextInputs(label=gettext_lazy("Required document"), required=False)
    required = forms.BooleanField(label=gettext_lazy("Required"), required=False, initial=True)

    def row(self) -> dict | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not data.get("name"):
            return None
        return {"id": data.get("id"), "name": data["name"], "required": data.get("required")}


AreaFormSet = forms.formset_factory(AreaForm, extra=1, can_delete=True, max_num=200)
DeadlineFormSet = forms.formset_factory(DeadlineForm, extra=1, can_delete=True, max_num=50)
DocumentFormSet = forms.formset_factory(DocumentForm, extra=1, can_delete=True, max_num=100)


class ExchangeRateForm(forms.Form):
    currency = forms.ChoiceField(
        label=gettext_lazy("Currency"),
        choices=[c for c in Currency.choices if c[0] != Currency.RON],
    )
    ron_per_unit = forms.DecimalField(
        label=gettext_lazy("Value in RON of one unit"),
        max_digits=12,
        decimal_places=6,
        min_value=0.000001,
    )
    valid_on = forms.DateField(label=gettext_lazy("Date"), widget=DATE)
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)


class CatalogueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("open", gettext_lazy("open")),
            ("upcoming", gettext_lazy("upcoming")),
            ("closed", gettext_lazy("closed")),
        ],
    )
    funder = forms.ModelChoiceField(
        label=gettext_lazy("Funder"),
        queryset=Funder.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    domain = forms.ChoiceField(label=gettext_lazy("Domain"), required=False)
    amount = forms.DecimalField(
        label=gettext_lazy("Amount needed (RON)"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=2,
    )

    def __init__(self, *args, process, domain_terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Funder.objects.filter(process=process)
        self.fields["domain"].choices = [("", _("All"))] + [
            (term.slug, localize(term.name)) for term in domain_terms
        ]
