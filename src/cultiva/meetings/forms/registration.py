"""Forms for registering, registering colleagues and inviting people to a meeting."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.models import Organisation, User
from cultiva.core.i18n import localize
from cultiva.meetings.models import RegistrationQuestion
from cultiva.meetings.services.registration import (
    MAX_INVITATIONS,
    TEXT_ANSWER_MAX,
    answer_field_name,
    parse_email_list,
)


class RegistrationForm(forms.Form):
    """Registering oneself: the organisation one comes from and the meeting's questions."""

    organisation = forms.ModelChoiceField(
        label=_("I come on behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself only"),
    )

    def __init__(self, *args, questions, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        organisation_ids = [m.organisation_id for m in memberships]
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=organisation_ids).order_by("id")
        field.label_from_instance = str
        if not organisation_ids:
            del self.fields["organisation"]
        elif len(organisation_ids) == 1:
            self.initial.setdefault("organisation", organisation_ids[0])
        for question in self.questions:
            self.fields[answer_field_name(question)] = self._question_field(question)

    @staticmethod
    def _question_field(question: RegistrationQuestion) -> forms.Field:
        label = localize(question.label)
        required = question.is_required
        if question.kind == RegistrationQuestion.Kind.CHOICE:
            return forms.ChoiceField(
                label=label,
                required=required,
                choices=[(str(i), localize(c)) for i, c in enumerate(question.choices or [])],
                widget=forms.RadioSelect,
            )
        if question.kind == RegistrationQuestion.Kind.YES_NO:
            return forms.ChoiceField(
                label=label,
                required=required,
                choices=[("yes", _("Yes")), ("no", _("No"))],
                widget=forms.RadioSelect,
            )
        return forms.CharField(
            label=label,
            required=required,
            max_length=TEXT_ANSWER_MAX,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def answers(self) -> dict[str, str]:
        """The answers keyed by question id, as the service expects them."""
        return {
            str(q.pk): self.cleaned_data.get(answer_field_name(q)) or "" for q in self.questions
        }


class PersonChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        # Colleagues see each other's names, never the address (a hint tells unnamed apart).
        return obj.public_name if obj.full_name else f"{obj.public_name} ({obj.masked_email})"


class ColleaguesForm(forms.Form):
    people = PersonChoiceField(
        label=_("Colleagues to register"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose at least one colleague.")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        free = [m.user_id for m in members if m.registration_status in (None, "", "cancelled")]
        self.fields["people"].queryset = User.objects.filter(pk__in=free).order_by(
            "full_name", "email"
        )


class OrganisationChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return str(obj)


class InvitationForm(forms.Form):
    organisations = OrganisationChoiceField(
        label=_("Invite all members of these organisations"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    emails = forms.CharField(
        label=_("Invite these e-mail addresses"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emails"].help_text = gettext(
            "Separate addresses with commas or new lines; at most %(limit)s at once."
        ) % {"limit": MAX_INVITATIONS}
        self.fields["organisations"].queryset = (
            Organisation.objects.filter(memberships__isnull=False).distinct().order_by("id")
        )

    def clean_emails(self) -> list[str]:
        valid, invalid = parse_email_list(self.cleaned_data.get("emails") or "")
        if invalid:
            raise forms.ValidationError(
                _("These are not valid e-mail addresses: %(addresses)s"),
                params={"addresses": ", ".join(invalid[:20])},
                code="invalid",
            )
        if len(valid) > MAX_INVITATIONS:
            raise forms.ValidationError(
                _("At most %(limit)s addresses at once; you gave %(count)s."),
                params={"limit": MAX_INVITATIONS, "count": len(valid)},
                code="too_many",
            )
        return valid

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("organisations") and not data.get("emails"):
            raise forms.ValidationError(
                _("Choose organisations or type e-mail addresses."), code="empty"
            )
        return data
