from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.models import Organisation
from cultiva.core.forms import MultilingualTextInputs, SettlementChoiceField, TermChoiceField
from cultiva.core.i18n import localize
from cultiva.portfolio.models import Project
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


class ProjectCardForm(forms.Form):
    """Every field of a project's card; `version` carries the version the edit is based on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = MultilingualTextInputs(
        label=_("Project title"),
        help_text=_("Hungarian, Romanian and English; at least one is required."),
    )
    summary = MultilingualTextInputs(label=_("Summary"), textarea=True, required=False)
    objectives = MultilingualTextInputs(label=_("Objectives"), textarea=True, required=False)
    rationale = MultilingualTextInputs(label=_("Rationale"), textarea=True, required=False)
    expected_results = MultilingualTextInputs(
        label=_("Expected results"), textarea=True, required=False
    )
    lead_organisation = OrganisationChoiceField(
        label=_("Lead organisation"),
        required=False,
        help_text=_("Chosen by the process's facilitators and coordinators."),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )
    partners = OrganisationMultipleChoiceField(
        label=_("Partners"),
        required=False,
        error_messages={"invalid_choice": _("Choose organisations from the list.")},
    )
    settlements = SettlementChoiceField(
        label=_("Settlements"), required=False, widget=forms.SelectMultiple(attrs=SEARCHABLE)
    )
    domains = TermChoiceField("domain", label=_("Cultural domains"), required=False)
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

    def __init__(self, *args, project: Project, may_change_lead: bool, **kwargs):
        if not args or args[0] is None:
            kwargs.setdefault("initial", self.initial_of(project))
        super().__init__(*args, **kwargs)
        if not may_change_lead:
            self.fields["lead_organisation"].disabled = True
            self.fields["lead_organisation"].initial = project.lead_organisation_id

    @staticmethod
    def initial_of(project: Project) -> dict:
        return {
            "version": project.version,
            "title": project.title,
            "summary": project.summary,
            "objectives": project.objectives,
            "rationale": project.rationale,
            "expected_results": project.expected_results,
            "lead_organisation": project.lead_organisation_id,
            "partners": [o.pk for o in project.partners.all()],
            "settlements": [s.pk for s in project.settlements.all()],
            "domains": [d.pk for d in project.domains.all()],
            "budget_total": project.budget_total,
            "currency": project.currency,
        }


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
