from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.models import Organisation
from cultiva.core.forms import SettlementChoiceField, TermChoiceField
from cultiva.ideas.models import Contribution
from cultiva.meetings.models import Meeting


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you putting forward?"),
        choices=Contribution.Kind.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        min_length=5,
        help_text=_("One sentence that says what it is about."),
    )
    body = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea,
        min_length=20,
        max_length=10000,
        help_text=_("What is the idea, need or shortcoming, whom does it concern, and why now?"),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=settings.LANGUAGES)
    domains = TermChoiceField("domain", label=_("Cultural domains"))
    settlements = SettlementChoiceField(
        label=_("Settlements concerned"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
    )
    target_groups = TermChoiceField("target_group", label=_("Target groups"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself"),
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting where it was raised"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    resources_needed = forms.CharField(
        label=_("Resources needed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    time_horizon = forms.ChoiceField(
        label=_("Time horizon"),
        required=False,
        choices=[("", _("Not sure"))] + list(Contribution.TimeHorizon.choices),
    )

    def __init__(self, *args, user, process, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user=user
        ).order_by("id")
        self.fields["meeting"].queryset = Meeting.objects.filter(
            process=process, is_published=True
        ).order_by("starts_at")
        self.fields["organisation"].label_from_instance = str
        self.fields["meeting"].label_from_instance = str
        self.initial.setdefault("language", language)


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(choices=Contribution.Status.choices)
    reason = forms.CharField(required=False, max_length=500, label=_("Reason"))
