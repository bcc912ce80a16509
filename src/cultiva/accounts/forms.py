from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.models import User

DISPLAY_NAME_HELP = _(
    "How others see you next to what you contribute, e.g. your full name. "
    "Your e-mail address is never shown to them. Leave it empty to appear as “participant”."
)


class SignupForm(forms.Form):
    """Extra fields of allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = forms.CharField(
        label=_("Display name"), max_length=150, required=False, help_text=DISPLAY_NAME_HELP
    )

    def signup(self, request, user) -> None:
        user.full_name = self.cleaned_data.get("full_name", "").strip()
        user.save(update_fields=["full_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
        labels = {"full_name": _("Display name")}
        help_texts = {"full_name": DISPLAY_NAME_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = [("", "—"), *settings.LANGUAGES]

    def clean_full_name(self) -> str:
        return self.cleaned_data["full_name"].strip()


class PasswordConfirmForm(forms.Form):
    """Deleting one's own account: the password again, and a tick that they mean it."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my personal data will be erased and I cannot log in again.")
    )

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.person.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class ErasureRequestForm(forms.Form):
    """A coordinator erases, on request, the data of someone taking part in their process."""

    email = forms.EmailField(label=_("The person's e-mail address"))
    reason = forms.CharField(
        label=_("Request"),
        max_length=500,
        help_text=_("When and how the person asked (kept in the activity log)."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm that this person asked for their personal data to be erased.")
    )
