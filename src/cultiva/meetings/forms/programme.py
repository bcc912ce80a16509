from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cultiva.core.forms import MultilingualTextInputs, SettlementField
from cultiva.core.i18n import localize
from cultiva.core.models import TaxonomyTerm
from cultiva.meetings.models import AgendaItem, Meeting, RegistrationQuestion, Speaker

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def datetime_field(label, required=True):
    return forms.DateTimeField(
        label=label, required=required, widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )


class TermsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, vocabularies, **kwargs):
        super().__init__(
            queryset=TaxonomyTerm.objects.filter(vocabulary__in=vocabularies).order_by(
                "vocabulary", "position"
            ),
            **kwargs,
        )

    def label_from_instance(self, obj):
        return localize(obj.name)


class MeetingForm(forms.ModelForm):
    title = MultilingualTextInputs(label=_("Title"))
    description = MultilingualTextInputs(label=_("Description"), textarea=True, required=False)
    starts_at = datetime_field(_("Starts at"))
    ends_at = datetime_field(_("Ends at"))
    registration_opens_at = datetime_field(_("Registration opens"), required=False)
    registration_closes_at = datetime_field(_("Registration closes"), required=False)
    settlement = SettlementField(label=_("Settlement"), required=False)
    domains = TermsField(["expertise", "domain"], label=_("Topics"), required=False)
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers"),
        queryset=Speaker.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "format",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "venue",
            "settlement",
            "online_url",
            "capacity",
            "requires_registration",
            "registration_opens_at",
            "registration_closes_at",
            "waiting_list_enabled",
            "reminder_hours",
            "is_published",
            "domains",
            "speakers",
        ]

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["settlement"].label_from_instance = str
        # Only this process's speakers: another process's are not to be seen or chosen.
        self.fields["speakers"].queryset = Speaker.objects.filter(process=process).order_by(
            "full_name", "id"
        )

    def clean(self):
        """Check dates, place and capacity with the service's own rules, field by field."""
        from cultiva.meetings.services.meetings import meeting_problems

        cleaned = super().clean()
        probe = Meeting(pk=self.instance.pk, process_id=self.instance.process_id)
        for name, value in cleaned.items():
            if name in self._meta.fields and name not in ("domains", "speakers"):
                setattr(probe, name, value)
        for field, problems in meeting_problems(meeting=probe).items():
            for problem in problems:
                if field in self.fields and field not in self.errors:
                    self.add_error(field, problem)
        return cleaned


class AgendaItemForm(forms.ModelForm):
    title = MultilingualTextInputs(label=_("Title"))
    description = MultilingualTextInputs(label=_("Description"), textarea=True, required=False)
    starts_at = datetime_field(_("Starts at"))
    ends_at = datetime_field(_("Ends at"))
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers"),
        queryset=Speaker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AgendaItem
        fields = ["starts_at", "ends_at", "title", "description", "speakers"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speakers"].queryset = Speaker.objects.filter(
            process_id=meeting.process_id
        ).order_by("full_name", "id")
        if not self.is_bound:
            self.initial.setdefault("starts_at", meeting.starts_at)
            self.initial.setdefault("ends_at", meeting.ends_at)


class RegistrationQuestionForm(forms.ModelForm):
    label = MultilingualTextInputs(label=_("Question"))
    choices_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For single choice: one option per line, its languages separated by “|”, "
            "e.g. “vegetáriánus | vegetarian | vegetarian”."
        ),
    )

    class Meta:
        model = RegistrationQuestion
        fields = ["label", "kind", "is_required"]

    def clean(self):
        cleaned = super().clean()
        options = []
        for line in (cleaned.get("choices_text") or "").splitlines():
            parts = [part.strip() for part in line.split("|")]
            if any(parts):
                options.append(dict(zip(settings.CONTENT_LANGUAGES, parts, strict=False)))
        if cleaned.get("kind") == RegistrationQuestion.Kind.CHOICE and len(options) < 2:
            self.add_error(
                "choices_text", _("A single-choice question needs at least two options.")
            )
        if len(options) > 30:
            self.add_error("choices_text", _("Give at most 30 options."))
        cleaned["choices"] = (
            options if cleaned.get("kind") == RegistrationQuestion.Kind.CHOICE else []
        )
        return cleaned


class SpeakerForm(forms.ModelForm):
    biography = MultilingualTextInputs(label=_("Short biography"), textarea=True, required=False)
    expertise = TermsField(["expertise"], label=_("Expertise areas"), required=False)

    class Meta:
        model = Speaker
        fields = [
            "full_name",
            "organisation",
            "affiliation",
            "is_external",
            "email",
            "biography",
            "expertise",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].label_from_instance = str
        self.fields["email"].help_text = _("Not shown publicly.")
