from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.core.forms import MultilingualTextInputs
from cultiva.core.i18n import localize
from cultiva.meetings.models import FeedbackQuestion
from cultiva.meetings.services.feedback import MAX_TEXT_ANSWER

RATING_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class FeedbackQuestionForm(forms.Form):
    label = MultilingualTextInputs(label=_("Question"))
    kind = forms.ChoiceField(
        label=_("Kind of answer"),
        choices=FeedbackQuestion.Kind.choices,
        initial=FeedbackQuestion.Kind.RATING,
        widget=forms.RadioSelect,
    )
    is_required = forms.BooleanField(label=_("An answer is required"), required=False)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=999,
        initial=0,
        help_text=_("Questions are asked in this order, smallest first."),
    )


class FeedbackForm(forms.Form):
    """One field per question of the process: q_<id>."""

    def __init__(self, *args, questions: list[FeedbackQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            label = localize(question.label)
            if question.kind == FeedbackQuestion.Kind.RATING:
                self.fields[f"q_{question.pk}"] = forms.ChoiceField(
                    label=label,
                    choices=RATING_CHOICES,
                    required=question.is_required,
                    widget=forms.RadioSelect(attrs={"class": "rating"}),
                    help_text=_("1 = poor, 5 = excellent"),
                )
            else:
                self.fields[f"q_{question.pk}"] = forms.CharField(
                    label=label,
                    required=question.is_required,
                    max_length=MAX_TEXT_ANSWER,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )

    def answers(self) -> dict[int, str]:
        return {
            int(name[2:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_") and value not in (None, "")
        }
