"""Forms of the theme board: run the clustering, describe and rename themes, choose members,
merge, promote."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.core.forms import MultilingualTextInputs
from cultiva.core.i18n import localize
from cultiva.ideas.models import Contribution
from cultiva.portfolio.forms import PromoteForm
from cultiva.synthesis.models import Theme
from cultiva.synthesis.selectors.embeddings import ACTIVE_STATUSES
from cultiva.synthesis.services.themes import MAX_DESCRIPTION, MAX_THEMES


class RunForm(forms.Form):
    n_themes = forms.IntegerField(
        label=_("Number of themes"),
        required=False,
        min_value=2,
        max_value=MAX_THEMES,
        help_text=_("Leave empty to let the clustering choose."),
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        initial=0,
        help_text=_("The same contributions and seed give the same themes."),
    )


class RenameForm(forms.Form):
    label = forms.CharField(label=_("Name"), max_length=200)


class LabelsForm(forms.Form):
    """The theme's name in each language (the theme page; the board renames in one)."""

    label = MultilingualTextInputs(
        label=_("Name"),
        help_text=_("In Hungarian and Romanian, so everyone reads it in their language."),
    )


class DescribeForm(forms.Form):
    description = MultilingualTextInputs(
        label=_("What belongs in this theme"),
        required=False,
        textarea=True,
        help_text=_(
            "A sentence or two, in Hungarian, Romanian or both. The next clustering run starts "
            "a theme from it and keeps the theme even if no contribution joins it."
        ),
    )

    def clean_description(self):
        description = self.cleaned_data["description"]
        if any(len(text) > MAX_DESCRIPTION for text in description.values()):
            raise forms.ValidationError(
                _("A description can have at most %(limit)d characters.")
                % {"limit": MAX_DESCRIPTION}
            )
        return description


class ThemeCreateForm(LabelsForm, DescribeForm):
    field_order = ["label", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True


class _ContributionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class SelectionForm(forms.Form):
    """Some of the process's contributions, ticked in a list."""

    contributions = _ContributionChoice(
        label=_("Contributions"),
        queryset=Contribution.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one contribution.")},
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].queryset = Contribution.objects.filter(
            process=process, status__in=ACTIVE_STATUSES
        )


class SplitForm(SelectionForm):
    label = forms.CharField(label=_("Name of the new theme"), max_length=200, required=False)


class _ThemeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localize(obj.label)


class MoveForm(SelectionForm):
    theme = _ThemeChoice(label=_("Move to theme"), queryset=Theme.objects.none())

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, process=process, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(process=process).order_by(
            "position", "pk"
        )


class MergeForm(forms.Form):
    into = _ThemeChoice(label=_("Merge into"), queryset=Theme.objects.none())

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Theme.objects.filter(process_id=theme.process_id)
            .exclude(pk=theme.pk)
            .order_by("position", "pk")
        )


class ThemePromoteForm(PromoteForm):
    """The portfolio's promote form, offered with the theme's name and a summary drawn from
    its most representative contributions."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].help_text = _(
            "Proposed from the opening sentences of the most representative contributions, "
            "each in its own language: edit it before you save."
        )
