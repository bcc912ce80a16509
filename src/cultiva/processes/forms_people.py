"""Forms of the people of a process: roles, invitations, accepting one."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.forms import DISPLAY_NAME_HELP
from cultiva.accounts.models import User
from cultiva.processes.models import ProcessRole


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find people by name or e-mail address"), max_length=100, required=False
    )


class RoleChangeForm(forms.Form):
    ADD, REMOVE = "add", "remove"

    action = forms.ChoiceField(choices=[(ADD, _("give")), (REMOVE, _("take away"))])
    role = forms.ChoiceField(label=_("Role"), choices=ProcessRole.Role.choices)


def _language_choices():
    return list(settings.LANGUAGES)


def _current_language() -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = (get_language() or "")[:2]
    return language if language in codes else settings.LANGUAGE_CODE


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Only to recognise the invitation in the list; the person chooses their own."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ProcessRole.Role.choices)
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=_language_choices,
        help_text=_("The invitation is written in this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = _current_language()
        self.fields["role"].initial = ProcessRole.Role.MEMBER


class NewAccountForm(forms.Form):
    """The invitee's new account: the address is the invitation's, fixed."""

    full_name = forms.CharField(
        label=_("Display name"), max_length=150, required=False, help_text=DISPLAY_NAME_HELP
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=_language_choices)

    def __init__(self, *args, email: str, language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["preferred_language"].initial = language or _current_language()

    def clean_full_name(self) -> str:
        return self.cleaned_data["full_name"].strip()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            try:
                validate_password(
                    first, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
