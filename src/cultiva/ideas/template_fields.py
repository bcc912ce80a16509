"""The process's extra contribution fields as form fields, and their values as JSON.

A plain module: it builds Django form fields from ExtraField definitions, turns the cleaned
values into JSON-safe values for Contribution.extra (dates as ISO strings, decimals as
strings, settlements and domains by id, choices by their canonical text) and back, and shows
stored values in the reader's language. No database access beyond the querysets passed in or
the small lookups a settlement or domain field needs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cultiva.core.forms import SettlementField
from cultiva.core.i18n import localize
from cultiva.core.models import Settlement, TaxonomyTerm

PREFIX = "extra__"
MONEY_MAX = Decimal("999999999999")


def field_name(key: str) -> str:
    """The form field name of an extra field."""
    return f"{PREFIX}{key}"


def choice_value(choice: Any) -> str:
    """The canonical text a choice is stored as: its first filled language."""
    if isinstance(choice, dict):
        for code in settings.CONTENT_LANGUAGES:
            if (choice.get(code) or "").strip():
                return choice[code].strip()
        return ""
    return str(choice or "").strip()


def choice_options(extra_field) -> list[tuple[str, str]]:
    options = []
    for choice in extra_field.choices or []:
        value = choice_value(choice)
        if value:
            label = localize(choice) if isinstance(choice, dict) else value
            options.append((value, label or value))
    return options


def parse_choices(text: str) -> list[dict[str, str]]:
    """Choices typed one per line as "hu | ro | en" (missing languages stay empty)."""
    choices = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        choice = {
            code: parts[index]
            for index, code in enumerate(settings.CONTENT_LANGUAGES)
            if index < len(parts) and parts[index]
        }
        if choice:
            choices.append(choice)
    return choices


def format_choices(choices: list) -> str:
    lines = []
    for choice in choices or []:
        if isinstance(choice, dict):
            lines.append(" | ".join(choice.get(code, "") for code in settings.CONTENT_LANGUAGES))
        else:
            lines.append(str(choice))
    return "\n".join(line.rstrip(" |") for line in lines)


class MoneyRangeWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        widgets = {
            "min": forms.NumberInput(
                attrs={"aria-label": _("from"), "min": "0", "step": "0.01", "inputmode": "decimal"}
            ),
            "max": forms.NumberInput(
                attrs={"aria-label": _("up to"), "min": "0", "step": "0.01", "inputmode": "decimal"}
            ),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, dict):
            return [value.get("min"), value.get("max")]
        return [None, None]


class MoneyRangeField(forms.MultiValueField):
    """Two amounts, from and up to, with from ≤ up to. Either may be left empty."""

    widget = MoneyRangeWidget

    def __init__(self, **kwargs):
        amount = {"min_value": 0, "max_value": MONEY_MAX, "max_digits": 14, "decimal_places": 2}
        fields = (forms.DecimalField(**amount), forms.DecimalField(**amount))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)
        for field in self.fields:
            field.required = False

    def compress(self, data_list):
        low, high = (list(data_list or []) + [None, None])[:2]
        if low is None and high is None:
            return None
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(
                _("The lower amount cannot be more than the upper amount."), code="range"
            )
        return {"min": low, "max": high}


class YesNoField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=forms.RadioSelect,
            **kwargs,
        )


def build_field(extra_field, language: str | None = None) -> forms.Field:
    """The form field for one ExtraField, labelled in the reader's language."""
    Kind = type(extra_field).Kind
    common = {
        "label": localize(extra_field.label, language) or extra_field.key,
        "help_text": localize(extra_field.help_text, language),
        "required": extra_field.is_required,
    }
    kind = extra_field.kind
    if kind == Kind.TEXT:
        return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind == Kind.NUMBER:
        return forms.DecimalField(
            max_digits=20,
            decimal_places=4,
            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            **common,
        )
    if kind == Kind.SINGLE_CHOICE:
        options = choice_options(extra_field)
        if not extra_field.is_required:
            options = [("", gettext("– not chosen –"))] + options
        return forms.ChoiceField(choices=options, **common)
    if kind == Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choice_options(extra_field), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Kind.SETTLEMENT:
        return SettlementField(empty_label=gettext("– not chosen –"), **common)
    if kind == Kind.DOMAIN:
        field = forms.ModelChoiceField(
            queryset=TaxonomyTerm.objects.filter(vocabulary="domain").order_by("position"),
            empty_label=gettext("– not chosen –"),
            **common,
        )
        field.label_from_instance = lambda term: localize(term.name, language)
        return field
    if kind == Kind.MONEY_RANGE:
        return MoneyRangeField(**common)
    if kind == Kind.YES_NO:
        return YesNoField(**common)
    if kind == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    raise ValueError(f"Unknown extra field kind: {kind}")


def _decimal_text(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text


def serialise(extra_field, value: Any) -> Any:
    """A cleaned form value as a JSON-safe value (None when empty)."""
    if value in (None, "", [], {}):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, dict):  # a money range
        return {"min": _decimal_text(value.get("min")), "max": _decimal_text(value.get("max"))}
    if hasattr(value, "pk"):  # a settlement or a domain
        return value.pk
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return value


def serialise_all(extra_fields, cleaned_data: dict) -> dict[str, Any]:
    values = {}
    for extra_field in extra_fields:
        value = serialise(extra_field, cleaned_data.get(field_name(extra_field.key)))
        if value is not None:
            values[extra_field.key] = value
    return values


def initial_value(extra_field, stored: Any) -> Any:
    """A stored value as the form field's initial value."""
    Kind = type(extra_field).Kind
    if stored is None:
        return None
    if extra_field.kind == Kind.YES_NO:
        return "yes" if stored else "no"
    return stored


def initial_values(extra_fields, extra: dict) -> dict[str, Any]:
    extra = extra or {}
    return {
        field_name(f.key): initial_value(f, extra.get(f.key))
        for f in extra_fields
        if f.key in extra
    }


def _amount(text: Any) -> str:
    try:
        return number_format(Decimal(str(text)), force_grouping=True)
    except (InvalidOperation, ValueError):
        return str(text)


def display_value(extra_field, stored: Any, *, names: dict | None = None, language=None) -> str:
    """A stored value as text in the reader's language. `names` maps (kind, id) to a name."""
    Kind = type(extra_field).Kind
    names = names or {}
    if stored in (None, "", [], {}):
        return ""
    kind = extra_field.kind
    if kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
        labels = dict(choice_options(extra_field))
        values = stored if isinstance(stored, list) else [stored]
        return ", ".join(labels.get(str(value), str(value)) for value in values)
    if kind == Kind.YES_NO:
        return str(_("Yes")) if stored else str(_("No"))
    if kind == Kind.DATE:
        try:
            return date_format(dt.date.fromisoformat(str(stored)), "DATE_FORMAT")
        except ValueError:
            return str(stored)
    if kind == Kind.NUMBER:
        return _amount(stored)
    if kind == Kind.MONEY_RANGE and isinstance(stored, dict):
        low, high = stored.get("min"), stored.get("max")
        if low is not None and high is not None:
            return f"{_amount(low)} – {_amount(high)}"
        if low is not None:
            return gettext("from %(amount)s") % {"amount": _amount(low)}
        return gettext("up to %(amount)s") % {"amount": _amount(high)}
    if kind in (Kind.SETTLEMENT, Kind.DOMAIN):
        return names.get((kind, stored), str(stored))
    return str(stored)


def labelled_values(extra_fields, extra: dict, language: str | None = None) -> list[dict]:
    """[{"label", "value"}] for the filled extra fields, in template order (two queries max)."""
    extra = extra or {}
    extra_fields = [f for f in extra_fields if extra.get(f.key) not in (None, "", [], {})]
    Kind = type(extra_fields[0]).Kind if extra_fields else None
    names: dict = {}
    if extra_fields:
        settlement_ids = [
            extra[f.key] for f in extra_fields if f.kind == Kind.SETTLEMENT and _is_id(extra[f.key])
        ]
        domain_ids = [
            extra[f.key] for f in extra_fields if f.kind == Kind.DOMAIN and _is_id(extra[f.key])
        ]
        if settlement_ids:
            for settlement in Settlement.objects.filter(pk__in=settlement_ids):
                names[(Kind.SETTLEMENT, settlement.pk)] = str(settlement)
        if domain_ids:
            for term in TaxonomyTerm.objects.filter(pk__in=domain_ids):
                names[(Kind.DOMAIN, term.pk)] = localize(term.name, language)
    return [
        {
            "key": f.key,
            "label": localize(f.label, language) or f.key,
            "value": display_value(f, extra[f.key], names=names, language=language),
        }
        for f in extra_fields
    ]


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
