"""Forms of the organisation pages: register and edit, ask to join, merge."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.accounts.models import Organisation
from cultiva.accounts.organisations import cif_problem, organisation_by_registry_code
from cultiva.core.forms import SettlementField
from cultiva.core.models import TaxonomyTerm


class OrganisationForm(forms.Form):
    name_hu = forms.CharField(label=_("Name in Hungarian"), max_length=200, required=False)
    name_ro = forms.CharField(label=_("Name in Romanian"), max_length=200, required=False)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=Organisation.LegalForm.choices)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=TaxonomyTerm.objects.none())
    # The one settlement picker of every form (searchable, sorted in the reader's language).
    settlement = SettlementField(label=_("Settlement"))
    domains = forms.ModelMultipleChoiceField(
        label=_("Cultural domains"),
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    size_band = forms.ChoiceField(
        label=_("Size"),
        choices=[("", "—"), *Organisation.SizeBand.choices],
        required=False,
    )
    registry_code = forms.CharField(
        label=_("Tax code (CUI/CIF)"),
        max_length=20,
        required=False,
        help_text=_("The Romanian fiscal code, with or without “RO”. Informal groups leave it."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(
        label=_("Contact e-mail address of the organisation"),
        required=False,
        help_text=_(
            "The organisation's own address (office@…), not a person's. "
            "Shown only to signed-in people."
        ),
    )

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs):
        self.organisation = organisation
        self.duplicate: Organisation | None = None
        if organisation is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name_hu": (organisation.name or {}).get("hu", ""),
                "name_ro": (organisation.name or {}).get("ro", ""),
                "short_name": organisation.short_name,
                "legal_form": organisation.legal_form,
                "sector": organisation.sector_id,
                "settlement": organisation.settlement_id,
                "domains": list(organisation.domains.values_list("pk", flat=True)),
                "size_band": organisation.size_band,
                "registry_code": organisation.registry_code,
                "website": organisation.website,
                "email": organisation.email,
            }
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = TaxonomyTerm.objects.filter(vocabulary="sector").order_by(
            "position", "slug"
        )
        self.fields["domains"].queryset = TaxonomyTerm.objects.filter(vocabulary="domain").order_by(
            "position", "slug"
        )

    def clean_registry_code(self) -> str:
        code, problem = cif_problem(self.cleaned_data["registry_code"])
        if problem:
            raise forms.ValidationError(problem)
        existing = organisation_by_registry_code(
            code, exclude_pk=self.organisation.pk if self.organisation else None
        )
        if existing:
            self.duplicate = existing
            raise forms.ValidationError(
                _("An organisation with this tax code is already registered: %(name)s.")
                % {"name": existing}
            )
        return code

    def clean(self):
        cleaned = super().clean()
        names = [(cleaned.get(f"name_{code}") or "").strip() for code in ("hu", "ro")]
        if not any(names):
            self.add_error("name_hu", _("Give the name in Hungarian, in Romanian, or both."))
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        name = {code: data[f"name_{code}"].strip() for code in ("hu", "ro") if data[f"name_{code}"]}
        return {
            "name": name,
            "short_name": data["short_name"].strip(),
            "legal_form": data["legal_form"],
            "sector": data["sector"],
            "settlement": data["settlement"],
            "domains": list(data["domains"]),
            "size_band": data["size_band"],
            "registry_code": data["registry_code"],
            "website": data["website"],
            "email": data["email"],
        }


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the administrators (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label=_("Keep this organisation"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Members, contributions, projects and registrations of the duplicate move to it."
        ),
    )

    def __init__(self, *args, duplicate: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = (
            Organisation.objects.filter(merged_into__isnull=True)
            .exclude(pk=duplicate.pk)
            .select_related("settlement")
            .order_by("id")
        )
        self.fields["keep"].label_from_instance = lambda o: f"{o} ({o.settlement.name})"
