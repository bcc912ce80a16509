"""Forms of the duplicate queue and of the "similar contributions" lookup."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MergeForm(forms.Form):
    """Which of the two contributions of a pair to keep; the other is merged into it."""

    keep = forms.TypedChoiceField(
        label=_("Keep"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose one of the two contributions to keep.")},
    )

    def __init__(self, *args, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.fields["keep"].choices = [
            (candidate.first_id, candidate.first_id),
            (candidate.second_id, candidate.second_id),
        ]

    def kept_and_merged(self):
        kept = self.cleaned_data["keep"]
        first, second = self.candidate.first, self.candidate.second
        return (first, second) if kept == first.pk else (second, first)


class SimilarQueryForm(forms.Form):
    """GET ?text=…&exclude=<id of the contribution being edited>."""

    text = forms.CharField(required=False, strip=True)
    exclude = forms.IntegerField(required=False, min_value=1)
