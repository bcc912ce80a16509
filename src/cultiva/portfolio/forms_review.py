"""The expert review's forms. Each refuses bad input with a translated message."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.core.forms import MultilingualTextInputs, TermChoiceField
from cultiva.core.i18n import localize
from cultiva.portfolio.eligibility import CATALOGUE
from cultiva.portfolio.models import ConflictDeclaration, Criterion, Review, ReviewRound


class RoundForm(forms.Form):
    title = MultilingualTextInputs(
        label=_("Title of the round"),
        help_text=_("Hungarian, Romanian and English; at least one is required."),
    )
    instructions = MultilingualTextInputs(
        label=_("Instructions for reviewers"), textarea=True, required=False
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        error_messages={"invalid": _("Give the deadline as a date and time.")},
    )
    reviewers_per_project = forms.IntegerField(
        label=_("Reviewers per project"),
        min_value=1,
        max_value=20,
        initial=2,
        error_messages={
            "min_value": _("At least one reviewer per project."),
            "max_value": _("At most 20 reviewers per project."),
            "invalid": _("Give a whole number."),
            "required": _("Give the number of reviewers per project."),
        },
    )
    reviewers_see_others = forms.BooleanField(
        label=_("Reviewers see each other's scores (otherwise the review is blind)"),
        required=False,
    )
    eligibility_checks = forms.MultipleChoiceField(
        label=_("Eligibility pre-checks"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(key, check.label) for key, check in CATALOGUE.items()],
        error_messages={"invalid_choice": _("Choose checks from the list.")},
    )

    def __init__(self, *args, round: ReviewRound | None = None, **kwargs):
        if round is not None and not (args and args[0] is not None):
            kwargs.setdefault(
                "initial",
                {
                    "title": round.title,
                    "instructions": round.instructions,
                    "deadline": round.deadline,
                    "reviewers_per_project": round.reviewers_per_project,
                    "reviewers_see_others": round.reviewers_see_others,
                    "eligibility_checks": round.eligibility_checks,
                },
            )
        super().__init__(*args, **kwargs)
        if round is not None and round.status != ReviewRound.Status.DRAFT:
            self.fields["eligibility_checks"].disabled = True


class CriterionForm(forms.Form):
    name = MultilingualTextInputs(label=_("Criterion"))
    guidance = MultilingualTextInputs(
        label=_("Guidance for reviewers"), textarea=True, required=False
    )
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=0,
        max_value=1000,
        max_digits=6,
        decimal_places=3,
        initial=Decimal("1"),
        error_messages={
            "invalid": _("Give the weight as a number."),
            "min_value": _("The weight cannot be negative."),
            "max_value": _("The weight can be at most 1000."),
            "required": _("Give the criterion's weight."),
        },
    )
    scale_min = forms.IntegerField(
        label=_("Lowest score"),
        initial=1,
        min_value=-100,
        max_value=100,
        error_messages={
            "invalid": _("Give a whole number."),
            "required": _("Give the lowest score."),
        },
    )
    scale_max = forms.IntegerField(
        label=_("Highest score"),
        initial=5,
        min_value=-100,
        max_value=100,
        error_messages={
            "invalid": _("Give a whole number."),
            "required": _("Give the highest score."),
        },
    )
    reason_required = forms.BooleanField(label=_("A written reason is required"), required=False)

    def __init__(self, *args, criterion: Criterion | None = None, **kwargs):
        if criterion is not None and not (args and args[0] is not None):
            kwargs.setdefault(
                "initial",
                {
                    "name": criterion.name,
                    "guidance": criterion.guidance,
                    "weight": criterion.weight,
                    "scale_min": criterion.scale_min,
                    "scale_max": criterion.scale_max,
                    "reason_required": criterion.reason_required,
                },
            )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("The highest score must be above the lowest."))
        return data


class EntriesForm(forms.Form):
    ALL, CHOSEN = "all", "chosen"
    mode = forms.ChoiceField(
        label=_("Which projects enter the round"),
        widget=forms.RadioSelect,
        choices=[
            (ALL, _("Every portfolio project that passes the pre-checks")),
            (CHOSEN, _("Only the projects chosen below")),
        ],
        initial=ALL,
        error_messages={"required": _("Choose which projects enter.")},
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose projects of this portfolio.")},
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects
        self.fields["projects"].label_from_instance = str

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.CHOSEN and not data.get("projects"):
            self.add_error("projects", _("Choose at least one project."))
        return data


class ManualAssignForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=None,
        error_messages={
            "required": _("Choose a project."),
            "invalid_choice": _("Choose one of the round's projects."),
        },
    )
    reviewer = forms.ModelChoiceField(
        label=_("Expert"),
        queryset=None,
        error_messages={
            "required": _("Choose an expert."),
            "invalid_choice": _("Choose one of the process's experts."),
        },
    )

    def __init__(self, *args, projects, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = str
        self.fields["reviewer"].queryset = experts
        self.fields["reviewer"].label_from_instance = lambda user: user.public_name


class DeclarationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Do you have a conflict of interest with this project?"),
        widget=forms.RadioSelect,
        choices=ConflictDeclaration.Kind.choices,
        error_messages={
            "required": _("Choose one of the answers."),
            "invalid_choice": _("Choose one of the listed answers."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a conflict: what the link is. Seen by the coordinators only."),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == ConflictDeclaration.Kind.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Describe the conflict of interest in the note."))
        return data


class ScoreForm(forms.Form):
    """One score (radio buttons over the criterion's scale) and reason per criterion, the
    recommendation and the comment. Missing scores and reasons are allowed in a draft: the
    service refuses them on submission."""

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        required=False,
        widget=forms.RadioSelect,
        choices=Review.Recommendation.choices,
        error_messages={"invalid_choice": _("Choose fund, maybe or do not fund.")},
    )
    comment = forms.CharField(
        label=_("Comment to the project's team"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria, scores=None, review=None, **kwargs):
        scores = scores or {}
        initial = {}
        if review is not None:
            initial = {"recommendation": review.recommendation, "comment": review.comment}
        for pk, score in scores.items():
            initial[f"score_{pk}"] = score.value
            initial[f"reason_{pk}"] = score.reason
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for criterion in self.criteria:
            name = localize(criterion.name)
            out_of_scale = _("The score for “%(name)s” must be between %(low)s and %(high)s.") % {
                "name": name,
                "low": criterion.scale_min,
                "high": criterion.scale_max,
            }
            fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=name,
                required=False,
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                choices=[(v, str(v)) for v in range(criterion.scale_min, criterion.scale_max + 1)],
                help_text=localize(criterion.guidance),
                error_messages={"invalid_choice": out_of_scale},
            )
            fields[f"reason_{criterion.pk}"] = forms.CharField(
                label=_("Reason (required)") if criterion.reason_required else _("Reason"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields = {**fields, **self.fields}
        self.order_fields(list(fields) + ["recommendation", "comment"])

    def criterion_rows(self):
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"reason_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data.get(f"score_{c.pk}"), data.get(f"reason_{c.pk}") or "")
            for c in self.criteria
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the review reopened?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the review is reopened.")},
    )


class ExpertiseForm(forms.Form):
    domains = TermChoiceField(
        "domain",
        label=_("Cultural domains I can judge"),
        required=False,
        error_messages={"invalid_choice": _("Choose domains from the list.")},
    )
    note = forms.CharField(label=_("Other expertise"), required=False, max_length=300)
