"""Forms of attendance and certificates: small, each with one clear message for bad input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.meetings.models import Registration
from cultiva.meetings.selectors.attendance import normalise_verification_code

MARKABLE = [
    (value, label)
    for value, label in Registration.Attendance.choices
    if value  # not "unknown"
]


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        choices=MARKABLE, error_messages={"invalid_choice": _("Choose present, absent or excused.")}
    )


class WalkInForm(forms.Form):
    person = forms.IntegerField(min_value=1)


class SelfCheckinForm(forms.Form):
    code = forms.CharField(
        label=_("Your personal code"),
        strip=True,
        help_text=_("6 letters and digits, from your registration e-mail or your meeting page."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "class": "code-input",
            }
        ),
        error_messages={"required": _("Type your personal code.")},
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("12 letters and digits, printed at the bottom of the certificate."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "spellcheck": "false", "class": "code-input"}
        ),
        error_messages={"required": _("Type the verification code.")},
    )

    def clean_code(self):
        code = normalise_verification_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A verification code has 12 letters and digits. Please check it."),
                code="malformed",
            )
        return code
