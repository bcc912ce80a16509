from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.models import Organisation, User
from cultiva.core.forms import (
    MultilingualTextInputs,
    SettlementChoiceField,
    SettlementSelectMultiple,
    TermChoiceField,
)
from cultiva.ideas import template_fields
from cultiva.ideas.models import Contribution, ExtraField
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
        widget=SettlementSelectMultiple(attrs={"size": 8}),
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
    partners = forms.CharField(
        label=_("Partners"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
        help_text=_("Organisations or people you would work with."),
    )
    resources_needed = forms.CharField(
        label=_("Resources needed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    resources_amount_min = forms.DecimalField(
        label=_("Amount needed, from (lei)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    resources_amount_max = forms.DecimalField(
        label=_("Amount needed, up to (lei)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    time_horizon = forms.ChoiceField(
        label=_("Time horizon"),
        required=False,
        choices=[("", _("Not sure"))] + list(Contribution.TimeHorizon.choices),
    )

    def __init__(self, *args, user, process, language: str, extra_fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = self.organisation_queryset(user)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            process=process, is_published=True
        ).order_by("starts_at")
        self.fields["organisation"].label_from_instance = str
        self.fields["meeting"].label_from_instance = str
        self.initial.setdefault("language", language)
        if extra_fields is None:
            extra_fields = list(
                ExtraField.objects.filter(process=process).order_by("position", "id")
            )
        self.extra_fields = extra_fields
        for extra_field in extra_fields:
            self.fields[template_fields.field_name(extra_field.key)] = template_fields.build_field(
                extra_field, language
            )

    def organisation_queryset(self, user):
        return Organisation.objects.filter(memberships__user=user).order_by("id")

    def clean(self):
        data = super().clean()
        low, high = data.get("resources_amount_min"), data.get("resources_amount_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "resources_amount_max",
                _("The upper amount cannot be less than the lower amount."),
            )
        return data

    def extra_values(self) -> dict:
        """The extra fields' cleaned values, JSON-safe, keyed by field key."""
        return template_fields.serialise_all(self.extra_fields, self.cleaned_data)

    def base_fields_list(self):
        names = {template_fields.field_name(f.key) for f in self.extra_fields}
        return [field for field in self.visible_fields() if field.name not in names]

    def extra_fields_list(self):
        names = {template_fields.field_name(f.key) for f in self.extra_fields}
        return [field for field in self.visible_fields() if field.name in names]


class PaperEntryForm(ContributionForm):
    """A facilitator types in a paper form: any organisation, optionally a named person."""

    source = forms.ChoiceField(
        label=_("Where was it collected?"),
        choices=[
            (Contribution.Source.PAPER, Contribution.Source.PAPER.label),
            (Contribution.Source.MEETING, Contribution.Source.MEETING.label),
        ],
        widget=forms.RadioSelect,
        initial=Contribution.Source.PAPER,
    )
    person_email = forms.EmailField(
        label=_("Proposer's e-mail address"),
        required=False,
        help_text=_("If the proposer has an account. Otherwise you are recorded as the author."),
    )
    field_order = ["source", "organisation", "person_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].empty_label = _("No organisation")
        self.order_fields(self.field_order)

    def organisation_queryset(self, user):
        return Organisation.objects.order_by("id")

    def clean_person_email(self):
        email = (self.cleaned_data.get("person_email") or "").strip()
        if not email:
            return None
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        return person


class ExtraFieldForm(forms.Form):
    label = MultilingualTextInputs(label=_("Label"), required=True)
    help_text = MultilingualTextInputs(label=_("Help text"), required=False)
    key = forms.SlugField(
        label=_("Key"),
        max_length=40,
        required=False,
        help_text=_("Short name used in exports and imports (letters, digits, hyphens)."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=ExtraField.Kind.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        help_text=_("For choice fields: one per line, as “Hungarian | Romanian | English”."),
    )
    is_required = forms.BooleanField(label=_("Required"), required=False)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        choices = template_fields.parse_choices(data.get("choices", ""))
        choice_kinds = (ExtraField.Kind.SINGLE_CHOICE, ExtraField.Kind.MULTIPLE_CHOICE)
        if kind in choice_kinds and not choices:
            self.add_error("choices", _("Give at least one choice, one per line."))
        data["choices"] = choices if kind in choice_kinds else []
        return data


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(choices=Contribution.Status.choices)
    reason = forms.CharField(required=False, max_length=500, label=_("Reason"))


class ContributionTranslationForm(forms.Form):
    """A contribution's title and text in another language (the original stays as written)."""

    language = forms.ChoiceField(label=_("Language of the translation"))
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Description"), widget=forms.Textarea, max_length=10000)

    def __init__(self, *args, original_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, name) for code, name in settings.LANGUAGES if code != original_language
        ]
