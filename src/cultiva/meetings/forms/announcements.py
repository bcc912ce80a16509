"""Writing an announcement: who it is for, and its subject and message in up to three languages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import localize
from cultiva.meetings.models import Announcement, Meeting
from cultiva.meetings.services.announcements import BODY_MAX, SUBJECT_MAX
from cultiva.processes.models import ProcessRole

Audience = Announcement.Audience


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{localize(obj.title)} ({formats.date_format(obj.starts_at, 'SHORT_DATE_FORMAT')})"


class AnnouncementForm(forms.Form):
    audience = forms.ChoiceField(label=_("To"), choices=Audience.choices)
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", "—"), *ProcessRole.Role.choices],
        help_text=_("When writing to the people holding a role."),
    )
    meeting = MeetingChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("When writing to the people of a meeting."),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        self.fields["meeting"].queryset = Meeting.objects.filter(process=process).order_by(
            "-starts_at", "-id"
        )
        for code, name in settings.LANGUAGES:
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=SUBJECT_MAX,
                required=False,
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Message (%(language)s)") % {"language": name},
                max_length=BODY_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
            )

    def language_fields(self):
        """(language name, subject field, body field) for the template."""
        return [
            (name, self[f"subject_{code}"], self[f"body_{code}"])
            for code, name in settings.LANGUAGES
        ]

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if audience == Audience.ROLE and not cleaned.get("role"):
            self.add_error("role", _("Choose the role whose people you write to."))
        if audience in Announcement.MEETING_AUDIENCES and not cleaned.get("meeting"):
            self.add_error("meeting", _("Choose the meeting whose people you write to."))
        written = 0
        for code, _name in settings.LANGUAGES:
            subject = (cleaned.get(f"subject_{code}") or "").strip()
            body = (cleaned.get(f"body_{code}") or "").strip()
            if subject and not body:
                self.add_error(
                    f"body_{code}", _("Write the message too, or leave out the subject.")
                )
            elif body and not subject:
                self.add_error(f"subject_{code}", _("Give the message a subject."))
            elif subject and body:
                written += 1
        if not written and not self.errors:
            raise forms.ValidationError(
                _("Write the subject and the message in at least one language.")
            )
        return cleaned

    def texts(self) -> tuple[dict[str, str], dict[str, str]]:
        subject, body = {}, {}
        for code, _name in settings.LANGUAGES:
            if (self.cleaned_data.get(f"subject_{code}") or "").strip():
                subject[code] = self.cleaned_data[f"subject_{code}"].strip()
                body[code] = self.cleaned_data[f"body_{code}"].strip()
        return subject, body
