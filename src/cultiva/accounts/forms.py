from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.models import User
from cultiva.accounts.notifications import KINDS

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
    reads_languages = forms.MultipleChoiceField(
        label=_("Other languages I read"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "When something is not written in your preferred language, Cultiva shows it in "
            "one of these, and sends you messages in them."
        ),
    )

    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
        labels = {"full_name": _("Display name")}
        help_texts = {
            "full_name": DISPLAY_NAME_HELP,
            "preferred_language": _("The language of the pages and of the e-mails you get."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = [("", "—"), *settings.LANGUAGES]
        if not self.is_bound:
            self.initial["reads_languages"] = list(self.instance.reads_languages or [])

    def clean_full_name(self) -> str:
        return self.cleaned_data["full_name"].strip()

    def clean(self):
        cleaned = super().clean()
        # The preferred language is read anyway: keep the list to the others, in site order.
        preferred = cleaned.get("preferred_language")
        chosen = set(cleaned.get("reads_languages") or [])
        cleaned["reads_languages"] = [
            code for code, _name in settings.LANGUAGES if code in chosen and code != preferred
        ]
        return cleaned


class NotificationPreferencesForm(forms.Form):
    """One tick per kind of notification e-mail (`accounts.notifications.KINDS`)."""

    def __init__(self, *args, current: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, spec in KINDS.items():
            self.fields[kind] = forms.BooleanField(
                label=spec.label,
                help_text=spec.help_text,
                required=False,
                initial=current.get(kind, spec.default),
            )

    def choices(self) -> dict[str, bool]:
        return {kind: bool(self.cleaned_data.get(kind)) for kind in KINDS}


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
