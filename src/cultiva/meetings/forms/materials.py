from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cultiva.core.i18n import localize
from cultiva.core.models import TaxonomyTerm
from cultiva.meetings import uploads
from cultiva.meetings.models import Material, Meeting, Speaker


class TopicsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(
            queryset=TaxonomyTerm.objects.filter(vocabulary__in=["domain", "expertise"]).order_by(
                "vocabulary", "position", "slug"
            ),
            **kwargs,
        )

    def label_from_instance(self, obj):
        return localize(obj.name)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(
        label=_("Or a link"),
        required=False,
        assume_scheme="https",
        help_text=_("For example a video, a shared folder or a web page."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=[("", _("Choose a licence"))] + list(Material.Licence.choices),
        help_text=_("What others may do with it. Ask the author if you are not sure."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Material.Visibility.choices,
        initial=Material.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    topics = TopicsField(label=_("Topics"), required=False)
    speaker = forms.ModelChoiceField(
        label=_("Speaker"), queryset=Speaker.objects.none(), required=False, empty_label=_("None")
    )

    def __init__(self, *args, meeting: Meeting, user, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s; at most %(limit)s MB.") % {
            "types": uploads.allowed_types_text(),
            "limit": uploads.megabytes(settings.MATERIAL_MAX_BYTES),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(sorted(uploads.ALLOWED_EXTENSIONS))
        speakers = meeting.speakers.order_by("full_name", "id")
        self.fields["speaker"].queryset = speakers
        self.fields["speaker"].label_from_instance = str
        self.initial.setdefault("language", language)
        own = next((s for s in speakers if user.is_authenticated and s.person_id == user.pk), None)
        if own is not None:
            self.initial.setdefault("speaker", own.pk)

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file:
            uploads.check_upload(file, max_bytes=settings.MATERIAL_MAX_BYTES)
        return file

    def clean(self):
        data = super().clean()
        has_file = bool(data.get("file"))
        has_url = bool(data.get("url"))
        if "file" in self.errors:
            return data
        if has_file and has_url:
            raise forms.ValidationError(_("Upload a file or give a link, not both."))
        if not has_file and not has_url:
            raise forms.ValidationError(_("Upload a file or give a link."))
        return data
