from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.core.forms import MultilingualTextInputs
from cultiva.core.i18n import localize
from cultiva.portfolio.models import Project


class StrategyForm(forms.Form):
    title = MultilingualTextInputs(
        label=_("Title"), help_text=_("Hungarian, Romanian and English; at least one is required.")
    )
    vision = MultilingualTextInputs(label=_("Vision"), textarea=True, required=False)
    summary = MultilingualTextInputs(label=_("Executive summary"), textarea=True, required=False)
    period_start = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    period_end = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start is not None and end is not None and end < start:
            self.add_error("period_end", _("The last year cannot be before the first year."))
        return data


class NodeForm(forms.Form):
    """A goal, a priority axis or a measure: its code, title and description."""

    code = forms.RegexField(
        label=_("Code"),
        max_length=20,
        regex=r"^[\w.\-/]+$",
        help_text=_("Short and unique in the strategy, e.g. C1, C1.2 or C1.2.3."),
        error_messages={"invalid": _("Use letters, digits, dots and dashes only.")},
    )
    title = MultilingualTextInputs(
        label=_("Title"), help_text=_("Hungarian, Romanian and English; at least one is required.")
    )
    description = MultilingualTextInputs(label=_("Description"), textarea=True, required=False)


class ProjectLinkForm(forms.Form):
    """A project of the same process for a measure to serve."""

    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        widget=forms.Select(
            attrs={"data-searchable": "", "data-search-label": _("Type to filter the list")}
        ),
        error_messages={"invalid_choice": _("Choose a project of this process.")},
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {localize(p.title)}"
