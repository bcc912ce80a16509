"""Forms of proposals and partner searches; every refusal is a translated message."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.core.forms import MultilingualTextInputs, SettlementChoiceField, TermChoiceField
from cultiva.core.i18n import localize
from cultiva.core.models import TaxonomyTerm
from cultiva.ideas.models import Contribution
from cultiva.portfolio.forms import SEARCHABLE, OrganisationChoiceField
from cultiva.portfolio.models import PartnerInterest, Project

MAX_TEXT = 4000


class OriginChoiceField(forms.ModelMultipleChoiceField):
    """The contributions a proposal builds on: a select with a filter box."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={**SEARCHABLE, "size": 8}))
        super().__init__(queryset=Contribution.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        return f"#{obj.pk} {obj.title} ({obj.get_kind_display()})"


class ProposalForm(forms.Form):
    title = MultilingualTextInputs(
        label=_("Project title"),
        help_text=_("Hungarian, Romanian and English; at least one is required."),
    )
    summary = MultilingualTextInputs(label=_("Summary"), textarea=True, required=False)
    objectives = MultilingualTextInputs(label=_("Objectives"), textarea=True, required=False)
    lead_organisation = OrganisationChoiceField(
        label=_("Lead organisation"),
        help_text=_("The organisation that proposes and would carry the project: yours."),
        error_messages={
            "required": _("Choose your organisation."),
            "invalid_choice": _("Choose one of the organisations you belong to."),
        },
    )
    domains = TermChoiceField(
        "domain",
        label=_("Cultural domains"),
        required=False,
        error_messages={
            "invalid_choice": _("Choose domains from the list."),
            "invalid_pk_value": _("Choose domains from the list."),
        },
    )
    settlements = SettlementChoiceField(
        label=_("Settlements"),
        required=False,
        error_messages={
            "invalid_choice": _("Choose settlements from the list."),
            "invalid_pk_value": _("Choose settlements from the list."),
        },
    )
    origins = OriginChoiceField(
        label=_("Contributions it builds on"),
        required=False,
        help_text=_(
            "The ideas, needs and shortcomings of the process this project answers. "
            "Type to filter the list."
        ),
        error_messages={
            "invalid_choice": _("Choose published contributions of this process."),
            "invalid_pk_value": _("Choose published contributions of this process."),
        },
    )

    def __init__(self, *args, organisations, origins, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisations
        self.fields["origins"].queryset = origins

    @staticmethod
    def initial_of(project: Project) -> dict:
        return {
            "title": project.title,
            "summary": project.summary,
            "objectives": project.objectives,
            "lead_organisation": project.lead_organisation_id,
            "domains": [d.pk for d in project.domains.all()],
            "settlements": [s.pk for s in project.settlements.all()],
            "origins": [link.contribution_id for link in project.origin_links.all()],
        }


class ProposalStepForm(forms.Form):
    """A step of the proposal workflow: the choices are those open to this person."""

    source = forms.CharField(widget=forms.HiddenInput)
    target = forms.ChoiceField(
        label=_("Decision"),
        error_messages={
            "invalid_choice": _("This step is not possible for this proposal now."),
            "invalid_pk_value": _("This step is not possible for this proposal now."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you ask for changes or decline: the proposer reads it."),
    )

    def __init__(self, *args, project: Project, targets: list[str], **kwargs):
        kwargs.setdefault("initial", {"source": project.proposal_status})
        super().__init__(*args, **kwargs)
        labels = {
            Project.ProposalStatus.SUBMITTED: _("Submit for a decision"),
            Project.ProposalStatus.ACCEPTED: _("Accept into the portfolio"),
            Project.ProposalStatus.CHANGES_REQUESTED: _("Ask for changes"),
            Project.ProposalStatus.DECLINED: _("Decline"),
        }
        self.fields["target"].choices = [(t, labels.get(t, t)) for t in targets]


class SectorChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=TaxonomyTerm.objects.filter(vocabulary="sector").order_by("position"),
            **kwargs,
        )

    def label_from_instance(self, obj):
        return localize(obj.name)


class PartnerSearchForm(forms.Form):
    role = MultilingualTextInputs(
        label=_("Role wanted"),
        help_text=_("What the partner would do in the project, e.g. “venue and local audience”."),
        error_messages={"required": _("Say what the partner would do in the project.")},
    )
    sector = SectorChoiceField(
        label=_("Sector wanted"),
        required=False,
        empty_label=_("Any sector"),
        error_messages={
            "invalid_choice": _("Choose a sector from the list."),
            "invalid_pk_value": _("Choose a sector from the list."),
        },
    )
    domains = TermChoiceField(
        "domain",
        label=_("Cultural domains wanted"),
        required=False,
        error_messages={
            "invalid_choice": _("Choose domains from the list."),
            "invalid_pk_value": _("Choose domains from the list."),
        },
    )
    settlements = SettlementChoiceField(
        label=_("Settlements wanted"),
        required=False,
        error_messages={
            "invalid_choice": _("Choose settlements from the list."),
            "invalid_pk_value": _("Choose settlements from the list."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @staticmethod
    def initial_of(search) -> dict:
        if search is None:
            return {}
        return {
            "role": search.role,
            "sector": search.sector_id,
            "domains": [d.pk for d in search.domains.all()],
            "settlements": [s.pk for s in search.settlements.all()],
            "note": search.note,
        }


class InterestForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Your organisation"),
        error_messages={
            "required": _("Choose your organisation."),
            "invalid_choice": _("Choose one of the organisations you belong to."),
        },
    )
    message = forms.CharField(
        label=_("Message to the lead"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What your organisation would bring to the project."),
        error_messages={"required": _("Tell the lead what your organisation would bring.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class InterestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (PartnerInterest.Status.ACCEPTED, _("Accept as a partner")),
            (PartnerInterest.Status.DECLINED, _("Decline")),
        ],
        error_messages={
            "required": _("Choose whether you accept or decline."),
            "invalid_choice": _("Choose whether you accept or decline."),
        },
    )
    answer = forms.CharField(
        label=_("Answer"), required=False, max_length=MAX_TEXT, widget=forms.TextInput
    )
