"""Form parts shared by every app."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from cultiva.core.collation import sorted_by_name
from cultiva.core.i18n import localize
from cultiva.core.models import Settlement, TaxonomyTerm


class TermChoiceField(forms.ModelMultipleChoiceField):
    """Taxonomy terms shown in the reader's language."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, vocabulary: str, **kwargs):
        super().__init__(
            queryset=TaxonomyTerm.objects.filter(vocabulary=vocabulary).order_by("position"),
            **kwargs,
        )

    def label_from_instance(self, obj):
        return localize(obj.name)


class SettlementChoiceIterator(ModelChoiceIterator):
    """Settlements in the alphabetical order of the reader's language (core.collation)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from (self.choice(obj) for obj in sorted_by_name(self.queryset, _settlement_name))


def _settlement_name(settlement: Settlement) -> str:
    return settlement.name


class SettlementPickerMixin:
    """The one settlement picker of every form: a select whose options are named in both
    languages (the reader's first), sorted in the reader's language, with a search box that
    static/cultiva/settlement-picker.js puts in front of it (the select alone without JS)."""

    template_name = "includes/settlement_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-settlement-picker"] = ""
        context["widget"]["attrs"]["data-search-label"] = _("Search settlements")
        return context


class SettlementSelect(SettlementPickerMixin, forms.Select):
    pass


class SettlementSelectMultiple(SettlementPickerMixin, forms.SelectMultiple):
    pass


class SettlementFieldMixin:
    iterator = SettlementChoiceIterator

    def label_from_instance(self, obj):
        return str(obj)


class SettlementField(SettlementFieldMixin, forms.ModelChoiceField):
    """One settlement."""

    widget = SettlementSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Settlement.objects.all())
        super().__init__(**kwargs)


class SettlementChoiceField(SettlementFieldMixin, forms.ModelMultipleChoiceField):
    """Several settlements."""

    widget = SettlementSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Settlement.objects.all())
        super().__init__(**kwargs)


class MultilingualWidget(forms.MultiWidget):
    """One visibly labelled input per language."""

    template_name = "includes/multilingual_widget.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        names = dict(settings.LANGUAGES)
        for code, subwidget in zip(
            self.widgets_names, context["widget"]["subwidgets"], strict=False
        ):
            subwidget["language_name"] = names[code.lstrip("_")]
        return context

    def decompress(self, value):
        value = value or {}
        return [value.get(code, "") for code in settings.CONTENT_LANGUAGES]


class MultilingualTextInputs(forms.MultiValueField):
    """One input per content language, stored as a {"hu": ..., "ro": ..., "en": ...} dict."""

    def __init__(self, *, required_languages: int = 1, textarea: bool = False, **kwargs):
        self.required_languages = required_languages
        widget_class = forms.Textarea if textarea else forms.TextInput
        fields = [
            forms.CharField(required=False, max_length=4000) for _code in settings.CONTENT_LANGUAGES
        ]
        widget = MultilingualWidget(
            widgets={
                code: widget_class(attrs={"lang": code}) for code in settings.CONTENT_LANGUAGES
            }
        )
        kwargs.setdefault(
            "error_messages", {"required": _("Fill in the text in at least one language.")}
        )
        super().__init__(fields=fields, widget=widget, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        values = dict(zip(settings.CONTENT_LANGUAGES, data_list or [], strict=False))
        return {code: text.strip() for code, text in values.items() if text and text.strip()}

    def clean(self, value):
        result = super().clean(value)
        if self.required and len(result or {}) < self.required_languages:
            raise forms.ValidationError(
                _("Fill in the text in at least one language."), code="required"
            )
        return result or {}


def add_service_errors(form: forms.Form, error) -> None:
    """Put a service's ValidationError onto the form: on its field when it names one that is
    shown (an error on a hidden field would not be seen: it goes to the top of the form)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            shown = name in form.fields and not form.fields[name].widget.is_hidden
            form.add_error(name if shown else None, messages)
    else:
        form.add_error(None, error.messages)


def error_text(error) -> str:
    """A service's ValidationError as one line, for a flash message."""
    return " ".join(str(m) for m in error.messages)


class ActivityFilterForm(forms.Form):
    """The activity log's filter: only the processes whose log the reader may see."""

    process = forms.ChoiceField(label=_("Process"), required=False)

    def __init__(self, *args, processes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].choices = [("", _("All processes"))] + [
            (process.slug, localize(process.title)) for process in processes.order_by("slug")
        ]
