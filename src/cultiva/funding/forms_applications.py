"""Forms of the application pages: the figures, a step, a checklist line, the list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.core.forms import MultilingualTextInputs
from cultiva.funding.models import Application, OwnContributionForm

AMOUNT = {"max_digits": 16, "decimal_places": 2, "min_value": 0}


def _amount(label):
    return forms.DecimalField(label=label, required=False, localize=True, **AMOUNT)


def _date(label):
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ApplicationForm(forms.Form):
    requested_amount = _amount(_("Amount requested"))
    own_contribution = _amount(_("Own contribution"))
    own_contribution_sources = forms.MultipleChoiceField(
        label=_("Own contribution from"),
        required=False,
        choices=OwnContributionForm.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    awarded_amount = _amount(_("Amount awarded"))
    submitted_on = _date(_("Submitted on"))
    decided_on = _date(_("Decided on"))
    contracted_on = _date(_("Contract signed on"))
    funder_reference = forms.CharField(label=_("Funder's reference"), required=False, max_length=80)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen by your organisation and the process's staff only."),
    )
    rejection_reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, application: Application, **kwargs):
        kwargs.setdefault(
            "initial", {name: getattr(application, name) for name in self.base_fields}
        )
        super().__init__(*args, **kwargs)
        admitted = application.call.own_contribution_forms
        if admitted:
            self.fields["own_contribution_sources"].choices = [
                (value, label) for value, label in OwnContributionForm.choices if value in admitted
            ]
        currency = application.currency
        for name in ("requested_amount", "own_contribution", "awarded_amount"):
            self.fields[name].help_text = currency


class StepForm(forms.Form):
    target = forms.ChoiceField(choices=Application.Status.choices, widget=forms.HiddenInput)
    source = forms.ChoiceField(choices=Application.Status.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    awarded_amount = forms.DecimalField(
        label=_("Amount awarded"), required=False, localize=True, **AMOUNT
    )
    rejection_reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DocumentForm(forms.Form):
    ready = forms.BooleanField(label=_("Ready"), required=False)
    file = forms.FileField(label=_("File"), required=False)


class DocumentAddForm(forms.Form):
    name = MultilingualTextInputs(label=_("Document"))
    required = forms.BooleanField(label=_("Required"), required=False)


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    call = forms.TypedChoiceField(label=_("Call"), required=False, coerce=int, empty_value=None)
    organisation = forms.TypedChoiceField(
        label=_("Applicant"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, calls, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["status"].choices = every + list(Application.Status.choices)
        self.fields["call"].choices = every + [(c.pk, str(c)) for c in calls]
        self.fields["organisation"].choices = every + [(o.pk, str(o)) for o in organisations]
