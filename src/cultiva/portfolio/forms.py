from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.core.forms import MultilingualTextInputs
from cultiva.strategy.models import Measure


class PromoteForm(forms.Form):
    title = MultilingualTextInputs(
        label=_("Project title"),
        help_text=_("Hungarian, Romanian and English; at least one is required."),
    )
    summary = MultilingualTextInputs(label=_("Summary"), textarea=True, required=False)
    budget_total = forms.DecimalField(
        label=_("Estimated budget (RON)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )


class MeasureLinkForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Strategy measure"), queryset=Measure.objects.none())

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures
        self.fields["measure"].label_from_instance = str
