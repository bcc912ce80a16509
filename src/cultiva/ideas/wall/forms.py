"""Forms of the live wall: opening it, joining as a guest, and the no-JavaScript fallbacks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.ideas.models import Contribution
from cultiva.ideas.wall.services import MAX_DOTS, MAX_TIMER_MINUTES


class WallOpenForm(forms.Form):
    title = forms.CharField(
        label=_("Question on the wall"),
        max_length=200,
        help_text=_("What should the participants answer? It is shown above the cards."),
    )
    columns = forms.CharField(
        label=_("Columns"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One column title a line. New cards go to the first column."),
    )
    allow_guests = forms.BooleanField(
        label=_("Guests without an account may join with their name"), required=False
    )
    dots_per_person = forms.IntegerField(
        label=_("Dots per person"), min_value=0, max_value=MAX_DOTS, initial=3
    )

    def column_titles(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["columns"].splitlines() if line.strip()]


class GuestJoinForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("The institution, association or group you come from, if any."),
    )


class CardForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Contribution.Kind.choices, initial=Contribution.Kind.IDEA
    )
    text = forms.CharField(
        label=_("Your card"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    client_id = forms.CharField(max_length=64, widget=forms.HiddenInput)


class ColumnForm(forms.Form):
    title = forms.CharField(label=_("Column title"), max_length=100)


class TimerForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=0, max_value=MAX_TIMER_MINUTES, initial=5
    )
