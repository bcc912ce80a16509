"""Forms of the opinion polls: the poll, statements, votes and the Pol.is import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.core.forms import MultilingualTextInputs
from cultiva.core.i18n import localize
from cultiva.synthesis.models import Conversation, OpinionVote
from cultiva.synthesis.services.opinion import POLIS_MAX_BYTES, STATEMENT_MAX_LENGTH


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{localize(obj.title)} ({obj.starts_at:%Y-%m-%d})"


class ConversationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the poll is about, shown above the statements."),
    )
    meeting = MeetingChoiceField(
        label=_("Meeting"),
        queryset=None,
        required=False,
        help_text=_("The workshop or conference session the poll is put to, if any."),
    )
    allow_statements = forms.BooleanField(
        label=_("Participants may add statements (a facilitator accepts them first)"),
        required=False,
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = process.meetings.order_by("-starts_at")


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Statement"),
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": STATEMENT_MAX_LENGTH}),
        help_text=_("One short sentence people can agree or disagree with."),
    )


class StatementTranslationForm(forms.Form):
    text = MultilingualTextInputs(
        label=_("Statement"),
        textarea=True,
        help_text=_(
            "The statement in each language; participants vote on it in the language they read."
        ),
    )


class ContributionChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.title


class FromContributionsForm(forms.Form):
    contributions = ContributionChoiceField(
        label=_("Contributions to put to the vote"), queryset=None
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].queryset = queryset


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(choices=OpinionVote.Value.choices, coerce=int)


def _check_size(upload):
    if upload.size > POLIS_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is too large: at most %(size)d MB can be imported at once.")
            % {"size": POLIS_MAX_BYTES // (1024 * 1024)}
        )
    return upload


class PolisImportForm(forms.Form):
    comments = forms.FileField(
        label=_("comments.csv"),
        help_text=_(
            "From Pol.is's data export: timestamp, datetime, comment-id, author-id, agrees, "
            "disagrees, moderated, comment-body."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    votes = forms.FileField(
        label=_("votes.csv"),
        help_text=_("timestamp, datetime, comment-id, voter-id, vote. At most 20 MB per file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("For a new poll; left empty, the file name is used."),
    )
    conversation = forms.ModelChoiceField(
        label=_("Add to an earlier import"),
        queryset=Conversation.objects.none(),
        required=False,
        empty_label=_("— a new poll —"),
        help_text=_(
            "Import a newer export of the same Pol.is conversation: what is already there is "
            "kept, new comments and votes are added."
        ),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conversation"].queryset = Conversation.objects.filter(
            process=process, source=Conversation.Source.POLIS
        ).order_by("-created_at")

    def clean_comments(self):
        return _check_size(self.cleaned_data["comments"])

    def clean_votes(self):
        return _check_size(self.cleaned_data["votes"])
