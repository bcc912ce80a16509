"""Forms of a process's set-up: the process itself, its phases, and copying it."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.models import User
from cultiva.core.forms import MultilingualTextInputs, SettlementChoiceField
from cultiva.core.models import County, MicroRegion
from cultiva.processes.logos import check_logo
from cultiva.processes.models import Phase
from cultiva.processes.selectors import people_matching

DRAFT, PUBLISHED = "draft", "published"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProcessForm(forms.Form):
    title = MultilingualTextInputs(label=_("Title"))
    description = MultilingualTextInputs(label=_("Description"), textarea=True, required=False)
    slug = forms.SlugField(
        label=_("Short address"),
        max_length=60,
        help_text=_("Lower-case letters, numbers and hyphens: the process's address is /p/…/."),
        error_messages={
            "invalid": _(
                "Use only lower-case letters, numbers, hyphens and underscores in the address."
            )
        },
    )
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.all())
    micro_regions = forms.ModelMultipleChoiceField(
        label=_("Micro-regions"),
        queryset=MicroRegion.objects.select_related("county"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty when the process covers the whole county."),
    )
    # The shared searchable picker (sorted in the reader's language), not a long checkbox list.
    settlements = SettlementChoiceField(label=_("Settlements"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one of the offered languages.")},
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=[(DRAFT, _("Draft: only its people see it")), (PUBLISHED, _("Published"))],
        widget=forms.RadioSelect,
        initial=DRAFT,
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("A PNG, JPEG or WebP image of at most 1 MB."),
        # A plain file input: the stored logo is shown on the set-up page, served by the logo
        # view (the media folder itself is not served).
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if "logo" not in self.files:  # no new file: the stored logo stays as it is
            return None
        if logo:
            check_logo(logo)
        return logo

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must not be before the start date."))
        return cleaned

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data["is_published"] = data.pop("visibility") == PUBLISHED
        data["micro_regions"] = list(data["micro_regions"])
        data["settlements"] = list(data["settlements"])
        data.pop("coordinators", None)
        return data

    @classmethod
    def initial_from(cls, process) -> dict:
        return {
            "title": process.title,
            "description": process.description,
            "slug": process.slug,
            "county": process.county,
            "micro_regions": list(process.micro_regions.all()),
            "settlements": list(process.settlements.all()),
            "languages": list(process.languages),
            "visibility": PUBLISHED if process.is_published else DRAFT,
            "starts_on": process.starts_on,
            "ends_on": process.ends_on,
        }


class ProcessCreateForm(ProcessForm):
    coordinators = forms.CharField(
        label=_("Coordinators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One person per line: their e-mail address or their name, as found with the search "
            "above. They must already have an account."
        ),
    )
    field_order = ["coordinators"]
    remove_logo = None  # a new process has no logo to remove

    def __init__(self, *args, searcher, **kwargs):
        super().__init__(*args, **kwargs)
        self.searcher = searcher
        self.initial.setdefault("languages", list(settings.CONTENT_LANGUAGES))
        counties = list(County.objects.all()[:2])
        if len(counties) == 1:  # an installation for one county: no need to pick it
            self.initial.setdefault("county", counties[0].pk)

    def clean_coordinators(self) -> list[User]:
        people: list[User] = []
        problems: list[str] = []
        for line in self.cleaned_data.get("coordinators", "").splitlines():
            wanted = line.strip()
            if not wanted:
                continue
            found = people_matching(query=wanted, searcher=self.searcher, exact=True)
            if len(found) == 1:
                people.append(found[0])
            elif not found:
                problems.append(_("No one with an account matches “%(who)s”.") % {"who": wanted})
            else:
                problems.append(
                    _("Several people match “%(who)s”: give their e-mail address.")
                    % {"who": wanted}
                )
        if problems:
            raise ValidationError(problems)
        return list(dict.fromkeys(people))


class PhaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Phase.Kind.choices)
    title = MultilingualTextInputs(label=_("Title"))
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    accepts_contributions = forms.BooleanField(
        label=_("Participants submit contributions"), required=False
    )
    accepts_votes = forms.BooleanField(label=_("Participants vote and support"), required=False)
    accepts_comments = forms.BooleanField(
        label=_("Participants comment in the consultation"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must not be before the start date."))
        return cleaned

    @classmethod
    def initial_from(cls, phase: Phase) -> dict:
        return {name: getattr(phase, name) for name in cls.base_fields}


class ProcessCopyForm(forms.Form):
    title = MultilingualTextInputs(label=_("Title of the new process"))
    slug = ProcessForm.base_fields["slug"]
    starts_on = forms.DateField(
        label=_("The new process starts on"),
        widget=DateInput(),
        help_text=_("The phases move by as many days as the start date does."),
    )


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Find people by name or e-mail address"), max_length=200)
