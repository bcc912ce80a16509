from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultiva.meetings.services.minutes import MAX_BODY_CHARS


class MinutesForm(forms.Form):
    body = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=MAX_BODY_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Markdown: # heading, **bold**, *italic*, - list item, [text](https://link). "
            "Every save is kept in the history."
        ),
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
